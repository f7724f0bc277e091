using System.Text.RegularExpressions;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>Issue 14: the opinion form and the look-up work with the keyboard alone, with visible focus; the large-text,
/// high-contrast mode is remembered and its layout holds on a 360 px phone and at 200% zoom; the receipt prints
/// cleanly.</summary>
[Collection(BrowserCollection.Name)]
public class KeyboardAndDisplayTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    /// <summary>Presses Tab until the focus is on an element matching the selector (at most 40 times), as a keyboard
    /// user moves through a page, and checks that the focus can be seen.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
                Assert.True(outline != "none", $"no visible focus on {selector}");
                return;
            }
        }
        Assert.Fail($"{selector} cannot be reached with Tab");
    }

    [Fact]
    public async Task A_citizen_submits_an_opinion_and_looks_it_up_with_the_keyboard_alone()
    {
        var consultation = await sites.ConsultationAsync(title: "关于公交线路调整的意见征集");
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");

        await TabToAsync(page, "input[name='Input.RespondentType']");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "select[name='Input.RegionCode']");
        await page.Keyboard.PressAsync("ArrowDown");
        await TabToAsync(page, "textarea[name='Input.Body']");
        await page.Keyboard.TypeAsync("建议保留 3 路公交的夜班车次。");
        await TabToAsync(page, "main form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/Receipt/"));
        var receipt = (await page.Locator("#receipt-number").TextContentAsync())!.Trim();
        Assert.Equal(1, await sites.DataSource.ScalarAsync<int>(
            "select count(*)::int from opinion where consultation_id = @consultation and body = '建议保留 3 路公交的夜班车次。'", new { consultation }));

        await page.GotoAsync($"{sites.PortalUrl}/Lookup");
        await TabToAsync(page, "input[name=ReceiptNumber]");
        await page.Keyboard.TypeAsync(receipt);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#lookup-result");
        Assert.Contains("建议保留 3 路公交的夜班车次。", await page.Locator("#lookup-result").TextContentAsync());
    }

    [Fact]
    public async Task The_large_text_mode_is_remembered_and_holds_on_a_phone_and_at_200_percent_zoom()
    {
        var consultation = await sites.ConsultationAsync(title: "关于老年人优待政策的意见征集");
        foreach (var (width, height) in new[] { (360, 740), (640, 450) }) // a small phone; a 1280 × 900 screen at 200%
        {
            var context = await sites.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "zh-CN" });
            context.SetDefaultTimeout(90_000);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"{sites.PortalUrl}/Lookup");
            await page.ClickAsync("#display-mode");
            await page.WaitForURLAsync(new Regex("/Lookup$"));
            Assert.Equal("large", await page.GetAttributeAsync("body", "class"));
            Assert.Equal(Texts.Get("Layout.Display.Standard"), (await page.Locator("#display-mode").TextContentAsync())!.Trim());
            foreach (var path in new[] { "/", $"/Consultations/{consultation}", "/Lookup", "/Decisions", "/Results" })
            {
                await page.GotoAsync(sites.PortalUrl + path);
                Assert.Equal("large", await page.GetAttributeAsync("body", "class")); // remembered
                Assert.True(await page.EvaluateAsync<int>("() => getComputedStyle(document.body).fontSize.replace('px', '') | 0") >= 20);
                var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} scrolls sideways by {overflow} px at {width} px wide");
            }
            // And back to the standard display.
            await page.ClickAsync("#display-mode");
            await page.WaitForLoadStateAsync();
            Assert.NotEqual("large", await page.GetAttributeAsync("body", "class"));
            await context.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_receipt_prints_without_navigation_or_buttons()
    {
        var consultation = await sites.ConsultationAsync();
        var accepted = await sites.AcceptedOpinionAsync(new Evaluation.Shared.Opinions.NewOpinion(consultation, "online", "citizen", null, null, "chuan", "打印回执的测试意见。", false));
        var page = await sites.NewPageAsync();
        await page.GotoAsync($"{sites.PortalUrl}/Receipt/{accepted.ReceiptNumber}");
        Assert.True(await page.Locator("header.site nav").IsVisibleAsync());

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.Locator("#receipt-number").IsVisibleAsync());
        foreach (var hidden in new[] { "header.site nav", "#display-mode", "header.site a.language", "footer.site" })
            Assert.False(await page.Locator(hidden).IsVisibleAsync(), $"{hidden} is printed");
        Assert.Equal(0, await page.Locator("main button:visible, main .button:visible").CountAsync());
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        Assert.True(pdf.Length > 1000);
    }
}
