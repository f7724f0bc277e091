using Evaluation.Admin;
using Evaluation.Portal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evaluation.Tests.Infrastructure;

/// <summary>One of the two sites, started in-process on the test database; with a clock, the site reads the time from
/// it instead of the system's.</summary>
public sealed class SiteFactory<TSite>(string connectionString, TimeProvider? clock = null, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<TSite> where TSite : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (clock is { } time)
            builder.ConfigureTestServices(services => services.RemoveAll<TimeProvider>().AddSingleton(time));
        builder.UseSetting("ConnectionStrings:Evaluation", connectionString);
        builder.UseSetting("DataProtection:CertificatePath", TestKeys.CertificatePath);
        // Tests that are not about the captcha or the rate limits switch the one off and lift the others; the tests
        // about them set their own values through configure.
        builder.UseSetting("Captcha:Provider", "None");
        builder.UseSetting("PortalUrl", "http://portal.test");
        // The findings page shows the last result "as of" its time when computing took long: on a busy test machine that
        // would make any test that changes data and then reads the figures depend on timing. Only the tests about it
        // (FreshnessTests) lower it, and the benchmark, which measures it, sets EVALUATION_SERVE_STALE_AFTER_MS.
        builder.UseSetting("Findings:ServeStaleAfterMs", Environment.GetEnvironmentVariable("EVALUATION_SERVE_STALE_AFTER_MS") ?? "3600000");
        foreach (var limit in new[] { "Submit", "Answer", "Lookup", "Login", "LoginPerUserName" })
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "100000");
        configure?.Invoke(builder);
    }

    /// <summary>A client that keeps cookies and follows redirects, as a browser does.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    /// <summary>A client that keeps cookies but shows each redirect.</summary>
    public HttpClient NoRedirects() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>
    /// Starts the site on a real Kestrel server on loopback and returns its base URL: for what the in-memory test
    /// server does not do (client addresses, body size limits, a browser).
    /// </summary>
    public string StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
    }

    /// <summary>A client of the Kestrel server (cookies kept, redirects followed), as a browser without JavaScript.</summary>
    public static HttpClient KestrelClient(string baseUrl, bool followRedirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new System.Net.CookieContainer() })
        {
            BaseAddress = new Uri(baseUrl),
        };
}

/// <summary>Portal and Admin on the test class's own database, both on the class's clock.</summary>
public class SitesFixture : DatabaseFixture
{
    public SiteFactory<PortalSite> Portal { get; private set; } = null!;
    public SiteFactory<AdminSite> Admin { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Portal = new SiteFactory<PortalSite>(SiteConnectionString("portal"), Clock, ConfigurePortal);
        Admin = new SiteFactory<AdminSite>(SiteConnectionString("admin"), Clock, ConfigureAdmin);
    }

    /// <summary>Settings of a fixture's own, such as the captcha switched on.</summary>
    protected virtual void ConfigurePortal(IWebHostBuilder builder) { }
    protected virtual void ConfigureAdmin(IWebHostBuilder builder) { }

    public override async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Admin.DisposeAsync();
        await base.DisposeAsync();
    }
}
