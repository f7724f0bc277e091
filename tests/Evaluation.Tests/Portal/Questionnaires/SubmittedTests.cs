using System.Net;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Questionnaires;

public class SubmittedTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_receipt_is_shown_for_a_stored_response_and_not_stored_by_the_browser()
    {
        var id = await sites.PublishedQuestionnaireAsync(ResponseData.LegalityItem(), title: "回执的问卷");
        var response = (await sites.DataSource.AddResponsesAsync(id, [("citizen", "chuan", new Dictionary<string, int> { ["q1"] = 4 })])).Single();
        var receipt = await sites.DataSource.ScalarAsync<string>("select receipt_number from response where id = @response", new { response });

        var answer = await sites.Portal.Browser().GetAsync($"/Questionnaires/Submitted/{receipt}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(answer.Headers.CacheControl!.NoStore);
        var page = await answer.ReadHtmlAsync();
        Assert.Equal(Receipt.Format(receipt), page.Text("#receipt-number"));
        Assert.Contains(Texts.Get("Questionnaire.Thanks", "回执的问卷"), page.Body!.TextContent);
    }

    [Fact]
    public async Task An_unknown_or_malformed_number_is_not_found()
    {
        var client = sites.Portal.Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Questionnaires/Submitted/{Receipt.NewNumber()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Questionnaires/Submitted/not-a-number")).StatusCode);
    }
}
