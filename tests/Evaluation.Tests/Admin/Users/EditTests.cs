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
}
