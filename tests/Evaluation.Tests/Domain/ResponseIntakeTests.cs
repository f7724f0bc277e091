using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Domain;

/// <summary>The questionnaire's final submit (Responses.SubmitAsync): a new response is taken in one statement, and
/// every other case still gets its own answer with nothing half-written.</summary>
public class ResponseIntakeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly AnswerRow[] Answers = [new("q1", 4, null)];
    private static readonly TextRow[] Texts = [new("q2", "建议增加车位")];

    private async Task<(long Questionnaire, long Version, IReadOnlyDictionary<string, long> Items)> QuestionnaireAsync()
    {
        var questionnaire = await db.PublishedQuestionnaireAsync(QuestionnaireData.OnePage());
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<long>("select current_version_id from questionnaire where id = @questionnaire", new { questionnaire });
        var items = (await conn.QueryAsync<(string Key, long Id)>("select key, id from question_item where version_id = @version", new { version }))
            .ToDictionary(i => i.Key, i => i.Id);
        return (questionnaire, version, items);
    }

    private async Task<Draft> DraftAsync(long questionnaire, long version, Respondent? respondent = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var code = await conn.CreateAsync(null, questionnaire, version, respondent ?? new Respondent("citizen", "chuan"));
        return (await conn.FindDraftAsync(questionnaire, code))!;
    }

    private async Task<(int Responses, int Answers, int Texts, int Drafts, long Changes)> StateAsync(long questionnaire)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(int, int, int, int, long)>(
            """
            select (select count(*)::int from response where questionnaire_id = @questionnaire),
                   (select count(*)::int from answer a join response r on r.id = a.response_id where r.questionnaire_id = @questionnaire),
                   (select count(*)::int from answer_text t join response r on r.id = t.response_id where r.questionnaire_id = @questionnaire),
                   (select count(*)::int from response_draft where questionnaire_id = @questionnaire),
                   (select coalesce(sum(t.changes), 0)::bigint from consultation_tally t join questionnaire q on q.consultation_id = t.consultation_id
                    where q.id = @questionnaire)
            """, new { questionnaire });
    }

    [Fact]
    public async Task A_new_response_is_stored_with_its_answers_and_counted_and_its_draft_is_gone()
    {
        var (questionnaire, version, items) = await QuestionnaireAsync();
        var draft = await DraftAsync(questionnaire, version);

        var accepted = Assert.IsType<ResponseResult.Accepted>(await db.DataSource.SubmitAsync(draft, Answers, Texts, db.Now, items));

        Assert.Equal((1, 1, 1, 0, 1L), await StateAsync(questionnaire));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var stored = await conn.QuerySingleAsync<(string Receipt, short Code, string Text)>(
            """
            select r.receipt_number, a.code, t.text from response r join answer a on a.response_id = r.id join answer_text t on t.response_id = r.id
            where r.id = @ResponseId
            """, accepted);
        Assert.Equal((accepted.ReceiptNumber, (short)4, "建议增加车位"), stored);
    }

    [Fact]
    public async Task A_closed_questionnaire_refuses_and_keeps_the_draft()
    {
        var (questionnaire, version, items) = await QuestionnaireAsync();
        var draft = await DraftAsync(questionnaire, version);
        await db.DataSource.ExecuteAsync("update questionnaire set state = 'closed' where id = @questionnaire", new { questionnaire });

        Assert.IsType<ResponseResult.NotOpen>(await db.DataSource.SubmitAsync(draft, Answers, Texts, db.Now, items));
        Assert.Equal((0, 0, 0, 1, 0L), await StateAsync(questionnaire));
    }

    [Fact]
    public async Task An_enterprise_that_answered_is_refused_on_its_second_draft_with_nothing_written()
    {
        var (questionnaire, version, items) = await QuestionnaireAsync();
        var enterprise = new Respondent("enterprise", "chuan", "914403001922038216", "某某公司", "manufacturing", "small");
        var first = await DraftAsync(questionnaire, version, enterprise);
        var second = await DraftAsync(questionnaire, version, enterprise);

        Assert.IsType<ResponseResult.Accepted>(await db.DataSource.SubmitAsync(first, Answers, Texts, db.Now, items));
        Assert.IsType<ResponseResult.EnterpriseAlreadyAnswered>(await db.DataSource.SubmitAsync(second, Answers, Texts, db.Now, items));
        Assert.Equal((1, 1, 1, 1, 1L), await StateAsync(questionnaire));
    }

    [Fact]
    public async Task One_draft_submitted_many_times_at_once_makes_one_response()
    {
        var (questionnaire, version, items) = await QuestionnaireAsync();
        var draft = await DraftAsync(questionnaire, version);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => db.DataSource.SubmitAsync(draft, Answers, Texts, db.Now, items))));

        Assert.Single(results.OfType<ResponseResult.Accepted>());
        Assert.All(results.Where(r => r is not ResponseResult.Accepted), r => Assert.IsType<ResponseResult.DraftGone>(r));
        Assert.Equal((1, 1, 1, 0, 1L), await StateAsync(questionnaire));
    }
}
