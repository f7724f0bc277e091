using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Browser;

/// <summary>The Portal's follow-up list on a phone: a status such as 已完成 is one line, not a column of single
/// characters (issue 23 saw "已/完/成").</summary>
[Collection(BrowserCollection.Name)]
public class FollowUpStatusBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_follow_ups_status_and_due_date_stay_on_one_line_on_a_phone()
    {
        Assert.True(Migrations.LoadDemoData(sites.ConnectionString).Successful);
        await DemoProject.EnsureAsync(sites.DataSource, sites.PersonalData, sites.Now);
        await DemoResults.EnsureAsync(sites.DataSource, sites.PersonalData, new FindingsOptions(), sites.Clock);
        var project = await sites.DataSource.ScalarAsync<long>("select id from evaluation_project where title like '%老旧小区%'");

        var page = await sites.NewPageAsync(phone: true);
        await page.GotoAsync($"{sites.PortalUrl}/Results/{project}");
        var cells = page.Locator("#follow-up-list tbody td.follow-up-status");
        Assert.Equal(2, await cells.CountAsync());
        await cells.First.ScrollIntoViewIfNeededAsync();
        await BrowserFixture.SnapAsync(page, "follow-up-status-phone");
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is { Length: > 0 } folder)
            await page.Locator("#follow-up-list").ScreenshotAsync(new() { Path = Path.Combine(folder, "follow-up-list-phone.png") });
        // The line boxes of each cell's status text and of its due date: one each.
        var lines = await page.EvaluateAsync<int[]>(
            """
            () => [...document.querySelectorAll('#follow-up-list tbody td.nowrap')].map(td => {
                const range = document.createRange();
                range.selectNodeContents(td.firstChild);
                return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
            })
            """);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, n => Assert.Equal(1, n));
    }
}
