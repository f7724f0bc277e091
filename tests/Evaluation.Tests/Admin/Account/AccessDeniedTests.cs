using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Account;

public class AccessDeniedTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_page_beyond_the_role_lands_on_access_denied_with_status_403()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var response = await organizer.GetAsync("/Users");
        Assert.Equal("/Account/AccessDenied", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal(Texts.Get("AccessDenied.Title"), page.Text("h1"));
        Assert.Contains(Texts.Get("AccessDenied.Body"), page.Body!.TextContent);
    }
}
