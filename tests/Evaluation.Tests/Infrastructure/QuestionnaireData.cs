using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Questionnaires;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

public static class QuestionnaireData
{
    public static Option[] Options(params string[] labels) => labels.Select((l, i) => new Option(i + 1, l)).ToArray();

    /// <summary>
    /// Two pages: q1 asks whether one took part; q2 (channels, multiple choice with "other") shows when q1 = 1, q3
    /// (text) when q2 contains 3; page two holds a Likert item tagged legality and a number.
    /// </summary>
    public static Definition Conditional() => new(
    [
        new Section("s1", "基本情况", null, null,
        [
            new Question("q1", QuestionTypes.Single, "您是否参与过意见征集？", Required: true, Options: Options("参与过", "没有参与过")),
            new Question("q2", QuestionTypes.Multiple, "您通过哪些渠道提交过意见？", Required: true, ShowIf: new Condition("q1", "equals", "1"),
                Options: Options("信函", "传真", "网上提交"), AllowOther: true, MaxChoices: 2),
            new Question("q3", QuestionTypes.LongText, "网上提交有什么不便？", ShowIf: new Condition("q2", "contains", "3")),
        ]),
        new Section("s2", "评价", null, null,
        [
            new Question("q4", QuestionTypes.Likert, "《办法》的规定符合法律法规。", Required: true, Criterion: "legality", Period: "after"),
            new Question("q5", QuestionTypes.Number, "您所在单位的人数", Min: 0, Max: 100000),
        ]),
    ]);

    /// <summary>One page: q1 a satisfaction item tagged effectiveness (required), q2 a short text.</summary>
    public static Definition OnePage() => new([new Section("s1", "评价", null, null,
    [
        new Question("q1", QuestionTypes.Likert, "总体满意度", Required: true, Criterion: "effectiveness", Scale: "satisfaction"),
        new Question("q2", QuestionTypes.ShortText, "建议"),
    ])]);

    /// <summary>A published questionnaire on an open consultation.</summary>
    public static async Task<long> PublishedQuestionnaireAsync(this DatabaseFixture fixture, Definition? definition = null,
        string audience = Audiences.Public, long? consultationId = null, string title = "测试问卷")
    {
        consultationId ??= await fixture.ConsultationAsync();
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into questionnaire (consultation_id, title, intro_md, audience, definition)
            values (@consultationId, @title, '说明', @audience, @json::jsonb) returning id
            """, new { consultationId, title, audience, json = (definition ?? Conditional()).ToJson() });
        await using var tx = await conn.BeginTransactionAsync();
        var (version, errors) = await conn.PublishAsync(tx, id, new Audit.Actor(null, "test"));
        Assert.True(version is not null, string.Join(", ", errors.Select(e => e.MessageKey)));
        await tx.CommitAsync();
        return id;
    }

    /// <summary>A questionnaire made through the builder (the Create page) by a new evaluation staff member, on an open
    /// consultation of a decision of the given kind; its introduction carries a script the page must drop.</summary>
    public static async Task<(HttpClient Admin, long Id)> QuestionnaireInBuilderAsync(this SitesFixture sites, string audience = Audiences.Public,
        string kind = "normative_document")
    {
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");
        var decision = await sites.DataSource.DecisionAsync();
        await sites.DataSource.ScalarAsync<long>("update decision set kind = @kind where id = @decision returning id", new { kind, decision });
        var consultation = await sites.ConsultationAsync(decision);
        var created = await admin.SubmitAsync($"/Questionnaires/Create?consultationId={consultation}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "营商环境问卷", ["Input.Audience"] = audience, ["Input.IntroMd"] = "<p>说明</p><script>x()</script>",
        });
        var path = created.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/Questionnaires/Details/", path);
        return (admin, long.Parse(path.Split('/')[^1]));
    }

    /// <summary>Adds a question through the Question page.</summary>
    public static Task<HttpResponseMessage> AddQuestionAsync(this HttpClient admin, long questionnaireId, Dictionary<string, string?> fields) =>
        admin.SubmitAsync($"/Questionnaires/Question/{questionnaireId}", fields);

    /// <summary>The definition being edited (not yet published).</summary>
    public static async Task<Definition> WorkingDefinitionAsync(this NpgsqlDataSource db, long questionnaireId) =>
        Definition.Parse(await db.ScalarAsync<string>("select definition::text from questionnaire where id = @questionnaireId", new { questionnaireId }));
}
