using System.Net;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

public class RateLimitTests(TightLimitsFixture sites) : IClassFixture<TightLimitsFixture>
{
    private static Task<HttpResponseMessage> LookUpAsync(HttpClient client) =>
        client.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = Receipt.NewNumber() });

    [Fact]
    public async Task A_burst_of_lookups_from_one_address_is_limited_whatever_X_Forwarded_For_it_claims()
    {
        // 127.0.0.1 is no trusted proxy here: each request claims another client, and all count for 127.0.0.1.
        for (var i = 1; i <= 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await LookUpAsync(TightLimitsFixture.Client(sites.PortalUrl, $"203.0.113.{i}"))).StatusCode);

        var refused = await LookUpAsync(TightLimitsFixture.Client(sites.PortalUrl, "203.0.113.99"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 600);
        var page = await refused.ReadHtmlAsync();
        Assert.Contains(Texts.Get("Status.429.Title"), page.Title);
        Assert.Contains(Texts.Get("Status.429.Body"), page.Body!.TextContent);
        // Reading pages is never limited.
        Assert.Equal(HttpStatusCode.OK, (await TightLimitsFixture.Client(sites.PortalUrl).GetAsync("/Lookup")).StatusCode);
    }

    [Fact]
    public async Task A_burst_of_opinions_from_one_address_is_limited_and_the_refused_one_is_not_stored()
    {
        var consultation = await sites.ConsultationAsync();
        var form = new Dictionary<string, string?> { ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = "意见" };
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await TightLimitsFixture.Client(sites.PortalUrl).SubmitAsync($"/Consultations/{consultation}", form)).StatusCode);

        var refused = await TightLimitsFixture.Client(sites.PortalUrl).SubmitAsync($"/Consultations/{consultation}", form);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task A_burst_of_admin_logins_from_one_address_is_limited()
    {
        for (var i = 0; i < 3; i++)
        {
            var page = await (await TightLimitsFixture.Client(sites.AdminUrl).SubmitAsync("/Account/Login",
                new Dictionary<string, string?> { ["UserName"] = $"nobody{i}", ["Password"] = "wrong password" })).ReadHtmlAsync();
            Assert.Contains(Texts.Get("Login.Failed"), page.Body!.TextContent);
        }
        var refused = await TightLimitsFixture.Client(sites.AdminUrl).SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = "nobody9", ["Password"] = "wrong password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains(Texts.Get("Status.429.Title"), (await refused.ReadHtmlAsync()).Title);
    }
}

public class TrustedProxyTests(TrustedProxyFixture sites) : IClassFixture<TrustedProxyFixture>
{
    private static Task<HttpResponseMessage> LookUpAsync(HttpClient client) =>
        client.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = Receipt.NewNumber() });

    [Fact]
    public async Task Clients_behind_a_trusted_proxy_are_counted_each_by_its_own_address()
    {
        // Eight people behind the proxy, each looking up once: far more than one address may, none refused.
        for (var i = 0; i < 8; i++)
            Assert.Equal(HttpStatusCode.OK, (await LookUpAsync(TightLimitsFixture.Client(sites.PortalUrl, TrustedProxyFixture.NewClientAddress()))).StatusCode);

        // One of them in a loop is stopped, though.
        var busy = TrustedProxyFixture.NewClientAddress();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await LookUpAsync(TightLimitsFixture.Client(sites.PortalUrl, busy))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await LookUpAsync(TightLimitsFixture.Client(sites.PortalUrl, busy))).StatusCode);
    }

    [Fact]
    public async Task Logins_for_one_user_name_are_limited_from_whatever_address()
    {
        const string password = "correct horse battery";
        await sites.DataSource.StaffAsync("sprayed", password, "organizer");
        Task<HttpResponseMessage> Attempt(string pw) => TightLimitsFixture.Client(sites.AdminUrl, TrustedProxyFixture.NewClientAddress())
            .SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "SPRAYED", ["Password"] = pw });

        Assert.Equal(HttpStatusCode.OK, (await Attempt("guess one")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Attempt("guess two")).StatusCode);
        var refused = await Attempt(password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains(Texts.Get("Status.429.Title"), (await refused.ReadHtmlAsync()).Title);
        // Refused before the password was checked: no third failure counted against the account.
        Assert.Equal(2, await sites.DataSource.ScalarAsync<int>("select failed_login_count from staff_user where user_name = 'sprayed'"));
    }
}
