using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Decisions;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Legal_reviewers_read_the_register()
    {
        var (client, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Decisions")).StatusCode);
    }
}
