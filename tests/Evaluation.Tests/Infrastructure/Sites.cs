using Evaluation.Admin;
using Evaluation.Portal;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Evaluation.Tests.Infrastructure;

/// <summary>One of the two sites, started in-process on the test database.</summary>
public sealed class SiteFactory<TSite>(string connectionString, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<TSite> where TSite : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Evaluation", connectionString);
        // Tests that are not about the captcha or the rate limits switch the one off and lift the others; the tests
        // about them set their own values through configure.
        builder.UseSetting("Captcha:Provider", "None");
        foreach (var limit in new[] { "Submit", "Lookup", "Login", "LoginPerUserName" })
            builder.UseSetting($"RateLimits:{limit}:PermitLimit", "100000");
        configure?.Invoke(builder);
    }

    /// <summary>A client that keeps cookies and follows redirects, as a browser does.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    /// <summary>A client that keeps cookies but shows each redirect.</summary>
    public HttpClient NoRedirects() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
}

/// <summary>Portal and Admin on the test class's own database.</summary>
public class SitesFixture : DatabaseFixture
{
    public SiteFactory<PortalSite> Portal { get; private set; } = null!;
    public SiteFactory<AdminSite> Admin { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Portal = new SiteFactory<PortalSite>(ConnectionString);
        Admin = new SiteFactory<AdminSite>(ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Admin.DisposeAsync();
        await base.DisposeAsync();
    }
}
