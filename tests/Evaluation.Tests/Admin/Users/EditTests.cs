using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Users;

public class EditTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_administrator_unlocks_a_locked_account()
    {
        var id = await sites.DataSource.StaffAsync("locked1", "the right password", "organizer");
        await sites.DataSource.ScalarAsync<long>("update staff_user set locked_until = @until where id = @id returning id",
            new { id, until = sites.Now.AddHours(1) });
        var (admin, _) = await sites.SignedInAsync("administrator");
        await admin.SubmitAsync($"/Users/Edit/{id}", new Dictionary<string, string?>(), "form[action$='handler=Unlock']");

        var response = await sites.Admin.Browser().SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = "locked1", ["Password"] = "the right password" });
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task A_reset_password_signs_in_once_to_be_changed()
    {
        var id = await sites.DataSource.StaffAsync("forgot1", "a forgotten password", "organizer");
        var (admin, _) = await sites.SignedInAsync("administrator");
        var page = await (await admin.SubmitAsync($"/Users/Edit/{id}", new Dictionary<string, string?>(), "form[action$='handler=ResetPassword']")).ReadHtmlAsync();
        var password = page.Text("#new-password");
        Assert.True(await sites.DataSource.ScalarAsync<bool>("select must_change_password from staff_user where id = @id", new { id }));

        var holder = sites.Admin.Browser();
        var login = await holder.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "forgot1", ["Password"] = password });
        Assert.Equal("/Account/ChangePassword", login.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Account/ChangePassword", (await holder.GetAsync("/Decisions")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
