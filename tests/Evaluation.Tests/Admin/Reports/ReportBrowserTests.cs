using System.Text.RegularExpressions;
using Evaluation.Admin;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>The report as an evaluator works it in a browser: draft, edit with a recommendation, finalize.</summary>
[Collection(BrowserCollection.Name)]
public class ReportBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_evaluator_drafts_edits_and_finalizes_the_report_in_the_browser()
    {
        var r = await sites.ConclusionProjectAsync(title: "任丘市停车场管理办法", client: SiteFactory<AdminSite>.KestrelClient(sites.AdminUrl));
        var userName = await sites.DataSource.ScalarAsync<string>("select user_name from staff_user where id = @id", new { id = r.StaffId });

        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.AdminUrl}/Projects/Details/{r.Project}");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(ReportSetup.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Projects/Details/\d+$"));
        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Report.Link"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/Reports/\d+$"));
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Draft") }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"version=1$"));
        await BrowserFixture.SnapAsync(page, "report-1-draft");

        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Report.Edit"), Exact = true }).ClickAsync();
        await page.GetByLabel(Texts.Get("ReportPart.other_matters")).FillAsync("无其他需要说明的事项。");
        await page.GetByLabel($"{Texts.Get("Report.Recommendation.Kind")} 1").SelectOptionAsync("amend");
        await page.GetByLabel($"{Texts.Get("Report.Recommendation.Reasoning")} 1").FillAsync("收费标准应按时段细化。");
        await BrowserFixture.SnapAsync(page, "report-2-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Edit.Save") }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"version=2$"));
        // Art. 20: without a 论证 of the version, the reason why.
        await page.GetByLabel(Texts.Get("Report.Finalize.NoReviewReason")).FillAsync("专家书面意见已并入初稿。");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Finalize"), Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"version=2$"));
        var hash = await page.Locator("#content-hash").TextContentAsync();
        Assert.Matches("^[0-9a-f]{64}$", hash);
        await BrowserFixture.SnapAsync(page, "report-3-finalized");
    }
}
