using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Account;

public class LogoutTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Signing_out_ends_the_session_and_returns_to_the_login()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var response = await client.SubmitAsync("/", new Dictionary<string, string?>(), "form[action='/Account/Logout']");
        Assert.Equal("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Account/Login", (await client.GetAsync("/Decisions")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
