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

    /// <summary>A published questionnaire on an open consultation.</summary>
    public static async Task<long> PublishedQuestionnaireAsync(this NpgsqlDataSource db, Definition? definition = null,
        string audience = Audiences.Public, long? consultationId = null, string title = "测试问卷")
    {
        consultationId ??= await db.ConsultationAsync();
        await using var conn = await db.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into questionnaire (consultation_id, title, intro_html, audience, definition)
            values (@consultationId, @title, '<p>说明</p>', @audience, @json::jsonb) returning id
            """, new { consultationId, title, audience, json = (definition ?? Conditional()).ToJson() });
        await using var tx = await conn.BeginTransactionAsync();
        var (version, errors) = await conn.PublishAsync(tx, id, new Audit.Actor(null, "test"));
        Assert.True(version is not null, string.Join(", ", errors.Select(e => e.MessageKey)));
        await tx.CommitAsync();
        return id;
    }
}
