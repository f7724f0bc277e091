using System.Net;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Questionnaires;

public class AmendTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    /// <summary>An enterprise questionnaire answered once by the enterprise with this code; returns the receipt.</summary>
    private async Task<(long Id, HttpClient Client, string Receipt)> AnsweredAsync(string creditCode, string point, string? text = null)
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var client = sites.Portal.Browser();
        var start = await client.SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise(creditCode), "form[action*='handler=Start']");
        return (id, client, await client.SubmitOnePageAsync(start.RequestMessage!.RequestUri!.PathAndQuery, point, text));
    }

    [Fact]
    public async Task The_receipt_and_the_code_open_the_given_answers_and_the_amended_ones_replace_them()
    {
        var (id, client, receipt) = await AnsweredAsync("914403001922038216", "2", "希望简化材料");

        var amend = await client.SubmitAsync($"/Questionnaires/{id}/Amend",
            new Dictionary<string, string?> { ["ReceiptNumber"] = receipt, ["CreditCodeInput"] = "914403001922038216" });
        var amendUrl = amend.RequestMessage!.RequestUri!.PathAndQuery;
        var page = await amend.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("input[name='a.q1'][value='2'][checked]"));
        Assert.Equal("希望简化材料", page.QuerySelector("input[name='a.q2']")!.GetAttribute("value"));
        var amendedReceipt = await client.SubmitOnePageAsync(amendUrl, "5");
        Assert.Equal(receipt, amendedReceipt);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from response where questionnaire_id = @id", new { id }));
        var stored = await conn.QuerySingleAsync<(string RespondentType, string CreditCode, DateTime? AmendedAt, int Code, long Texts)>(
            """
            select r.respondent_type, r.credit_code, r.amended_at, a.code, (select count(*) from answer_text t where t.response_id = r.id)
            from response r join answer a on a.response_id = r.id where r.questionnaire_id = @id
            """, new { id });
        Assert.Equal(("enterprise", "914403001922038216", 5, 0L), (stored.RespondentType, stored.CreditCode, stored.Code, stored.Texts));
        Assert.NotNull(stored.AmendedAt);
    }

    [Fact]
    public async Task Amending_needs_the_matching_receipt_and_code()
    {
        var (id, client, receipt) = await AnsweredAsync("91110108551385082Q", "3");
        var page = await (await client.SubmitAsync($"/Questionnaires/{id}/Amend",
            new Dictionary<string, string?> { ["ReceiptNumber"] = receipt, ["CreditCodeInput"] = "91330100716105852F" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Enterprise.AmendNotFound"), page.Text(".validation-summary-errors"));
    }

    [Fact]
    public async Task The_enterprise_amend_page_exists_only_for_enterprise_questionnaires()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage());
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Questionnaires/{id}/Amend")).StatusCode);
    }
}
