using System.Text.RegularExpressions;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>From the legality review to closing, in a real browser: the justice bureau passes the report with changes
/// (Art. 24), the agency answers them in a new version and forwards it, the organizer records a decision other than the recommendation (Art. 29), the addressed department reports
/// its action done (Art. 30-33), and the evaluator closes the project.</summary>
[Collection(BrowserCollection.Name)]
public class ReviewToClosingBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    private async Task<IPage> SignInAsync(string userName, string role, string? department = null)
    {
        await sites.DataSource.StaffAsync(userName, "staff password 1", role, department);
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.AdminUrl}/");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync("staff password 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/$"));
        return page;
    }

    [Fact]
    public async Task A_report_goes_from_legality_review_through_the_decision_and_its_follow_up_to_closing()
    {
        var project = await sites.DataSource.ProjectInStageAsync("legality_review", title: "停车管理办法实施后评估");
        var version = await sites.DataSource.ReportVersionAsync(project, 1, true, new ReviewData.Rec("amend", "第五条收费标准应予调整", "任丘市教育局"));
        var review = await sites.DataSource.LegalityReviewAsync(project, version, null);

        var reviewer = await SignInAsync("sifa.wang", "legal_reviewer");
        await reviewer.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Review.List"), Exact = true }).ClickAsync();
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "停车管理办法实施后评估" }).ClickAsync();
        await reviewer.GetByLabel(Texts.Get("Legality.passed_with_changes")).CheckAsync();
        await reviewer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Review.Record") }).ClickAsync();
        Assert.Contains(Texts.Get("Review.Changes.Required"), await reviewer.Locator("main").TextContentAsync());
        await reviewer.GetByLabel(Texts.Get("Review.Changes"), new() { Exact = true }).FillAsync("删去第五条第二款");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Review.Record") }).ClickAsync();
        Assert.Equal(Texts.Get("Legality.passed_with_changes"), await reviewer.Locator("#review-outcome").TextContentAsync());
        await BrowserFixture.SnapAsync(reviewer, "review-1-passed-with-changes");
        Assert.Equal("legality_review", await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project }));

        // Art. 24: the agency answers the change in a new finalized version, then forwards the report to deliberation.
        await sites.DataSource.ReportVersionAsync(project, 2, true, new ReviewData.Rec("amend", "第五条收费标准应予调整，删去第二款", "任丘市教育局"));
        var agency = await SignInAsync("pinggu.zhao", "evaluation_staff");
        await agency.GotoAsync($"{sites.AdminUrl}/Reviews/Details/{review}");
        Assert.Contains(Texts.Get("Review.Answer.InVersion", 2), await agency.Locator("#revised-version").TextContentAsync());
        await agency.GetByLabel(Texts.Get("Review.Answer.Note")).FillAsync("第2版已删去第五条第二款");
        await agency.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Review.Answer.Mark") }).ClickAsync();
        Assert.Contains(Texts.Get("Review.Answer.Done"), await agency.Locator("#change-1").TextContentAsync());
        await BrowserFixture.SnapAsync(agency, "review-1b-changes-answered");
        await agency.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Review.Revise") }).ClickAsync();
        Assert.Contains(Texts.Get("Review.Revised", Texts.Get("Stage.deliberation")), await agency.Locator("#flash").TextContentAsync());

        var organizer = await SignInAsync("bangong.li", "organizer");
        await organizer.GotoAsync($"{sites.AdminUrl}/Projects/Details/{project}");
        await organizer.Locator("#record-decision").ClickAsync();
        await organizer.GetByLabel(Texts.Get("Deliberation.MeetingReference")).FillAsync("市政府第12次常务会议");
        await BrowserFixture.SnapAsync(organizer, "review-2a-decision-form");
        await organizer.Locator("#outcome").SelectOptionAsync("repeal");
        await organizer.GetByLabel(Texts.Get("Deliberation.Details")).FillAsync("会议决定废止，另行制定新办法");
        await organizer.Locator("input[name='Actions[0].DueOn']").FillAsync("2099-06-30");
        await organizer.Locator("input[name='Actions[0].CarriesDecision']").CheckAsync();
        await organizer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Deliberation.Record") }).ClickAsync();
        Assert.Contains(Texts.Get("Deliberation.Differs.Unexplained"), await organizer.GetByRole(AriaRole.Alert).TextContentAsync());
        await BrowserFixture.SnapAsync(organizer, "review-2-decision-differs");
        await organizer.GetByLabel(Texts.Get("Deliberation.DifferenceExplained")).CheckAsync();
        await organizer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Deliberation.Record") }).ClickAsync();
        await organizer.WaitForURLAsync(new Regex($"/Projects/Details/{project}"));
        Assert.Contains(Texts.Get("Deliberation.Differs"), await organizer.Locator("main").TextContentAsync());
        await BrowserFixture.SnapAsync(organizer, "review-3-project-in-follow-up");

        var education = await SignInAsync("jiaoyu.chen", "evaluation_staff", "任丘市教育局");
        await education.GetByRole(AriaRole.Link, new() { Name = Texts.Get("FollowUp.Title"), Exact = true }).ClickAsync();
        await education.Locator("#follow-ups a").First.ClickAsync();
        await education.GetByLabel(Texts.Get("FollowUp.Status"), new() { Exact = true }).SelectOptionAsync("reported");
        await education.GetByLabel(Texts.Get("FollowUp.Note")).FillAsync("新办法已起草并报送");
        await education.GetByRole(AriaRole.Button, new() { Name = Texts.Get("FollowUp.Update.Button") }).ClickAsync();
        Assert.Contains(Texts.Get("FollowUp.reported"), await education.Locator("#status").TextContentAsync());
        await BrowserFixture.SnapAsync(education, "review-4-follow-up-reported");

        // Art. 31-33: the organizer (督查) accepts the report; only then is the action done.
        var actionUrl = education.Url;
        await organizer.GotoAsync(actionUrl);
        Assert.Contains("新办法已起草并报送", await organizer.Locator("#updates").TextContentAsync());
        await organizer.GetByRole(AriaRole.Button, new() { Name = Texts.Get("FollowUp.Accept.Button"), Exact = true }).ClickAsync();
        Assert.Contains(Texts.Get("FollowUp.done"), await organizer.Locator("#status").TextContentAsync());
        await BrowserFixture.SnapAsync(organizer, "review-4b-follow-up-accepted");

        var evaluator = await SignInAsync("pinggu.sun", "evaluation_staff");
        await evaluator.GotoAsync($"{sites.AdminUrl}/Projects/Details/{project}");
        await evaluator.Locator("#close-project button").ClickAsync();
        Assert.Contains(Texts.Get("FollowUp.Closed"), await evaluator.Locator("#flash").TextContentAsync());
        Assert.Equal("closed", await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project }));
        await BrowserFixture.SnapAsync(evaluator, "review-5-closed");
    }
}
