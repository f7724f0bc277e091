using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Users;

public class CreateTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_administrator_creates_an_account_whose_generated_password_signs_in_and_is_stored_hashed()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var created = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "pinggu01", ["Input.DisplayName"] = "评估员一", ["Input.Role"] = "evaluation_staff", ["Input.DepartmentId"] = "3",
        })).ReadHtmlAsync();
        var password = created.Text("#new-password");
        Assert.Equal(16, password.Length);
        var holder = sites.Admin.Browser();
        var login = await holder.SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = "pinggu01", ["Password"] = password });
        Assert.DoesNotContain(password, await sites.DataSource.ScalarAsync<string>("select password_hash from staff_user where user_name = 'pinggu01'"));

        // The administrator has seen the password: its holder changes it before anything else.
        Assert.Equal("/Account/ChangePassword", login.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Texts.Get("Password.Required"), (await login.ReadHtmlAsync()).Text("#password-required"));
        Assert.Equal("/Account/ChangePassword", (await holder.GetAsync("/Projects")).RequestMessage!.RequestUri!.AbsolutePath);
        var same = await (await holder.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = password, ["NewPassword"] = password, ["Confirm"] = password })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Password.Same"), same.Body!.TextContent);
        var changed = await holder.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = password, ["NewPassword"] = "only pinggu01 knows", ["Confirm"] = "only pinggu01 knows" });
        Assert.Equal("/", changed.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Projects", (await holder.GetAsync("/Projects")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.False(await sites.DataSource.ScalarAsync<bool>("select must_change_password from staff_user where user_name = 'pinggu01'"));
    }

    [Fact]
    public async Task Evaluation_staff_need_a_department()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var page = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "pinggu02", ["Input.DisplayName"] = "评估员二", ["Input.Role"] = "evaluation_staff", ["Input.DepartmentId"] = "",
        })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("User.Department.Required"), page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from staff_user where user_name = 'pinggu02'"));
    }
}
