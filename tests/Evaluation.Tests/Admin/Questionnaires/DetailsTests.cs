using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Publishing_a_questionnaire_without_questions_is_refused_with_the_reason()
    {
        var (admin, id) = await sites.QuestionnaireInBuilderAsync();
        var page = await (await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Definition.Empty"), page.Text("#publish-errors"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from questionnaire_version where questionnaire_id = @id", new { id }));
    }

    [Fact]
    public async Task A_response_keeps_its_version_after_the_questionnaire_changes()
    {
        var id = await sites.PublishedQuestionnaireAsync();
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan" }, "form[action*='handler=Start']");
        var url = start.RequestMessage!.RequestUri!.PathAndQuery;
        await client.SubmitAsync(url, new Dictionary<string, string?> { ["a.q1"] = "2", ["nav"] = "next" });
        await client.SubmitAsync(url, new Dictionary<string, string?> { ["a.q4"] = "5", ["nav"] = "submit" });

        // Staff reword q4 and publish version 2.
        var (admin, _) = await sites.SignedInAsync("organizer");
        await admin.SubmitAsync($"/Questionnaires/Question/{id}?key=q4", new Dictionary<string, string?> { ["Input.Text"] = "《办法》的规定符合上位法。" });
        var details = await admin.GetHtmlAsync($"/Questionnaires/Details/{id}");
        Assert.Contains(Texts.Get("Questionnaire.UnpublishedChanges"), details.Body!.TextContent);
        await admin.SubmitAsync($"/Questionnaires/Details/{id}", new Dictionary<string, string?>(), "form[action*='handler=Publish']");

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var versions = (await conn.QueryAsync<(int Number, string Text)>(
            "select v.number, q.text from questionnaire_version v join question q on q.version_id = v.id and q.key = 'q4' where v.questionnaire_id = @id order by v.number",
            new { id })).ToList();
        Assert.Equal([(1, "《办法》的规定符合法律法规。"), (2, "《办法》的规定符合上位法。")], versions);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "select v.number from response r join questionnaire_version v on v.id = r.version_id where r.questionnaire_id = @id", new { id }));
        var answeredText = await conn.ExecuteScalarAsync<string>(
            "select q.text from answer a join question_item i on i.id = a.item_id join question q on q.id = i.question_id join response r on r.id = a.response_id where r.questionnaire_id = @id and q.key = 'q4'",
            new { id });
        Assert.Equal("《办法》的规定符合法律法规。", answeredText);

        // New respondents answer version 2.
        var next = sites.Portal.Browser();
        var again = await next.SubmitAsync($"/Questionnaires/{id}",
            new Dictionary<string, string?> { ["Input.RespondentType"] = "organization", ["Input.RegionCode"] = "qingta" }, "form[action*='handler=Start']");
        var page2 = await (await next.SubmitAsync(again.RequestMessage!.RequestUri!.PathAndQuery, new Dictionary<string, string?> { ["a.q1"] = "2", ["nav"] = "next" })).ReadHtmlAsync();
        Assert.Contains("《办法》的规定符合上位法。", page2.Body!.TextContent);
    }
}
