using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>From an opinion's disposition in Admin through the draft, its preview, the confirmation and the organizer's approval
/// to the public results page, then their withdrawal, in a browser under the content security policy (Art. 7, 30).</summary>
[Collection(BrowserCollection.Name)]
public class ResultsBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    private const string Masked = "我是新华路居民，身份证******************，电话***********，建议延长免费停车时间到30分钟。";

    [Fact]
    public async Task Staff_prepare_the_results_the_organizer_approves_a_citizen_reads_them_and_then_sees_their_withdrawal()
    {
        var staffId = await sites.DataSource.StaffAsync("jieguo", "results password", "evaluation_staff");
        var setup = await sites.ProjectWithConsultationAsync();
        await sites.OpinionAsync(setup.Consultation, PublishedResults.Body, PublishedResults.Name, PublishedResults.Contact);
        await sites.DecideAsync(setup.Project, staffId);

        var page = await sites.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add(m.Text + " @ " + m.Location); };
        page.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };
        page.PageError += (_, e) => problems.Add(e);
        await page.GotoAsync($"{sites.AdminUrl}/Account/Login?ReturnUrl=/Dispositions/{setup.Project}");
        await page.GetByLabel("用户名").FillAsync("jieguo");
        await page.GetByLabel("密码").FillAsync("results password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync($"**/Dispositions/{setup.Project}");
        await BrowserFixture.SnapAsync(page, "dispositions");

        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Disposition.Set") }).ClickAsync();
        await page.SelectOptionAsync("#Disposition", "adopted");
        await page.FillAsync("#Reason", "已在修订稿中延长免费时间。");
        await BrowserFixture.SnapAsync(page, "disposition-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Disposition.Save") }).ClickAsync();
        await page.WaitForURLAsync($"**/Dispositions/{setup.Project}");

        // Staff prepare the draft with a Markdown summary, preview it as the Portal will show it, and confirm the text.
        await page.GotoAsync($"{sites.AdminUrl}/Results/Publish/{setup.Project}");
        await page.FillAsync("#Summary", "评估认为办法**总体可行**。\n\n- 延长免费停车时间");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Prepare") }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Results.Preview") }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview-notice")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#results-summary strong")).ToHaveTextAsync("总体可行");
        await Assertions.Expect(page.Locator(".opinion-text")).ToHaveTextAsync(Masked);
        await BrowserFixture.SnapAsync(page, "results-preview");
        await page.GoBackAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = Masked }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Confirm") }).ClickAsync();
        await Assertions.Expect(page.Locator("#texts td.confirmed")).Not.ToHaveTextAsync(Texts.Get("Results.NotConfirmed"));

        // The organizer (政府办) approves: that publishes it.
        await sites.DataSource.StaffAsync("zhengfuban", "organizer password", "organizer");
        var office = await sites.NewPageAsync();
        office.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };
        await office.GotoAsync($"{sites.AdminUrl}/Account/Login?ReturnUrl=/Results/Publish/{setup.Project}");
        await office.GetByLabel("用户名").FillAsync("zhengfuban");
        await office.GetByLabel("密码").FillAsync("organizer password");
        await office.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await office.WaitForURLAsync($"**/Results/Publish/{setup.Project}");
        await office.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Approve") }).ClickAsync();
        await Assertions.Expect(office.Locator("#versions")).ToContainTextAsync(Texts.Get("Results.Current"));

        // A citizen reads the approved version.
        var citizen = await sites.NewPageAsync();
        citizen.Response += (_, r) => { if (r.Status >= 400) problems.Add($"{r.Status} {r.Url}"); };
        await citizen.GotoAsync($"{sites.PortalUrl}/");
        await citizen.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Home.Results") }).ClickAsync();
        await citizen.GetByRole(AriaRole.Link, new() { Name = "公共停车管理办法" }).ClickAsync();
        await Assertions.Expect(citizen.Locator(".opinion-text")).ToHaveTextAsync(Masked);
        await Assertions.Expect(citizen.Locator("article.theme")).ToContainTextAsync("已在修订稿中延长免费时间。");
        await Assertions.Expect(citizen.Locator("#results-summary strong")).ToHaveTextAsync("总体可行");
        await BrowserFixture.SnapAsync(citizen, "results");
        var text = await citizen.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(PublishedResults.Name, text);
        Assert.DoesNotContain(PublishedResults.Contact, text);

        // The organizer withdraws it with a reason; the citizen, reloading, sees the withdrawal and not the content.
        await office.FillAsync("#Reason", "发现一条意见遮盖不全，撤回重新审核。");
        await office.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.WithdrawVersion", 1) }).ClickAsync();
        await Assertions.Expect(office.Locator("#versions")).ToContainTextAsync("发现一条意见遮盖不全，撤回重新审核。");
        await citizen.ReloadAsync();
        await Assertions.Expect(citizen.Locator("#withdrawn")).ToContainTextAsync(Texts.Start("Results.WithdrawnNotice"));
        await Assertions.Expect(citizen.Locator("#withdrawal-reason")).ToHaveTextAsync("发现一条意见遮盖不全，撤回重新审核。");
        await Assertions.Expect(citizen.Locator(".opinion-text")).ToHaveCountAsync(0);
        await BrowserFixture.SnapAsync(citizen, "results-withdrawn");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
