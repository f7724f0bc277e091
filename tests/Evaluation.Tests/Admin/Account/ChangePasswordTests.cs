using Evaluation.Shared.Staff;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Account;

public class ChangePasswordTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Dictionary<string, string?> Credentials(string user, string password) =>
        new() { ["UserName"] = user, ["Password"] = password };

    [Fact]
    public async Task Staff_change_their_own_password()
    {
        await sites.DataSource.StaffAsync("sunli", "first password!", "legal_reviewer");
        var client = sites.Admin.Browser();
        await client.SubmitAsync("/Account/Login", Credentials("sunli", "first password!"));
        var tooShort = await (await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = "first password!", ["NewPassword"] = "short", ["Confirm"] = "short" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Password.TooShort", StaffAccounts.MinimumPasswordLength), tooShort.Body!.TextContent);
        await client.SubmitAsync("/Account/ChangePassword", new Dictionary<string, string?>
            { ["Current"] = "first password!", ["NewPassword"] = "second password!", ["Confirm"] = "second password!" });

        var old = await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("sunli", "first password!"));
        Assert.Equal("/Account/Login", old.RequestMessage!.RequestUri!.AbsolutePath);
        var @new = await sites.Admin.Browser().SubmitAsync("/Account/Login", Credentials("sunli", "second password!"));
        Assert.Equal("/", @new.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
