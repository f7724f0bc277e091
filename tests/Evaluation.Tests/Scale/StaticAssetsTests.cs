using System.Net;
using System.Text.RegularExpressions;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Scale;

/// <summary>The stylesheets and scripts that pages link are fingerprinted and kept by browsers for a year, on both
/// sites as run.sh runs them (from the build): a crowd asks for a page, not again for every file it links.</summary>
public partial class StaticAssetsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [GeneratedRegex("""(?:href|src)="(/[^"]+\.[0-9a-z]{8,}\.(?:css|js))" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex Fingerprinted();

    [Fact]
    public async Task Linked_assets_are_fingerprinted_and_immutable_on_both_sites()
    {
        foreach (var (client, url) in new[] { (sites.Portal.Browser(), "/"), (sites.Admin.Browser(), "/Account/Login") })
        {
            var html = await client.GetStringAsync(url);
            var assets = Fingerprinted().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.NotEmpty(assets);
            foreach (var asset in assets)
            {
                var response = await client.GetAsync(asset);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var caching = response.Headers.CacheControl;
                Assert.True(caching is { NoCache: false } && caching.MaxAge >= TimeSpan.FromDays(365), $"{asset}: Cache-Control {caching}");
                Assert.Contains("immutable", caching!.Extensions.Select(e => e.Name));
            }
        }
    }
}
