using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Results;

/// <summary>
/// A fresh run shows a finished evaluation: the old-residential-area renovation plan, decided, with one follow-up done
/// and one open, its results published with the dispositions of the opinions, the personal data in their texts masked,
/// and its report finalized with every figure as drafted.
/// </summary>
public class DemoTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_finished_demo_evaluation_is_public_with_its_decision_dispositions_and_report_once()
    {
        Assert.True(Migrations.LoadDemoData(sites.ConnectionString).Successful);
        Assert.True(await DemoProject.EnsureAsync(sites.DataSource, sites.PersonalData, sites.Now));
        Assert.True(await DemoResults.EnsureAsync(sites.DataSource, sites.PersonalData, new FindingsOptions(), sites.Clock));
        Assert.False(await DemoResults.EnsureAsync(sites.DataSource, sites.PersonalData, new FindingsOptions(), sites.Clock));

        // The Portal: home → 评估结果 → the project's page.
        var portal = sites.Portal.Browser();
        var home = await portal.GetHtmlAsync("/");
        var list = await portal.GetHtmlAsync(home.QuerySelector("#results-link a")!.GetAttribute("href")!);
        var link = list.QuerySelectorAll("article.card h2 a").Single(a => a.TextContent.Contains("老旧小区改造"));
        var page = await portal.GetHtmlAsync(link.GetAttribute("href")!);
        Assert.Contains(Texts.Get("Outcome.adjust"), page.Text("#meeting-outcome"));
        Assert.Contains("市政府第42次常务会议", page.Body!.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("#follow-up-list tbody tr").Length);
        Assert.Contains(Texts.Get("FollowUp.done"), page.Text("#follow-up-list"));
        Assert.Contains("新改造小区将同步规划停车设施", page.Body.TextContent);
        Assert.Contains("继续实施", page.Text("#report-conclusions"));
        foreach (var secret in new[] { "13812345678", "130982198001011234", "zhangsan@example.com", "赵工程师" })
            Assert.DoesNotContain(secret, page.Body.TextContent);

        // The receipt of the opinion with a phone number shows its disposition and leads to the results.
        var receipt = await sites.DataSource.ScalarAsync<string>("select receipt_number from opinion where body like '%13812345678%'");
        var lookup = await (await portal.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = receipt })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Disposition.adopted"), lookup.Text("#lookup-disposition"));

        // Admin: the report is finalized, and no figure changed since it was drafted.
        var (admin, _) = await sites.SignedInAsync("organizer");
        var project = await sites.DataSource.ScalarAsync<long>("select id from evaluation_project where title like '%老旧小区%'");
        var report = await admin.GetHtmlAsync($"/Reports/{project}");
        Assert.Matches("^[0-9a-f]{64}$", report.Text("#content-hash"));
        Assert.Null(report.QuerySelector("#changed-figures"));
        Assert.Equal(Texts.Get("Stage.follow_up"), (await admin.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelectorAll("[aria-current=step]").Single().TextContent.Trim());
    }
}
