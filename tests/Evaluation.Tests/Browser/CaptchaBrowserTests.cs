using System.Text.RegularExpressions;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>The Portal as run.sh runs it: proof of work on, the real CSP, a tight submit limit.</summary>
public sealed class CaptchaBrowserFixture : BrowserFixture
{
    protected override void ConfigurePortal(IWebHostBuilder builder)
    {
        builder.UseSetting("Captcha:Provider", "ProofOfWork");
        builder.UseSetting("Captcha:ProofOfWork:MaxNumber", "20000");
        builder.UseSetting("RateLimits:Submit:PermitLimit", "2");
    }
}

[Collection(BrowserCollection.Name)]
public class CaptchaBrowserTests(CaptchaBrowserFixture sites) : IClassFixture<CaptchaBrowserFixture>
{
    [Fact]
    public async Task The_widget_solves_the_challenge_in_the_browser_under_the_strict_CSP_and_the_third_opinion_meets_the_limit()
    {
        var consultation = await sites.ConsultationAsync(title: "关于老旧小区改造的意见征集");
        var page = await sites.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") lock (console) console.Add(m.Text); };

        for (var i = 1; i <= 2; i++)
        {
            await page.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");
            await page.GetByLabel("公民").CheckAsync();
            await page.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "出岸镇" });
            await page.GetByLabel("意见内容").FillAsync($"建议加装电梯（第 {i} 条）。");
            await BrowserFixture.SnapAsync(page, $"captcha-{i}-form");
            // The widget verifies when the form is submitted (auto="onsubmit"), then submits it.
            await page.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
            await page.WaitForURLAsync(new Regex("/Receipt/"));
        }
        await BrowserFixture.SnapAsync(page, "captcha-receipt");
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>("select count(*) from captcha_use"));
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy"));

        // A third one from the same address within the window: the 429 page in Chinese.
        await page.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");
        await page.GetByLabel("公民").CheckAsync();
        await page.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "出岸镇" });
        await page.GetByLabel("意见内容").FillAsync("第三条。");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(429, response.Status);
        await BrowserFixture.SnapAsync(page, "captcha-429");
        Assert.Equal(Texts.Get("Status.429.Title"), (await page.Locator("h1").TextContentAsync())!.Trim());
    }

}

/// <summary>A class of its own, so that its submission never meets the limit the other class exhausts.</summary>
[Collection(BrowserCollection.Name)]
public class NoScriptCaptchaTests(CaptchaBrowserFixture sites) : IClassFixture<CaptchaBrowserFixture>
{
    [Fact]
    public async Task Without_JavaScript_the_form_says_the_check_needs_it_and_keeps_what_was_typed()
    {
        var consultation = await sites.ConsultationAsync();
        var context = await sites.Browser.NewContextAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");
        Assert.Contains(Texts.Get("Captcha.NeedsJavaScript"), await page.Locator("#captcha-noscript").TextContentAsync());

        await page.GetByLabel("企业").CheckAsync();
        await page.GetByLabel("所在地区").SelectOptionAsync(new SelectOptionValue { Label = "青塔乡" });
        await page.GetByLabel("意见内容").FillAsync("没有脚本也不丢内容。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
        await BrowserFixture.SnapAsync(page, "captcha-noscript");

        Assert.Contains(Texts.Get("Captcha.Missing"), await page.Locator("#Captcha-error").TextContentAsync());
        Assert.Equal("没有脚本也不丢内容。", await page.GetByLabel("意见内容").InputValueAsync());
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        await context.CloseAsync();
    }
}
