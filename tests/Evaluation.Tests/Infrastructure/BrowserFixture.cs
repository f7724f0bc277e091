using Microsoft.Playwright;

namespace Evaluation.Tests.Infrastructure;

/// <summary>
/// Both sites on real Kestrel servers on loopback, and Debian's Chromium driven by Playwright
/// (no browser download: the executable is /usr/bin/chromium, or CHROMIUM_PATH).
/// </summary>
public class BrowserFixture : SitesFixture
{
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;
    public string PortalUrl { get; private set; } = "";
    public string AdminUrl { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        PortalUrl = Portal.StartOnKestrel();
        AdminUrl = Admin.StartOnKestrel();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with a phone-sized or desktop viewport.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, bool bypassCsp = false)
    {
        var context = await Browser.NewContextAsync(phone
            ? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "zh-CN" }
            : new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "zh-CN", BypassCSP = bypassCsp });
        // The first browser class starts while the rest of the suite runs at its busiest on two cores: pages then take
        // longer than Playwright's default 30 s to reach their load event (seen in full CI runs). A patient timeout,
        // not a sleep: a page that loads sooner goes on at once.
        context.SetDefaultTimeout(90_000);
        context.SetDefaultNavigationTimeout(90_000);
        return await context.NewPageAsync();
    }

    /// <summary>With SCREENSHOTS=folder set, saves a full-page picture of each step, to look at what users see.</summary>
    public static async Task SnapAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// Browser tests run one class at a time (beside the other tests): each starts Chromium and two servers, and on two
/// cores several at once starve each other into timeouts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
