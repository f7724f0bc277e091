using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>From an opinion's disposition in Admin to the public results page, in a browser under the content security policy.</summary>
[Collection(BrowserCollection.Name)]
public class ResultsBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Staff_dispose_an_opinion_publish_the_results_and_the_public_reads_them()
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

        await page.GotoAsync($"{sites.AdminUrl}/Results/Publish/{setup.Project}");
        await page.GetByRole(AriaRole.Button, new() { Name = Texts.Get("Results.Publish") }).ClickAsync();
        await Assertions.Expect(page.Locator("#versions")).ToContainTextAsync(Texts.Get("Results.Current"));

        await page.GotoAsync($"{sites.PortalUrl}/");
        await page.GetByRole(AriaRole.Link, new() { Name = Texts.Get("Home.Results") }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "公共停车管理办法" }).ClickAsync();
        await Assertions.Expect(page.Locator(".opinion-text")).ToHaveTextAsync("我是新华路居民，身份证******************，电话***********，建议延长免费停车时间到30分钟。");
        await Assertions.Expect(page.Locator("article.theme")).ToContainTextAsync("已在修订稿中延长免费时间。");
        await BrowserFixture.SnapAsync(page, "results");
        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain(PublishedResults.Name, text);
        Assert.DoesNotContain(PublishedResults.Contact, text);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
