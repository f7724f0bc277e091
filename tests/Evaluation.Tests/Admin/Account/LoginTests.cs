using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Account;

public class LoginTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Credentials(string user, string password) =>
        new() { ["UserName"] = user, ["Password"] = password };

    [Fact]
    public async Task Every_admin_page_asks_for_a_login_first()
    {
        var client = sites.Admin.NoRedirects();
        foreach (var url in new[] { "/", "/Decisions", "/Decisions/Create", "/Opinions?consultationId=1", "/Opinions/Export?consultationId=1", "/Users", "/Audit" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task A_staff_member_logs_in_and_the_login_is_audited()
    {
        await sites.DataSource.StaffAsync("wangfang", "a long enough password", "organizer");
        var client = sites.Admin.Browser();
        var response = await client.SubmitAsync("/Account/Login", Credentials("WangFang", "a long enough password"));
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("wangfang", (await response.ReadHtmlAsync()).Text("header .who"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'login' and actor_name = 'wangfang'"));
    }

    [Fact]
    public async Task A_wrong_password_gets_the_same_message_as_an_unknown_user()
    {
        await sites.DataSource.StaffAsync("liqiang", "a long enough password", "organizer");
        var wrong = await (await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("liqiang", "wrong"))).ReadHtmlAsync();
        var unknown = await (await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("nobody", "wrong"))).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Login.Failed"), wrong.Text(".validation-summary-errors"));
        Assert.Equal(Texts.Get("Login.Failed"), unknown.Text(".validation-summary-errors"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        await sites.DataSource.StaffAsync("zhaomin", "the right password", "organizer");
        var client = sites.Admin.Browser();
        for (var i = 0; i < 4; i++)
            await client.SubmitAsync("/Account/Login", Credentials("zhaomin", $"wrong {i}"));
        var fifth = await (await client.SubmitAsync("/Account/Login", Credentials("zhaomin", "wrong 5"))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Login.Locked", 15), fifth.Text(".validation-summary-errors"));

        var right = await client.SubmitAsync("/Account/Login", Credentials("zhaomin", "the right password"));
        Assert.Equal("/Account/Login", right.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Texts.Get("Login.Locked", 15), (await right.ReadHtmlAsync()).Text(".validation-summary-errors"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from audit_log where action = 'login_locked' and actor_name = 'zhaomin'"));
    }

    [Fact]
    public async Task A_locked_account_opens_again_when_the_lockout_has_passed()
    {
        await sites.DataSource.StaffAsync("zhoujie", "the right password", "organizer");
        var client = sites.Admin.Browser();
        for (var i = 0; i < 5; i++)
            await client.SubmitAsync("/Account/Login", Credentials("zhoujie", $"wrong {i}"));
        var locked = await client.SubmitAsync("/Account/Login", Credentials("zhoujie", "the right password"));
        Assert.Equal("/Account/Login", locked.RequestMessage!.RequestUri!.AbsolutePath);

        // Lockout:Minutes is 15 by default.
        sites.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var right = await client.SubmitAsync("/Account/Login", Credentials("zhoujie", "the right password"));
        Assert.Equal("/", right.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_deactivated_account_is_signed_out_at_its_next_request()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        await sites.DataSource.ScalarAsync<long>("update staff_user set is_active = false where user_name = @userName returning id", new { userName });
        var response = await client.GetAsync("/Decisions");
        Assert.Equal("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
