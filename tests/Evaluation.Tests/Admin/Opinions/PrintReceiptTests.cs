using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Opinions;

public class PrintReceiptTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_receipt_prints_within_scope_and_another_department_gets_not_found()
    {
        var consultation = await sites.ConsultationAsync();
        var opinion = await sites.OpinionAsync(consultation, "来信内容");
        var receipt = await sites.DataSource.ScalarAsync<string>("select receipt_number from opinion where id = @opinion", new { opinion });

        var (own, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await own.GetHtmlAsync($"/Opinions/PrintReceipt/{opinion}");
        Assert.Contains(Evaluation.Shared.Respondents.Receipt.Format(receipt), page.Body!.TextContent);

        await sites.DataSource.StaffAsync("jiaoyu.print", "correct horse battery", "evaluation_staff", "任丘市教育局");
        var other = sites.Admin.Browser();
        await other.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "jiaoyu.print", ["Password"] = "correct horse battery" });
        var refused = await other.GetAsync($"/Opinions/PrintReceipt/{opinion}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain(Evaluation.Shared.Respondents.Receipt.Format(receipt), await refused.Content.ReadAsStringAsync());
    }
}
