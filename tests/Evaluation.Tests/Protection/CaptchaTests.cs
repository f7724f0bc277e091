using System.Net;
using System.Text.Json;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Evaluation.Tests.Protection;

/// <summary>The Portal with the self-hosted proof of work on, as run.sh runs it.</summary>
public sealed class ProofOfWorkFixture : SitesFixture
{
    public const string HmacKey = "test-key-0123456789abcdef0123456789";

    protected override void ConfigurePortal(IWebHostBuilder builder)
    {
        builder.UseSetting("Captcha:Provider", "ProofOfWork");
        builder.UseSetting("Captcha:ProofOfWork:HmacKey", HmacKey);
        builder.UseSetting("Captcha:ProofOfWork:MaxNumber", "5000");
    }
}

public class ProofOfWorkCaptchaTests(ProofOfWorkFixture sites) : IClassFixture<ProofOfWorkFixture>
{
    private static Dictionary<string, string?> Form(string? solution, string body = "请在青塔乡增设公交站点。") => new()
    {
        ["Input.RespondentType"] = "citizen",
        ["Input.RegionCode"] = "qingta",
        ["Input.Body"] = body,
        ["altcha"] = solution,
    };

    private Task<long> CountAsync(long consultation) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation });

    /// <summary>Posts the form and expects it back with the captcha message, the text kept, and nothing stored.</summary>
    private async Task AssertRefusedAsync(long consultation, string? solution, string messageKey)
    {
        var message = Texts.Get(messageKey);
        var response = await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", Form(solution, "保留我写的内容"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadHtmlAsync();
        Assert.Contains(message, page.Text("#Captcha-error"));
        Assert.Contains(message, page.Text("#error-summary"));
        Assert.Equal("保留我写的内容", page.QuerySelector("#Input_Body")!.TextContent);
        Assert.Equal("qingta", page.QuerySelector("#Input_RegionCode option[selected]")!.GetAttribute("value"));
        Assert.Equal(0, await CountAsync(consultation));
    }

    [Fact]
    public async Task A_solved_challenge_is_accepted_and_the_opinion_stored()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();
        var challenge = await Altcha.FetchAsync(client);
        Assert.Equal("SHA-256", challenge.algorithm);
        Assert.Equal(5000, challenge.maxnumber);
        Assert.Matches("^[0-9a-f]{24}\\?expires=\\d+&$", challenge.salt);

        var response = await client.SubmitAsync($"/Consultations/{consultation}", Form(Altcha.Solve(challenge)));

        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1, await CountAsync(consultation));
    }

    [Fact]
    public async Task The_form_shows_the_widget_served_by_the_portal_and_a_message_for_browsers_without_javascript()
    {
        var consultation = await sites.ConsultationAsync();
        var client = sites.Portal.Browser();
        var page = await client.GetHtmlAsync($"/Consultations/{consultation}");
        var widget = page.QuerySelector("form altcha-widget")!;
        Assert.Equal("/captcha/challenge", widget.GetAttribute("challengeurl"));
        Assert.Contains("JavaScript", page.QuerySelector("noscript")!.TextContent);
        foreach (var src in page.QuerySelectorAll("script[src]").Select(s => s.GetAttribute("src")!))
        {
            Assert.StartsWith("/lib/altcha/", src);
            var js = await client.GetAsync(src);
            Assert.Equal(HttpStatusCode.OK, js.StatusCode);
            Assert.Equal("text/javascript", js.Content.Headers.ContentType!.MediaType);
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/lib/altcha/worker.js")).StatusCode);
    }

    [Fact]
    public async Task A_missing_solution_gets_a_message_and_the_form_keeps_its_data() =>
        await AssertRefusedAsync(await sites.ConsultationAsync(), null, "Captcha.Missing");

    [Fact]
    public async Task An_expired_solution_gets_a_message()
    {
        var consultation = await sites.ConsultationAsync();
        var solution = Altcha.Solve(await Altcha.FetchAsync(sites.Portal.Browser()));
        // The form stays open longer than a challenge lives (Captcha:ProofOfWork:ExpiresSeconds, 1200 by default).
        sites.Clock.Advance(TimeSpan.FromSeconds(1201));
        await AssertRefusedAsync(consultation, solution, "Captcha.Expired");
    }

    [Fact]
    public async Task A_solution_signed_with_another_key_is_refused() =>
        await AssertRefusedAsync(await sites.ConsultationAsync(),
            Altcha.Forge("not-the-portal-key", sites.Clock.GetUtcNow().AddMinutes(5)), "Captcha.Invalid");

    [Fact]
    public async Task A_solution_whose_expiry_was_pushed_back_is_refused()
    {
        // Moving the expiry changes the salt, so the number no longer hashes to the signed challenge.
        var challenge = await Altcha.FetchAsync(sites.Portal.Browser());
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Convert.FromBase64String(Altcha.Solve(challenge)))!;
        var tampered = payload.ToDictionary(p => p.Key, p => (object)p.Value);
        tampered["salt"] = challenge.salt[..challenge.salt.IndexOf('?')] + "?expires=" + sites.Clock.GetUtcNow().AddYears(1).ToUnixTimeSeconds() + "&";
        await AssertRefusedAsync(await sites.ConsultationAsync(),
            Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(tampered)), "Captcha.Invalid");
    }

    [Fact]
    public async Task Digits_moved_from_the_number_into_the_expiry_do_not_make_a_solution()
    {
        // salt + number is what is hashed: "…?expires=X&" + "123" and "…?expires=X&1" + "23" are the same text, so
        // without the terminating '&' the second would pass with an expiry pushed centuries ahead.
        var challenge = await Altcha.FetchAsync(sites.Portal.Browser());
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Convert.FromBase64String(Altcha.Solve(challenge)))!;
        var number = payload["number"].GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spliced = Altcha.Payload(challenge.algorithm, challenge.challenge, number.Length > 1 ? int.Parse(number[1..]) : 0,
            challenge.salt + number[..1], challenge.signature);
        await AssertRefusedAsync(await sites.ConsultationAsync(), spliced, "Captcha.Invalid");
    }

    [Theory]
    [InlineData(3650)]                  // ten years: a solution made to be stockpiled
    [InlineData(-1)]                    // a value no date holds
    public async Task An_expiry_beyond_a_challenges_lifetime_is_refused_even_when_signed(int days)
    {
        var expires = days < 0 ? "99999999999999999" : sites.Clock.GetUtcNow().AddDays(days).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await AssertRefusedAsync(await sites.ConsultationAsync(), Altcha.Forge(ProofOfWorkFixture.HmacKey, expires), "Captcha.Invalid");
    }

    [Fact]
    public async Task Garbage_in_the_captcha_field_is_refused() =>
        await AssertRefusedAsync(await sites.ConsultationAsync(), "not base64 at all", "Captcha.Invalid");

    [Fact]
    public async Task A_solution_used_once_is_refused_the_second_time()
    {
        var consultation = await sites.ConsultationAsync();
        var challenge = await Altcha.FetchAsync(sites.Portal.Browser());
        var solution = Altcha.Solve(challenge);
        var first = await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", Form(solution));
        Assert.StartsWith("/Receipt/", first.RequestMessage!.RequestUri!.AbsolutePath);

        // A bot replaying the same solution with a fresh form (a new one-time token).
        var again = await (await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", Form(solution, "第二条"))).ReadHtmlAsync();

        Assert.Contains(Texts.Get("Captcha.Replayed"), again.Text("#Captcha-error"));
        Assert.Equal("第二条", again.QuerySelector("#Input_Body")!.TextContent);
        Assert.Equal(1, await CountAsync(consultation));
        Assert.Equal(1, await sites.DataSource.ScalarAsync<long>("select count(*) from captcha_use where challenge = @challenge",
            new { challenge = challenge.challenge }));
    }
}

/// <summary>A stand-in for Google's siteverify on loopback: token "good" passes (v3 score 0.9), "meh" passes with score
/// 0.3, anything else fails. It records what the Portal sent.</summary>
public sealed class RecaptchaFixture : SitesFixture
{
    private WebApplication? _fake;
    public string VerifyUrl { get; private set; } = "";
    public List<Dictionary<string, string>> Requests { get; } = [];

    public override async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _fake = builder.Build();
        _fake.MapPost("/recaptcha/api/siteverify", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            lock (Requests) Requests.Add(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return form["response"].ToString() switch
            {
                "good" => Results.Json(new { success = true, score = 0.9, action = "opinion", hostname = "localhost" }),
                "meh" => Results.Json(new { success = true, score = 0.3, action = "opinion", hostname = "localhost" }),
                "other-form" => Results.Json(new { success = true, score = 0.9, action = "login", hostname = "localhost" }),
                "used" => Results.Json(new Dictionary<string, object> { ["success"] = false, ["error-codes"] = new[] { "timeout-or-duplicate" } }),
                _ => Results.Json(new Dictionary<string, object> { ["success"] = false, ["error-codes"] = new[] { "invalid-input-response" } }),
            };
        });
        await _fake.StartAsync();
        VerifyUrl = _fake.Urls.First() + "/recaptcha/api/siteverify";
        await base.InitializeAsync();
    }

    protected override void ConfigurePortal(IWebHostBuilder builder)
    {
        builder.UseSetting("Captcha:Provider", "Recaptcha");
        builder.UseSetting("Captcha:Recaptcha:SiteKey", "site-key");
        builder.UseSetting("Captcha:Recaptcha:SecretKey", "secret-key");
        builder.UseSetting("Captcha:Recaptcha:VerifyUrl", VerifyUrl);
        builder.UseSetting("Captcha:Recaptcha:Version", "3");
        builder.UseSetting("Captcha:Recaptcha:Scores:opinion", "0.5");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_fake is not null) await _fake.DisposeAsync();
    }
}

public class RecaptchaTests(RecaptchaFixture sites) : IClassFixture<RecaptchaFixture>
{
    private Task<HttpResponseMessage> PostAsync(long consultation, string token) =>
        sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?>
        {
            ["Input.RespondentType"] = "enterprise",
            ["Input.RegionCode"] = "kaifaqu",
            ["Input.Body"] = "建议简化企业开办流程。",
            ["g-recaptcha-response"] = token,
        });

    private Task<long> CountAsync(long consultation) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation });

    [Fact]
    public async Task A_token_siteverify_accepts_stores_the_opinion_and_the_secret_is_sent_server_to_server()
    {
        var consultation = await sites.ConsultationAsync();
        var response = await PostAsync(consultation, "good");
        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1, await CountAsync(consultation));
        lock (sites.Requests)
            Assert.Contains(sites.Requests, r => r["secret"] == "secret-key" && r["response"] == "good" && !r.ContainsKey("remoteip"));
    }

    [Fact]
    public async Task The_privacy_notice_names_the_transfer_to_recaptcha()
    {
        var page = await sites.Portal.Browser().GetHtmlAsync("/Privacy");
        Assert.Contains(Texts.Get("Privacy.Recaptcha", "www.recaptcha.net"), page.Text("#privacy-recaptcha"));
    }

    [Theory]
    [InlineData("bad", "Captcha.Invalid")]
    [InlineData("meh", "Captcha.Invalid")]          // v3 score 0.3 below the action's 0.5
    [InlineData("other-form", "Captcha.Invalid")]   // a token made for another action
    [InlineData("used", "Captcha.Expired")]
    [InlineData("", "Captcha.Missing")]
    public async Task A_token_siteverify_refuses_gets_a_message_and_nothing_is_stored(string token, string messageKey)
    {
        var consultation = await sites.ConsultationAsync();
        var page = await (await PostAsync(consultation, token)).ReadHtmlAsync();
        Assert.Contains(Texts.Get(messageKey), page.Text("#Captcha-error"));
        Assert.Equal("建议简化企业开办流程。", page.QuerySelector("#Input_Body")!.TextContent);
        Assert.Equal(0, await CountAsync(consultation));
    }

    [Fact]
    public async Task The_page_loads_the_v3_script_from_the_configured_host_and_the_csp_allows_it()
    {
        var consultation = await sites.ConsultationAsync();
        var response = await sites.Portal.Browser().GetAsync($"/Consultations/{consultation}");
        var page = await response.ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("script[src^='https://www.recaptcha.net/recaptcha/api.js?render=site-key']"));
        Assert.NotNull(page.QuerySelector("input[name='g-recaptcha-response'][data-action='opinion']"));
        Assert.Contains("script-src 'self' https://www.recaptcha.net", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
