using System.Net;
using AngleSharp.Dom;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Protection;

/// <summary>Body limits and security headers, on real Kestrel servers behind a trusted proxy (so that each test has
/// client addresses, and so rate limits, of its own).</summary>
public class RequestTests(TrustedProxyFixture sites) : IClassFixture<TrustedProxyFixture>
{
    private static HttpClient Client(string url, string? proto = null) =>
        TightLimitsFixture.Client(url, TrustedProxyFixture.NewClientAddress(), proto);

    private static async Task<AngleSharp.Html.Dom.IHtmlFormElement> FormAsync(HttpClient client, string url) =>
        (AngleSharp.Html.Dom.IHtmlFormElement)(await client.GetHtmlAsync(url)).QuerySelector("main form[method=post]")!;

    private static Dictionary<string, string?> Opinion(string body) => new()
    {
        ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = body,
    };

    [Fact]
    public async Task An_opinion_form_over_64_KB_gets_the_413_page_and_nothing_is_stored()
    {
        var consultation = await sites.ConsultationAsync();
        var client = Client(sites.PortalUrl);
        var response = await client.PostFormAsync(await FormAsync(client, $"/Consultations/{consultation}"),
            $"/Consultations/{consultation}", Opinion(new string('长', 8000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(Texts.Get("Status.413.Title"), (await response.ReadHtmlAsync()).Title);
        AssertSecurityHeaders(response);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        // The connection was not reset: the same client goes on.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/Consultations/{consultation}")).StatusCode);
    }

    [Fact]
    public async Task An_amend_form_over_8_KB_gets_the_413_page()
    {
        var questionnaire = await sites.PublishedQuestionnaireAsync(audience: Evaluation.Shared.Questionnaires.Audiences.Enterprise);
        var client = Client(sites.PortalUrl);
        var url = $"/Questionnaires/{questionnaire}/Amend";
        var response = await client.PostFormAsync(await FormAsync(client, url), url,
            new Dictionary<string, string?> { ["ReceiptNumber"] = new string('A', 9000), ["CreditCodeInput"] = "x" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(Texts.Get("Status.413.Title"), (await response.ReadHtmlAsync()).Title);
    }

    [Fact]
    public async Task A_chunked_body_that_grows_over_the_limit_gets_the_413_page()
    {
        var consultation = await sites.ConsultationAsync();
        var client = Client(sites.PortalUrl);
        var form = await FormAsync(client, $"/Consultations/{consultation}");
        var fields = form.QuerySelectorAll<AngleSharp.Html.Dom.IHtmlInputElement>("input[type=hidden]")
            .ToDictionary(i => i.Name!, i => i.Value);
        foreach (var (k, v) in Opinion(new string('长', 8000))) fields[k] = v!;
        var body = await new FormUrlEncodedContent(fields).ReadAsByteArrayAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/Consultations/{consultation}")
        {
            Content = new StreamContent(new MemoryStream(body)),
        };
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(Texts.Get("Status.413.Title"), (await response.ReadHtmlAsync()).Title);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task An_opinion_of_5000_characters_fits_the_limit()
    {
        var consultation = await sites.ConsultationAsync();
        var client = Client(sites.PortalUrl);
        var response = await client.SubmitAsync($"/Consultations/{consultation}", Opinion(string.Concat(Enumerable.Repeat("长", 5000))));
        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Small_forms_have_small_limits()
    {
        var client = Client(sites.AdminUrl);
        var login = await client.PostFormAsync(await FormAsync(client, "/Account/Login"), "/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = new string('x', 20_000), ["Password"] = "x" });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, login.StatusCode);
        Assert.Contains(Texts.Get("Status.413.Title"), (await login.ReadHtmlAsync()).Title);

        var portal = Client(sites.PortalUrl);
        var lookup = await portal.PostFormAsync(await FormAsync(portal, "/Lookup"), "/Lookup",
            new Dictionary<string, string?> { ["ReceiptNumber"] = new string('x', 20_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, lookup.StatusCode);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, bool https = false)
    {
        var url = response.RequestMessage!.RequestUri;
        string Header(string name) =>
            response.Headers.TryGetValues(name, out var v) ? v.Single()
            : response.Content.Headers.TryGetValues(name, out var c) ? c.Single()
            : throw new Xunit.Sdk.XunitException($"{name} missing on {(int)response.StatusCode} {url}");
        var csp = Header("Content-Security-Policy");
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("style-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("same-origin", Header("Referrer-Policy"));
        Assert.Equal(https, response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Every_response_of_both_sites_carries_the_security_headers()
    {
        var consultation = await sites.ConsultationAsync();
        var portal = Client(sites.PortalUrl);
        var admin = Client(sites.AdminUrl);
        var css = (await portal.GetHtmlAsync("/")).QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;
        var responses = new List<HttpResponseMessage>
        {
            await portal.GetAsync("/"),
            await portal.GetAsync($"/Consultations/{consultation}"),
            await portal.GetAsync("/Lookup"),
            await portal.GetAsync(css),
            await portal.GetAsync("/lib/altcha/altcha.js"),
            await portal.GetAsync("/no/such/page"),
            await portal.GetAsync("/healthz"),
            await portal.GetAsync("/captcha/challenge"),
            await portal.PostAsync("/Lookup", new FormUrlEncodedContent([])), // no antiforgery token: 400
            await admin.GetAsync("/Account/Login"),
            await admin.GetAsync("/Decisions"), // redirect to the login
            await admin.GetAsync(css),
            await admin.GetAsync("/no/such/page"),
            await admin.GetAsync("/healthz"),
        };
        // 413 and 429 as well.
        responses.Add(await portal.PostFormAsync(await FormAsync(portal, "/Lookup"), "/Lookup",
            new Dictionary<string, string?> { ["ReceiptNumber"] = new string('x', 20_000) }));
        var busy = Client(sites.PortalUrl);
        for (var i = 0; i < 4; i++)
            responses.Add(await busy.SubmitAsync("/Lookup", new Dictionary<string, string?> { ["ReceiptNumber"] = Receipt.NewNumber() }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.NotFound);
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.BadRequest);

        foreach (var response in responses) AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Over_https_through_the_proxy_HSTS_is_sent_and_cookies_are_secure()
    {
        var portal = Client(sites.PortalUrl, proto: "https");
        var response = await portal.GetAsync("/Lookup");
        AssertSecurityHeaders(response, https: true);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("evaluation.portal.af="));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        // Over plain HTTP: no HSTS, and cookies without Secure (they would not be sent back otherwise).
        var plain = await Client(sites.PortalUrl).GetAsync("/Lookup");
        AssertSecurityHeaders(plain);
        Assert.DoesNotContain("secure", plain.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("evaluation.portal.af=")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_admin_sign_in_cookie_is_http_only_strict_and_secure_over_https()
    {
        const string password = "correct horse battery";
        await sites.DataSource.StaffAsync("cookiecheck", password, "organizer");
        // Cookies by hand: a cookie container would not send Secure cookies back over the test's plain HTTP.
        using var admin = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(sites.AdminUrl) };
        admin.DefaultRequestHeaders.Add("X-Forwarded-For", TrustedProxyFixture.NewClientAddress());
        admin.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var get = await admin.GetAsync("/Account/Login");
        var antiforgery = get.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("evaluation.admin.af="));
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)(await get.ReadHtmlAsync()).QuerySelector("main form")!;
        var token = form.QuerySelector<AngleSharp.Html.Dom.IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value;
        var post = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "cookiecheck", ["Password"] = password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery.Split(';')[0]);

        var response = await admin.SendAsync(post);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("evaluation.admin="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        AssertSecurityHeaders(response, https: true);
    }
}
