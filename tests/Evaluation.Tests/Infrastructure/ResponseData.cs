using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Questionnaire responses written straight to the tables, for the findings and the pages that show them.</summary>
public static class ResponseData
{
    /// <summary>Stores responses straight away: respondent type, region and the Likert points per item key.</summary>
    public static async Task<List<long>> AddResponsesAsync(this NpgsqlDataSource db, long questionnaireId,
        IEnumerable<(string Type, string Region, Dictionary<string, int> Points)> responses)
    {
        await using var conn = await db.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<long>("select current_version_id from questionnaire where id = @questionnaireId", new { questionnaireId });
        var items = (await conn.QueryAsync<(string Key, long Id)>("select key, id from question_item where version_id = @version", new { version }))
            .ToDictionary(i => i.Key, i => i.Id);
        var ids = new List<long>();
        foreach (var (type, region, points) in responses)
        {
            var id = await conn.ExecuteScalarAsync<long>(
                """
                insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, submitted_at)
                values (@questionnaireId, @version, @receipt, @type, @region, now()) returning id
                """, new { questionnaireId, version, receipt = Receipt.NewNumber(), type, region });
            foreach (var (key, point) in points)
                await conn.ExecuteAsync("insert into answer (response_id, item_id, code) values (@id, @item, @point)",
                    new { id, item = items[key], point = (short)point });
            ids.Add(id);
        }
        await conn.ExecuteAsync(
            "update consultation set data_version = data_version + 1 where id = (select consultation_id from questionnaire where id = @questionnaireId)",
            new { questionnaireId });
        return ids;
    }

    /// <summary>One Likert item tagged legality.</summary>
    public static Definition LegalityItem() => new([new Section("s1", "评价", null, null,
        [new Question("q1", QuestionTypes.Likert, "《办法》的规定符合法律法规。", Required: true, Criterion: "legality")])]);

    /// <summary>A consultation whose questionnaire (<see cref="LegalityItem"/>) has one citizen's response per point.</summary>
    public static async Task<(long Consultation, List<long> Responses)> ConsultationWithAnswersAsync(this DatabaseFixture fixture, params int[] points)
    {
        var consultation = await fixture.ConsultationAsync();
        var questionnaire = await fixture.PublishedQuestionnaireAsync(LegalityItem(), consultationId: consultation);
        var ids = await fixture.DataSource.AddResponsesAsync(questionnaire,
            points.Select(p => ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = p })));
        return (consultation, ids);
    }
}
