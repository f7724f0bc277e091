using System.Net;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Evaluation.Tests.Admin.Account;

/// <summary>Admin with three sign-in attempts per user name in the window.</summary>
public sealed class ThreeAttemptsFixture : SitesFixture
{
    protected override void ConfigureAdmin(IWebHostBuilder builder) =>
        builder.UseSetting("RateLimits:LoginPerUserName:PermitLimit", "3");
}

/// <summary>The password change checks the current password, so guessing it there counts like guessing at the login.</summary>
public class ChangePasswordLimitTests(ThreeAttemptsFixture sites) : IClassFixture<ThreeAttemptsFixture>
{
    [Fact]
    public async Task Guessing_the_current_password_is_limited_per_user_name()
    {
        await sites.DataSource.StaffAsync("guess1", "the real password", "organizer");
        var client = sites.Admin.Browser();
        await client.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "guess1", ["Password"] = "the real password" });
        var guess = new Dictionary<string, string?> { ["Current"] = "a guess", ["NewPassword"] = "another password", ["Confirm"] = "another password" };

        for (var i = 0; i < 2; i++)
        {
            var wrong = await client.SubmitAsync("/Account/ChangePassword", guess);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(Texts.Get("Password.CurrentWrong"), (await wrong.ReadHtmlAsync()).Body!.TextContent);
        }
        var refused = await client.SubmitAsync("/Account/ChangePassword", guess);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }
}
