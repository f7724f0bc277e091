using System.Text.RegularExpressions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>Tracking feedback in a real browser: a citizen finds a decision in 决策库, gives feedback, gets a receipt
/// and finds it with the look-up; staff see it in 跟踪反馈.</summary>
[Collection(BrowserCollection.Name)]
public class FeedbackBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_finds_a_decision_in_the_register_and_gives_feedback()
    {
        var decision = await sites.DataSource.DecisionAsync("任丘市城区停车收费管理规定", "任政规〔2025〕2号");
        await sites.DataSource.StaffAsync("feedbackstaff", "staff password 1", "organizer");

        var citizen = await sites.NewPageAsync(phone: true);
        await citizen.GotoAsync(sites.PortalUrl);
        await citizen.Locator("#register-link a").ClickAsync();
        await citizen.GetByLabel("标题关键词").FillAsync("停车收费");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await citizen.GetByRole(AriaRole.Link, new() { Name = "任丘市城区停车收费管理规定" }).ClickAsync();
        Assert.EndsWith($"/Decisions/{decision}", citizen.Url);

        await citizen.GetByLabel("公民").CheckAsync();
        await citizen.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "出岸镇" });
        await citizen.GetByLabel("意见内容").FillAsync("夜间停车收费过高，建议夜间免费。");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();

        await citizen.WaitForURLAsync(new Regex("/Receipt/"));
        await BrowserFixture.SnapAsync(citizen, "feedback-receipt");
        var receipt = (await citizen.Locator("#receipt-number").TextContentAsync())!.Trim();
        Assert.True(Receipt.TryNormalize(receipt, out _), $"'{receipt}' is not a receipt number");

        await citizen.GetByRole(AriaRole.Link, new() { Name = "意见查询" }).First.ClickAsync();
        await citizen.GetByLabel("回执编号").FillAsync(receipt);
        await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        Assert.Contains("夜间停车收费过高", await citizen.Locator("#lookup-result").TextContentAsync());

        var staff = await sites.NewPageAsync();
        await staff.GotoAsync($"{sites.AdminUrl}/Feedback/Details/{decision}");
        await staff.GetByLabel("用户名").FillAsync("feedbackstaff");
        await staff.GetByLabel("密码").FillAsync("staff password 1");
        await staff.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await staff.WaitForURLAsync(new Regex($"/Feedback/Details/{decision}$"));
        await BrowserFixture.SnapAsync(staff, "feedback-admin");
        Assert.Contains("1", await staff.Locator("#by-month tbody tr").Last.TextContentAsync());
        Assert.True(await staff.Locator(".chart svg").CountAsync() > 0, "the charts are drawn under the CSP");
    }
}
