using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin;

/// <summary>Admin's status page: a signed-in user's unknown address answers with the not-found page in Chinese.</summary>
public class StatusTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task An_unknown_address_gets_the_not_found_page_in_chinese()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var response = await client.GetAsync("/no-such-page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Texts.Get("Status.404.Title"), (await response.ReadHtmlAsync()).Text("h1"));
    }
}
