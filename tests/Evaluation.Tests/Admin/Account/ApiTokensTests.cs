using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Account;

public class ApiTokensTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string TokensOf =
        "select count(*) from api_token t join staff_user u on u.id = t.staff_user_id where u.user_name = @userName";

    [Fact]
    public async Task A_token_is_shown_once_kept_only_as_a_hash_and_revoked_by_its_owner()
    {
        var (staff, userName) = await sites.SignedInAsync("evaluation_staff");
        var issued = await (await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?> { ["Name"] = "统计软件" })).ReadHtmlAsync();
        var token = issued.Text("#new-token");
        Assert.NotEmpty(token);
        Assert.Contains("统计软件", issued.Body!.TextContent);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(TokensOf + " and t.name = '统计软件' and t.revoked_at is null", new { userName }));
        Assert.DoesNotContain(token, (await staff.GetHtmlAsync("/Account/ApiTokens")).Body!.TextContent);

        await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?>(), "form[action*='handler=Revoke']");
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(TokensOf + " and t.revoked_at is not null", new { userName }));
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'api_token' and action in ('issue_api_token', 'revoke_api_token')"));
    }

    [Fact]
    public async Task A_token_needs_a_name()
    {
        var (staff, userName) = await sites.SignedInAsync("evaluation_staff");
        var page = await (await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?> { ["Name"] = "" })).ReadHtmlAsync();
        Assert.Null(page.QuerySelector("#new-token"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(TokensOf, new { userName }));
    }
}
