using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

/// <summary>
/// The audit log says from where: the client's address as a trusted proxy names it and its user agent; and it records
/// what was refused: a failed login for a name that does not exist, a page beyond the user's role.
/// </summary>
public class AuditTrailTests(TrustedProxyFixture sites) : IClassFixture<TrustedProxyFixture>
{
    private HttpClient Client(string address)
    {
        var client = TightLimitsFixture.Client(sites.AdminUrl, address);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("AuditTrailTests/1.0");
        return client;
    }

    [Fact]
    public async Task A_failed_login_for_an_unknown_name_is_audited_with_the_clients_address_and_agent()
    {
        var address = TrustedProxyFixture.NewClientAddress();
        await Client(address).SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = "no-such-user-7", ["Password"] = "whatever it is" });

        var row = await sites.DataSource.ScalarAsync<string>(
            "select client_address || ' ' || user_agent from audit_log where action = 'login_failed' and actor_name = 'no-such-user-7'");
        Assert.Equal($"{address} AuditTrailTests/1.0", row);
    }

    [Fact]
    public async Task A_page_beyond_the_users_role_is_refused_and_audited()
    {
        var address = TrustedProxyFixture.NewClientAddress();
        await sites.DataSource.StaffAsync("nosy1", "a long password", "evaluation_staff");
        var client = Client(address);
        await client.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "nosy1", ["Password"] = "a long password" });

        var refused = await client.GetAsync("/Users");

        Assert.Equal("/Account/AccessDenied", refused.RequestMessage!.RequestUri!.AbsolutePath);
        var row = await sites.DataSource.ScalarAsync<string>(
            "select actor_name || ' ' || (after ->> 'path') || ' ' || client_address from audit_log where action = 'access_denied'");
        Assert.Equal($"nosy1 /Users {address}", row);
    }
}
