using Evaluation.Admin;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

/// <summary>Admin hands out links to the Portal (invitations): without a valid Portal address it does not start.</summary>
public class PortalLinksTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData("")]
    [InlineData("/portal")]
    [InlineData("ftp://portal.example.cn")]
    public void Admin_refuses_to_start_without_an_absolute_portal_address(string portalUrl)
    {
        using var admin = new SiteFactory<AdminSite>(db.ConnectionString, configure: b => b.UseSetting("PortalUrl", portalUrl));
        var refused = Assert.ThrowsAny<Exception>(() => admin.CreateClient());
        Assert.Contains("PortalUrl", refused.ToString());
    }

    [Fact]
    public void A_link_to_the_portal_is_absolute_whatever_the_trailing_slash()
    {
        Assert.Equal("https://yijian.renqiu.gov.cn/Questionnaires/5?invite=x",
            new PortalLinks { PortalUrl = "https://yijian.renqiu.gov.cn/" }.To("/Questionnaires/5?invite=x"));
    }
}
