using System.Diagnostics;
using System.Net;
using System.Threading.RateLimiting;
using AngleSharp.Html.Dom;
using Evaluation.Portal;
using Evaluation.Tests.Infrastructure;
using Evaluation.Tests.Localization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evaluation.Tests.Scale;

/// <summary>The sites on a PostgreSQL cluster of their own, which the tests stop and start under them.</summary>
public sealed class BreakableDatabaseFixture : SitesFixture
{
    public PostgresCluster Cluster { get; private set; } = null!;

    protected override Task<string> CreateDatabaseAsync()
    {
        Cluster = PostgresCluster.StartPrivate("outage");
        // A short wait for a connection, as production's default (5 s) but quicker for the test.
        return Task.FromResult(Cluster.ConnectionString("outage").Replace("Timeout=30", "Timeout=2"));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Cluster.Dispose();
    }
}

/// <summary>Database down, pool exhausted, site full: 503 with Retry-After and a page in Chinese, a POST's text shown
/// back in a form that sends it again, and recovery without a restart.</summary>
public class OutageTests(BreakableDatabaseFixture sites) : IClassFixture<BreakableDatabaseFixture>
{
    private static readonly Dictionary<string, string?> Opinion = new()
    {
        ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Consent"] = "true",
        ["Input.Name"] = "王小明", ["Input.Body"] = "关于公交线路调整的意见：\n早高峰请增加班次。",
    };

    [Fact]
    public async Task With_the_database_stopped_pages_answer_503_and_a_posted_opinion_comes_back_typed_and_goes_through_once_it_returns()
    {
        var consultation = await sites.ConsultationAsync();
        var browser = sites.Portal.Browser();
        var form = await FormAsync(browser, $"/Consultations/{consultation}");

        sites.Cluster.StopServer();
        try
        {
            var page = await browser.GetAsync($"/Consultations/{consultation}");
            await AssertUnavailableAsync(page);

            var posted = await browser.PostFormAsync(form, $"/Consultations/{consultation}", Opinion);
            var shownBack = await AssertUnavailableAsync(posted);
            Assert.Equal(Texts.Get("Unavailable.Kept"), shownBack.Text("#unavailable-kept"));
            var again = (IHtmlFormElement)shownBack.QuerySelector("#unavailable-form")!;
            Assert.Equal($"/Consultations/{consultation}", again.GetAttribute("action"));
            Assert.Equal(Opinion["Input.Body"], ((IHtmlTextAreaElement)again.QuerySelector("textarea[name='Input.Body']")!).Value);
            Assert.Equal("王小明", ((IHtmlTextAreaElement)again.QuerySelector("textarea[name='Input.Name']")!).Value);
            Assert.Equal("chuan", ((IHtmlInputElement)again.QuerySelector("input[name='Input.RegionCode']")!).Value);
            form = again;
        }
        finally
        {
            sites.Cluster.StartServer();
            // The test's own pool held connections the stop cut; the site's are its own business (that is the test).
            sites.DataSource.Clear();
        }

        // The database is back: the same site, not restarted, takes the form sent again from the 503 page.
        var sent = await browser.PostFormAsync(form, $"/Consultations/{consultation}", new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.StartsWith("/Receipt/", sent.RequestMessage!.RequestUri!.AbsolutePath);
        var receipt = sent.RequestMessage.RequestUri.AbsolutePath["/Receipt/".Length..];
        Assert.Equal(Opinion["Input.Body"], await sites.DataSource.ScalarAsync<string>(
            "select body from opinion where receipt_number = @receipt", new { receipt }));
    }

    [Fact]
    public async Task With_the_pool_exhausted_a_page_answers_503_within_the_bounded_wait_and_serves_again_once_a_connection_is_free()
    {
        var consultation = await sites.ConsultationAsync();
        await using var site = new SiteFactory<PortalSite>(
            sites.ConnectionString.Replace("Timeout=2", "Timeout=1") + ";Maximum Pool Size=2", sites.Clock);
        var browser = site.Browser();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/Consultations/{consultation}")).StatusCode);

        var pool = site.Services.GetRequiredService<NpgsqlDataSource>();
        var watch = Stopwatch.StartNew();
        // Every connection of the pool is taken, as by long requests.
        await using (var held = await pool.OpenConnectionAsync())
        await using (var alsoHeld = await pool.OpenConnectionAsync())
        {
            await AssertUnavailableAsync(await browser.GetAsync($"/Consultations/{consultation}"));
            watch.Stop();
        }
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/Consultations/{consultation}")).StatusCode);
    }

    [Fact]
    public async Task A_site_at_its_concurrency_limit_refuses_a_post_at_once_with_503_and_the_text_shown_back()
    {
        var consultation = await sites.ConsultationAsync();
        await using var site = new SiteFactory<PortalSite>(sites.ConnectionString, sites.Clock, b => b
            .UseSetting("Overload:MaxConcurrentRequests", "1").UseSetting("Overload:QueueLimit", "0").UseSetting("Overload:RetryAfterSeconds", "7"));
        var browser = site.Browser();
        var form = await FormAsync(browser, $"/Consultations/{consultation}");

        // The test takes the one permit, as a request being worked on would.
        var limiter = site.Services.GetRequiredService<ConcurrencyLimiter>();
        using (var busy = limiter.AttemptAcquire(1))
        {
            Assert.True(busy.IsAcquired);
            var watch = Stopwatch.StartNew();
            var refused = await browser.PostFormAsync(form, $"/Consultations/{consultation}", Opinion);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"refusing took {watch.Elapsed}");
            var page = await AssertUnavailableAsync(refused, retryAfter: "7");
            Assert.Equal(Opinion["Input.Body"], ((IHtmlTextAreaElement)page.QuerySelector("#unavailable-form textarea[name='Input.Body']")!).Value);
            // Written by the limiter itself (FormBack), not rendered: no layout, yet choices and tokens travel along.
            Assert.Null(page.QuerySelector("link[rel=stylesheet]"));
            Assert.Equal("chuan", ((IHtmlInputElement)page.QuerySelector("#unavailable-form input[type=hidden][name='Input.RegionCode']")!).Value);
            Assert.NotEmpty(((IHtmlInputElement)page.QuerySelector("#unavailable-form input[type=hidden][name='__RequestVerificationToken']")!).Value!);
            form = (IHtmlFormElement)page.QuerySelector("#unavailable-form")!;

            // A refused read gets the short page written by the limiter itself, not a rendered one; in English too.
            var read = await AssertUnavailableAsync(await browser.GetAsync($"/Consultations/{consultation}"), retryAfter: "7");
            Assert.Equal("/", read.QuerySelector("main a")!.GetAttribute("href"));
            var english = site.Browser();
            english.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
            var englishPage = await (await english.GetAsync($"/Consultations/{consultation}")).ReadHtmlAsync();
            Assert.Equal("en", englishPage.DocumentElement.GetAttribute("lang"));
            Assert.DoesNotMatch(ResourceParityTests.Cjk(), englishPage.Body!.TextContent);
        }
        var sent = await browser.PostFormAsync(form, $"/Consultations/{consultation}", new Dictionary<string, string?>());
        Assert.StartsWith("/Receipt/", sent.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task With_the_database_stopped_a_signed_in_staff_member_gets_the_503_page_and_admin_serves_again_once_it_returns()
    {
        var (staff, _) = await sites.SignedInAsync("organizer");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/")).StatusCode);
        sites.Cluster.StopServer();
        try
        {
            await AssertUnavailableAsync(await staff.GetAsync("/"));
        }
        finally
        {
            sites.Cluster.StartServer();
            sites.DataSource.Clear();
        }
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/")).StatusCode);
    }

    private static async Task<IHtmlFormElement> FormAsync(HttpClient browser, string url) =>
        (IHtmlFormElement)(await browser.GetHtmlAsync(url)).QuerySelector("main form[method=post]")!;

    private static async Task<IHtmlDocument> AssertUnavailableAsync(HttpResponseMessage response, string retryAfter = "5")
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(retryAfter, response.Headers.GetValues("Retry-After").Single());
        var page = await response.ReadHtmlAsync();
        Assert.Equal(Texts.Get("Status.503.Title"), page.Text("h1"));
        Assert.Equal(Texts.Get("Status.503.Body"), page.Text("main h1 + p"));
        return page;
    }
}
