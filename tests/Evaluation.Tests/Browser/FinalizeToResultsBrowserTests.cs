using System.Text.RegularExpressions;
using Evaluation.Admin;
using Evaluation.Tests.Admin.Reports;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>
/// Issue 10's whole path in a real browser, each step by the role the measures give it: the evaluator finalizes the
/// report and sends it to the justice bureau (Art. 20, 24), the reviewer passes it, the organizer records the executive
/// meeting's decision (Art. 29), the evaluator answers an opinion and publishes the results, and a citizen reads them on
/// the Portal with the decision and what became of the opinion (Art. 7).
/// </summary>
[Collection(BrowserCollection.Name)]
public class FinalizeToResultsBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignInAsync(string userName, string password, string? then = null)
    {
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.AdminUrl}{then ?? "/"}");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task A_finalized_report_reaches_the_public_results_page_through_review_decision_and_publication()
    {
        var r = await sites.ConclusionProjectAsync(title: "任丘市公共停车场收费办法", client: SiteFactory<AdminSite>.KestrelClient(sites.AdminUrl));
        var evaluatorName = await sites.DataSource.ScalarAsync<string>("select user_name from staff_user where id = @id", new { id = r.StaffId });
        await r.Staff.DraftAsync(r.Project);

        // The evaluator completes the draft, finalizes it and sends it to legality review.
        var evaluator = await SignInAsync(evaluatorName, ReportSetup.Password, $"/Reports/Edit/{r.Project}");
        await evaluator.GetByLabel(Texts.Get("ReportPart.other_matters")).FillAsync("无其他需要说明的事项。");
        await evaluator.GetByLabel($"{Texts.Get("Report.Recommendation.Kind")} 1").SelectOptionAsync("continue");
        await evaluator.GetByLabel($"{Texts.Get("Report.Recommendation.Reasoning")} 1").FillAsync("实施效果良好，建议继续执行。");
        await evaluator.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Edit.Save") }).ClickAsync();
        await evaluator.WaitForURLAsync(new Regex(@"version=2$"));
        // Art. 20: without a 论证 of the version, the reason why.
        await evaluator.GetByLabel(Texts.Get("Report.Finalize.NoReviewReason")).FillAsync("专家书面意见已并入初稿。");
        await evaluator.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Report.Finalize"), Exact = true }).ClickAsync();
        Assert.Matches("^[0-9a-f]{64}$", await evaluator.Locator("#content-hash").TextContentAsync());
        await evaluator.GotoAsync($"{sites.AdminUrl}/Projects/Details/{r.Project}");
        await evaluator.Locator("#send-to-review").ClickAsync();
        await evaluator.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Review.Send.Button") }).ClickAsync();
        await evaluator.WaitForURLAsync(new Regex($"/Projects/Details/{r.Project}"));
        await BrowserFixture.SnapAsync(evaluator, "results-path-1-sent");

        // The justice bureau passes it.
        await sites.DataSource.StaffAsync("sifa.zhou", "staff password 1", "legal_reviewer");
        var reviewer = await SignInAsync("sifa.zhou", "staff password 1");
        await reviewer.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Review.List"), Exact = true }).ClickAsync();
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "任丘市公共停车场收费办法评估" }).ClickAsync();
        await reviewer.GetByLabel(Texts.Get("Legality.passed"), new() { Exact = true }).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Review.Record") }).ClickAsync();
        Assert.Equal(Texts.Get("Legality.passed"), await reviewer.Locator("#review-outcome").TextContentAsync());

        // The organizer records the executive meeting's decision, as recommended, with no follow-up action.
        await sites.DataSource.StaffAsync("bangong.zhao", "staff password 1", "organizer");
        var organizer = await SignInAsync("bangong.zhao", "staff password 1", $"/Projects/Details/{r.Project}");
        await organizer.Locator("#record-decision").ClickAsync();
        await organizer.GetByLabel(Texts.Get("Deliberation.MeetingReference")).FillAsync("市政府第15次常务会议");
        await organizer.Locator("#outcome").SelectOptionAsync("continue");
        await organizer.GetByLabel(Texts.Get("Deliberation.Details")).FillAsync("会议同意继续执行本办法。");
        await organizer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Deliberation.Record") }).ClickAsync();
        await organizer.WaitForURLAsync(new Regex($"/Projects/Details/{r.Project}"));
        Assert.Equal("follow_up", await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @p", new { p = r.Project }));

        // The evaluator answers an opinion, prepares the results and confirms the text; the organizer approves them.
        await evaluator.GotoAsync($"{sites.AdminUrl}/Dispositions/Edit/{r.Project}/{r.Opinions[0]}");
        await evaluator.Locator("select[name='Disposition']").SelectOptionAsync("adopted");
        await evaluator.Locator("textarea[name='Reason']").FillAsync("已在收费标准调整中采纳。");
        await evaluator.Locator("main form button[type=submit]").First.ClickAsync();
        await evaluator.GotoAsync($"{sites.AdminUrl}/Results/Publish/{r.Project}");
        await evaluator.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Prepare") }).ClickAsync();
        foreach (var box in await evaluator.Locator("#texts input[name=Positions]").AllAsync()) await box.CheckAsync();
        await evaluator.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Confirm") }).ClickAsync();
        await Assertions.Expect(evaluator.Locator("#texts td.confirmed").First).Not.ToHaveTextAsync(Texts.Get("Results.NotConfirmed"));
        await organizer.GotoAsync($"{sites.AdminUrl}/Results/Publish/{r.Project}");
        await organizer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Approve") }).ClickAsync();
        await Assertions.Expect(organizer.Locator("#versions")).ToContainTextAsync(Texts.Get("Results.Current"));
        await BrowserFixture.SnapAsync(organizer, "results-path-2-published");

        // A citizen reads them.
        var citizen = await sites.NewPageAsync();
        await citizen.GotoAsync($"{sites.PortalUrl}/");
        await citizen.Locator("#results-link a").ClickAsync();
        await citizen.GetByRole(AriaRole.Link, new() { Name = "任丘市公共停车场收费办法评估" }).ClickAsync();
        Assert.Equal(Texts.Get("Outcome.continue"), (await citizen.Locator("#meeting-outcome").TextContentAsync())?.Trim());
        var said = await citizen.Locator("#you-said ~ *").AllTextContentsAsync();
        Assert.Contains(said, t => t.Contains("已在收费标准调整中采纳。"));
        await BrowserFixture.SnapAsync(citizen, "results-path-3-public");
    }
}
