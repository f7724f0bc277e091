using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Audit;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Only_administrators_read_the_audit_log()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/Audit")).RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_audit_log_lists_the_creation_of_an_account_and_never_its_password()
    {
        var (admin, _) = await sites.SignedInAsync("administrator");
        var created = await (await admin.SubmitAsync("/Users/Create", new Dictionary<string, string?>
        {
            ["UserName"] = "pinggu03", ["Input.DisplayName"] = "评估员三", ["Input.Role"] = "organizer",
        })).ReadHtmlAsync();
        var password = created.Text("#new-password");

        var audit = await admin.GetHtmlAsync("/Audit?entity=staff_user");
        Assert.Contains("pinggu03", audit.Body!.TextContent);
        Assert.DoesNotContain(password, audit.Body.TextContent);
    }
}
