using System.Text.RegularExpressions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>The first complete path in a real browser: a citizen's opinion, a receipt, a look-up; staff closing the
/// consultation; a late submission refused.</summary>
[Collection(BrowserCollection.Name)]
public class CitizenAndStaffTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_citizen_submits_and_looks_up_an_opinion_then_staff_close_the_consultation_and_a_late_one_is_refused()
    {
        var consultation = await sites.ConsultationAsync(title: "关于公交线路调整的意见征集");
        await sites.DataSource.StaffAsync("zhangwei", "staff password 1", "organizer");

        // A citizen on a phone finds the consultation from the home page.
        var citizen = await sites.NewPageAsync(phone: true);
        await citizen.GotoAsync(sites.PortalUrl);
        await citizen.GetByRole(AriaRole.Link, new() { Name = "关于公交线路调整的意见征集" }).ClickAsync();
        Assert.EndsWith($"/Consultations/{consultation}", citizen.Url);

        // First without the region: the message appears beside the field and the text stays.
        await citizen.GetByLabel("公民").CheckAsync();
        await citizen.GetByLabel("意见内容").FillAsync("建议保留 3 路公交的夜班车次。");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
        await BrowserFixture.SnapAsync(citizen, "1-form-with-error");
        Assert.Equal(Texts.Get("Opinion.Region.Required"), (await citizen.Locator("#RegionCode-error").TextContentAsync())!.Trim());
        Assert.Equal("建议保留 3 路公交的夜班车次。", await citizen.GetByLabel("意见内容").InputValueAsync());

        await citizen.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "出岸镇" });
        await citizen.GetByRole(AriaRole.Textbox, new() { Name = "联系方式" }).FillAsync("13812345678");
        await citizen.GetByLabel("我已阅读并同意").CheckAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();

        await citizen.WaitForURLAsync(new Regex("/Receipt/"));
        await BrowserFixture.SnapAsync(citizen, "2-receipt");
        var receipt = (await citizen.Locator("#receipt-number").TextContentAsync())!.Trim();
        Assert.True(Receipt.TryNormalize(receipt, out _), $"'{receipt}' is not a receipt number");

        // Later, the citizen looks it up, typing it in lower case.
        await citizen.GetByRole(AriaRole.Link, new() { Name = "意见查询" }).First.ClickAsync();
        await citizen.GetByLabel("回执编号").FillAsync(receipt.ToLowerInvariant());
        await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await BrowserFixture.SnapAsync(citizen, "3-lookup");
        Assert.Equal(Texts.Get("OpinionStatus.received"), (await citizen.Locator("#lookup-status").TextContentAsync())!.Trim());
        Assert.Contains("建议保留 3 路公交的夜班车次。", await citizen.Locator("#lookup-result").TextContentAsync());
        Assert.DoesNotContain("13812345678", await citizen.ContentAsync());

        // A second citizen opens the form and starts writing.
        var late = await sites.NewPageAsync();
        await late.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");
        await late.GetByLabel("企业").CheckAsync();
        await late.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "青塔乡" });
        await late.GetByLabel("意见内容").FillAsync("我们企业的意见来晚了。");

        // Meanwhile a staff member logs in and closes the consultation.
        var staff = await sites.NewPageAsync();
        await staff.GotoAsync($"{sites.AdminUrl}/Consultations/Details/{consultation}");
        Assert.Contains("/Account/Login", staff.Url);
        await staff.GetByLabel("用户名").FillAsync("zhangwei");
        await staff.GetByLabel("密码").FillAsync("staff password 1");
        await staff.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // Waits for the redirect to commit, not for the page's load event (which, in a full run under load, once did not
        // come within the timeout); the locators below wait for the content themselves.
        await staff.WaitForURLAsync(new Regex($"/Consultations/Details/{consultation}$"), new() { WaitUntil = WaitUntilState.Commit });
        await staff.Locator("dl.facts dd").Last.WaitForAsync();
        Assert.Equal("1", (await staff.Locator("dl.facts dd").Last.TextContentAsync())!.Trim());
        await BrowserFixture.SnapAsync(staff, "4-admin-consultation");
        await staff.GetByRole(AriaRole.Link, new() { Name = "结束征集" }).ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "确认结束征集" }).ClickAsync();
        Assert.Equal(Texts.Get("Phase.Closed"), (await staff.Locator("#phase").TextContentAsync())!.Trim());

        // The late submission is refused with a clear message, and the text is shown back.
        await late.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
        var alert = late.GetByRole(AriaRole.Alert);
        Assert.Contains(Texts.Start("Consultation.Refused.Closed"), await alert.TextContentAsync());
        await BrowserFixture.SnapAsync(late, "5-late-refused");
        Assert.Equal("我们企业的意见来晚了。", await late.Locator("#refused-text").InputValueAsync());
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }
}
