using System.Globalization;
using System.Net;
using Evaluation.Shared.Web;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Localization;

/// <summary>The header link between Chinese and English, the cookie it sets, and the browser's languages on a first
/// visit; and the display switch, which keeps its cookie and goes back the same way (PreferenceCookie).</summary>
public class LanguageSwitchTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_first_visit_without_a_language_is_in_Chinese_with_a_link_to_English()
    {
        var page = await sites.Portal.Browser().GetHtmlAsync("/Lookup");
        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        var link = page.QuerySelector("header a.language")!;
        Assert.Equal("English", link.TextContent.Trim());
        Assert.Equal("en", link.GetAttribute("lang"));
        Assert.Equal("/language?culture=en&returnUrl=%2FLookup", link.GetAttribute("href"));
        Assert.Equal(Texts.Get("Lookup.Title"), page.Text("main h1"));
    }

    [Fact]
    public async Task The_switch_remembers_English_for_a_year_and_goes_back_to_the_page()
    {
        var client = sites.Portal.NoRedirects();
        var response = await client.GetAsync("/language?culture=en&returnUrl=%2FLookup%3Fx%3D1");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Lookup?x=1", response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture="));
        Assert.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den;", cookie);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie);
        var expires = DateTimeOffset.Parse(cookie.Split(';').Single(p => p.Trim().StartsWith("expires=")).Split('=')[1]);
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(366));

        // The next page (the cookie kept, as a browser keeps it) is in English, and links back to Chinese.
        var page = await client.GetHtmlAsync("/Lookup");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Look up an opinion", page.Text("main h1"));
        var link = page.QuerySelector("header a.language")!;
        Assert.Equal("中文", link.TextContent.Trim());
        Assert.Equal("zh-CN", link.GetAttribute("lang"));

        // And back to Chinese.
        await client.GetAsync("/language?culture=zh-CN&returnUrl=%2FLookup");
        Assert.Equal("zh-CN", (await client.GetHtmlAsync("/Lookup")).DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("")]
    public async Task The_switch_goes_back_only_to_a_page_of_the_site(string returnUrl)
    {
        var response = await sites.Portal.NoRedirects().GetAsync($"/language?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData("/Lookup?x=1", "/Lookup?x=1")]
    public async Task The_display_switch_keeps_its_cookie_and_goes_back_only_to_a_page_of_the_site(string returnUrl, string back)
    {
        var response = await sites.Portal.NoRedirects().GetAsync($"/display?mode=large&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(back, response.Headers.Location!.OriginalString);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{DisplayMode.CookieName}="));
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_language_sets_no_cookie()
    {
        var response = await sites.Portal.NoRedirects().GetAsync("/language?culture=fr&returnUrl=%2F");
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Culture=")));
    }

    [Theory]
    [InlineData("en", "en")]
    [InlineData("en-US,en;q=0.9", "en")]
    [InlineData("en-GB", "en")]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("zh-TW", "zh-CN")]
    [InlineData("fr-FR,fr;q=0.9", "zh-CN")]
    [InlineData("", "zh-CN")]
    public async Task The_browser_languages_choose_on_a_first_visit(string acceptLanguage, string expected)
    {
        var client = sites.Portal.Browser();
        if (acceptLanguage.Length > 0) client.DefaultRequestHeaders.Add("Accept-Language", acceptLanguage);
        var page = await client.GetHtmlAsync("/Lookup");
        Assert.Equal(expected, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(expected == "en" ? "Look up an opinion" : Texts.Get("Lookup.Title"), page.Text("main h1"));
    }

    [Fact]
    public async Task The_cookie_wins_over_the_browser_languages()
    {
        var client = sites.Portal.Browser();
        client.DefaultRequestHeaders.Add("Accept-Language", "en");
        await client.GetAsync("/language?culture=zh-CN&returnUrl=%2F");
        Assert.Equal("zh-CN", (await client.GetHtmlAsync("/Lookup")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Dates_follow_the_language()
    {
        var decision = await sites.DataSource.DecisionAsync(); // issued on 2024-01-01, in force from 2024-02-01
        var client = sites.Portal.Browser();
        Assert.Contains("2024年2月1日", (await client.GetHtmlAsync($"/Decisions/{decision}")).Body!.TextContent);
        await client.GetAsync("/language?culture=en&returnUrl=%2F");
        var english = (await client.GetHtmlAsync($"/Decisions/{decision}")).Body!.TextContent;
        Assert.Contains("1 February 2024", english);
        Assert.DoesNotContain("2024年", english);
    }

    [Fact]
    public async Task The_receipt_and_the_look_up_give_the_time_as_the_language_writes_it()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();
        await client.GetAsync("/language?culture=en&returnUrl=%2F");
        var submitted = await client.SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?>
        {
            ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = "关于停车收费的意见",
        });
        var receiptUrl = submitted.RequestMessage!.RequestUri!.AbsolutePath;
        var createdAt = await sites.DataSource.ScalarAsync<DateTime>("select created_at from opinion where consultation_id = @consultation", new { consultation });
        var local = Display.ToChinaTime(createdAt);
        var english = local.ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en")); // 29 November 2026, 14:30

        var receipt = await client.GetHtmlAsync(receiptUrl);
        Assert.Contains(english, receipt.Text("dl.facts"));
        var lookup = await (await client.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = receipt.Text("#receipt-number") })).ReadHtmlAsync();
        Assert.Contains(english, lookup.Text("#lookup-result dl"));

        // In Chinese the same pages keep the form Chinese readers know.
        await client.GetAsync("/language?culture=zh-CN&returnUrl=%2F");
        var chinese = local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        Assert.Contains(chinese, (await client.GetHtmlAsync(receiptUrl)).Text("dl.facts"));
        Assert.DoesNotContain(english, (await client.GetHtmlAsync(receiptUrl)).Body!.TextContent);
    }

    [Fact]
    public async Task The_staff_site_switches_too_before_and_after_signing_in()
    {
        var client = sites.Admin.Browser();
        var login = await client.GetHtmlAsync("/Account/Login");
        Assert.Equal("English", login.QuerySelector("header a.language")!.TextContent.Trim());
        var response = await client.GetAsync(login.QuerySelector("header a.language")!.GetAttribute("href"));
        Assert.Equal("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
        var english = await response.ReadHtmlAsync();
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Staff sign-in", english.Text("main h1"));
    }
}
