using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

public class AccountTests(SitesFixture sites) : IClassFixture<SitesFixture>
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
        Assert.Equal("用户名或密码错误。", wrong.Text(".validation-summary-errors"));
        Assert.Equal("用户名或密码错误。", unknown.Text(".validation-summary-errors"));
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_against_the_right_password()
    {
        await sites.DataSource.StaffAsync("zhaomin", "the right password", "organizer");
        var client = sites.Admin.Browser();
        for (var i = 0; i < 4; i++)
            await client.SubmitAsync("/Account/Login", Credentials("zhaomin", $"wrong {i}"));
        var fifth = await (await client.SubmitAsync("/Account/Login", Credentials("zhaomin", "wrong 5"))).ReadHtmlAsync();
        Assert.Contains("账户已锁定", fifth.Text(".validation-summary-errors"));

        var right = await client.SubmitAsync("/Account/Login", Credentials("zhaomin", "the right password"));
        Assert.Equal("/Account/Login", right.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("账户已锁定", (await right.ReadHtmlAsync()).Text(".validation-summary-errors"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from audit_log where action = 'login_locked' and actor_name = 'zhaomin'"));
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_account()
    {
        var id = await sites.DataSource.StaffAsync("locked1", "the right password", "organizer");
        await sites.DataSource.ScalarAsync<long>("update staff_user set locked_until = now() + interval '1 hour' where id = @id returning id", new { id });
        var (admin, _) = await sites.SignedInAsync("administrator");
        await admin.SubmitAsync($"/Users/Edit/{id}", new Dictionary<string, string?>(), "form[action$='handler=Unlock']");

        var response = await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("locked1", "the right password"));
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_deactivated_account_is_signed_out_at_its_next_request()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        await sites.DataSource.ScalarAsync<long>("update staff_user set is_active = false where user_name = @userName returning id", new { userName });
        var response = await client.GetAsync("/Decisions");
        Assert.Equal("/Account/Login", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Staff_change_their_own_password()
    {
        await sites.DataSource.StaffAsync("sunli", "first password!", "legal_reviewer");
        var client = sites.Admin.Browser();
        await client.SubmitAsync("/Account/Login", Credentials("sunli", "first password!"));
        var tooShort = await (await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = "first password!", ["NewPassword"] = "short", ["Confirm"] = "short" })).ReadHtmlAsync();
        Assert.Contains("至少需要 10 个字符", tooShort.Body!.TextContent);
        await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = "first password!", ["NewPassword"] = "second password!", ["Confirm"] = "second password!" });

        var old = await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("sunli", "first password!"));
        Assert.Equal("/Account/Login", old.RequestMessage!.RequestUri!.AbsolutePath);
        var @new = await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("sunli", "second password!"));
        Assert.Equal("/", @new.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Only_administrators_manage_users_and_read_the_audit_log()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/Users")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/Audit")).RequestMessage!.RequestUri!.AbsolutePath);

        var (admin, _) = await sites.SignedInAsync("administrator");
        var created = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "pinggu01", ["Input.DisplayName"] = "评估员一", ["Input.Role"] = "evaluation_staff", ["Input.DepartmentId"] = "3",
        })).ReadHtmlAsync();
        var password = created.Text("#new-password");
        Assert.Equal(16, password.Length);
        var login = await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("pinggu01", password));
        Assert.Equal("/", login.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.DoesNotContain(password, await sites.DataSource.ScalarAsync<string>("select password_hash from staff_user where user_name = 'pinggu01'"));

        // The audit log shows who created the account, and never its password.
        var audit = await admin.GetHtmlAsync("/Audit?entity=staff_user");
        Assert.Contains("pinggu01", audit.Body!.TextContent);
        Assert.DoesNotContain(password, audit.Body.TextContent);
    }

    [Fact]
    public async Task Evaluation_staff_need_a_department()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var page = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "pinggu02", ["Input.DisplayName"] = "评估员二", ["Input.Role"] = "evaluation_staff", ["Input.DepartmentId"] = "",
        })).ReadHtmlAsync();
        Assert.Contains("必须选择所属部门", page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from staff_user where user_name = 'pinggu02'"));
    }
}
