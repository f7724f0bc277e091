using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

/// <summary>No Admin answer is kept by a browser or proxy: pages, exports, errors and the sign-in page are no-store.</summary>
public class AdminCachingTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Every_admin_page_and_export_is_no_store_and_static_files_keep_their_caching()
    {
        var year = DateOnly.FromDateTime(Evaluation.Shared.Web.Display.ToChinaTime(sites.Now)).Year;
        var anonymous = sites.Admin.Browser();
        var login = await anonymous.GetAsync("/Account/Login");
        Assert.True(login.Headers.CacheControl?.NoStore, "sign-in page");

        var (organizer, _) = await sites.SignedInAsync("organizer");
        foreach (var url in new[] { "/", "/Projects", "/Performance", $"/Performance?handler=Export&year={year}", "/Decisions", "/Projects/Details/999999" })
        {
            var response = await organizer.GetAsync(url);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, url);
            Assert.True(response.Headers.CacheControl?.NoStore, url);
        }

        var css = await anonymous.GetAsync("/_content/Evaluation.Shared/css/site.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.NotEqual(true, css.Headers.CacheControl?.NoStore);
    }
}
