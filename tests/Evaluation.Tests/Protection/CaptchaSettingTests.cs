using Evaluation.Portal;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Evaluation.Tests.Protection;

/// <summary>Switching the captcha off is a deliberate act in Production, never a leftover setting.</summary>
public class CaptchaSettingTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private SiteFactory<PortalSite> Portal(bool allow, string environment = "Production") => new(db.ConnectionString, configure: b =>
    {
        b.UseEnvironment(environment);
        if (allow) b.UseSetting("Captcha:AllowNoneInProduction", "true");
    });

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("prod")]
    public void The_portal_refuses_to_start_outside_development_and_testing_with_the_captcha_off(string environment)
    {
        using var portal = Portal(allow: false, environment);
        var refused = Assert.ThrowsAny<Exception>(() => portal.CreateClient());
        Assert.Contains("AllowNoneInProduction", refused.ToString());
    }

    [Fact]
    public async Task With_the_explicit_setting_it_starts()
    {
        using var portal = Portal(allow: true);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await portal.CreateClient().GetAsync("/healthz")).StatusCode);
    }
}
