using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal;

/// <summary>The status page: an unknown address and other status codes answer with a page in Chinese.</summary>
public class StatusTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_unknown_address_gets_the_not_found_page_in_chinese()
    {
        var response = await sites.Portal.Browser().GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Equal(Texts.Get("Status.404.Title"), page.Text("h1"));
        Assert.Equal(Texts.Get("Status.Home"), page.Text("main a[href='/']"));
    }
}
