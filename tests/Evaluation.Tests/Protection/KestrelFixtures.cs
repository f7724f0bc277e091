using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Evaluation.Tests.Protection;

/// <summary>Both sites on real Kestrel servers with tight limits. Requests come from 127.0.0.1, which is not a trusted
/// proxy here: X-Forwarded-For must be ignored.</summary>
public class TightLimitsFixture : SitesFixture
{
    public string PortalUrl { get; private set; } = "";
    public string AdminUrl { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        PortalUrl = Portal.StartOnKestrel();
        AdminUrl = Admin.StartOnKestrel();
    }

    protected override void ConfigurePortal(IWebHostBuilder builder) => Limits(builder);
    protected override void ConfigureAdmin(IWebHostBuilder builder) => Limits(builder);

    protected virtual void Limits(IWebHostBuilder builder)
    {
        builder.UseSetting("RateLimits:Submit:PermitLimit", "2");
        builder.UseSetting("RateLimits:Lookup:PermitLimit", "3");
        builder.UseSetting("RateLimits:Login:PermitLimit", "3");
        builder.UseSetting("RateLimits:LoginPerUserName:PermitLimit", "2");
    }

    /// <summary>A client of the Kestrel server; with an address, it says it forwards for that client.</summary>
    public static HttpClient Client(string baseUrl, string? forwardedFor = null, string? forwardedProto = null)
    {
        var client = SiteFactory<Evaluation.Portal.PortalSite>.KestrelClient(baseUrl);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }
}

/// <summary>The same, behind a reverse proxy at 127.0.0.1 that configuration trusts: X-Forwarded-For names the client.
/// Each test uses client addresses of its own, so that tests never share a rate limit.</summary>
public sealed class TrustedProxyFixture : TightLimitsFixture
{
    private static int _addresses;

    protected override void Limits(IWebHostBuilder builder)
    {
        base.Limits(builder);
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");
    }

    public static string NewClientAddress()
    {
        var n = Interlocked.Increment(ref _addresses);
        return $"198.51.{n / 250}.{n % 250 + 1}";
    }
}
