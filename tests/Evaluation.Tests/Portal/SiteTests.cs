using System.Net;
using Evaluation.Portal;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

/// <summary>What belongs to the sites rather than to one page: health, the not-found page, the stylesheets, and the
/// boundary between Portal and Admin.</summary>
public class SiteTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Theory]
    [InlineData("/healthz")]
    public async Task Health_is_200_when_the_database_answers(string url) =>
        Assert.Equal(HttpStatusCode.OK, (await sites.Portal.CreateClient().GetAsync(url)).StatusCode);

    [Fact]
    public async Task Health_is_503_when_the_database_is_unreachable()
    {
        var cluster = await PostgresCluster.GetAsync();
        await using var portal = new SiteFactory<PortalSite>(cluster.ConnectionString("no_such_database"));
        await using var admin = new SiteFactory<Evaluation.Admin.AdminSite>(cluster.ConnectionString("no_such_database"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await portal.CreateClient().GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Unknown_pages_get_a_page_in_Chinese()
    {
        var response = await sites.Portal.Browser().GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("未找到页面", (await response.ReadHtmlAsync()).Title);
    }

    [Fact]
    public async Task Admin_pages_are_not_reachable_through_the_portal()
    {
        foreach (var url in new[] { "/Account/Login", "/Decisions/Create", "/Opinions/Export?consultationId=1", "/Users" })
            Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_each_site_links_to_is_served()
    {
        foreach (var (client, url) in new[] { (sites.Portal.Browser(), "/"), (sites.Admin.Browser(), "/Account/Login") })
        {
            var href = (await client.GetHtmlAsync(url)).QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
            var css = await client.GetAsync(href);
            Assert.Equal(HttpStatusCode.OK, css.StatusCode);
            Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
            Assert.Contains("--accent", await css.Content.ReadAsStringAsync());
        }
    }
}
