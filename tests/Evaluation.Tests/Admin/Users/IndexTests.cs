using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Users;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Only_administrators_manage_users()
    {
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/Users")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/Account/AccessDenied", (await organizer.GetAsync("/Users/Create")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
