using Evaluation.Shared.Data;
using Evaluation.Shared.Web;
using Microsoft.Extensions.Options;

namespace Evaluation.Portal.Captcha;

public enum CaptchaProvider { ProofOfWork, Recaptcha, None }

public enum CaptchaOutcome { Passed, Missing, Expired, Invalid, Replayed, Unavailable }

/// <summary>The verdict on a posted solution; a proof-of-work solution also carries what to spend with the submission.</summary>
public sealed record CaptchaCheck(CaptchaOutcome Outcome, CaptchaProof? Proof = null)
{
    public static readonly CaptchaCheck Passed = new(CaptchaOutcome.Passed);
    public string MessageKey => $"Captcha.{Outcome}";
}

/// <summary>Proves that a person, or at least someone who paid for it, sent a public form. Two providers, chosen in
/// configuration (Captcha:Provider); forms ask this interface and never know which one answers.</summary>
public interface ICaptcha
{
    /// <summary>The form field the widget posts its solution in.</summary>
    string FieldName { get; }

    Task<CaptchaCheck> VerifyAsync(string? solution, string action, string? clientAddress, CancellationToken cancellationToken);
}

public sealed class CaptchaOptions
{
    /// <summary>ProofOfWork (self-hosted, the default), Recaptcha, or None (development and tests only).</summary>
    public CaptchaProvider Provider { get; set; } = CaptchaProvider.ProofOfWork;
    /// <summary>None outside Development and Testing only with this set as well (a load test on a production-like host); never by mistake.</summary>
    public bool AllowNoneInProduction { get; set; }
    public ProofOfWorkOptions ProofOfWork { get; set; } = new();
    public RecaptchaOptions Recaptcha { get; set; } = new();
}

/// <summary>For development and tests: every submission passes.</summary>
public sealed class NoCaptcha : ICaptcha
{
    public string FieldName => "captcha";

    public Task<CaptchaCheck> VerifyAsync(string? solution, string action, string? clientAddress, CancellationToken cancellationToken) =>
        Task.FromResult(CaptchaCheck.Passed);
}

public static class CaptchaSetup
{
    public static WebApplicationBuilder AddCaptcha(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Off only where nobody is served: Development and Testing. Any other environment name (Production, Staging,
        // "prod", a typo) counts as serving the public and needs the explicit setting too.
        var served = !builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing");
        services.AddOptions<CaptchaOptions>().BindConfiguration("Captcha")
            .Validate(o => o.Provider != CaptchaProvider.None || !served || o.AllowNoneInProduction,
                "Captcha:Provider None switches the captcha off: outside Development and Testing it also needs Captcha:AllowNoneInProduction=true")
            .Validate(o => o.Provider != CaptchaProvider.Recaptcha || o.Recaptcha.IsComplete(),
                "Captcha:Recaptcha needs SiteKey, SecretKey, VerifyUrl and Version 2 or 3")
            .Validate(o => o.ProofOfWork.MaxNumber is > 0 and <= 10_000_000 && o.ProofOfWork.ExpiresSeconds > 0,
                "Captcha:ProofOfWork: MaxNumber must be 1 to 10,000,000, ExpiresSeconds positive")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection("Captcha").Get<CaptchaOptions>() ?? new();
        switch (options.Provider)
        {
            case CaptchaProvider.ProofOfWork:
                services.AddSingleton<ProofOfWork>();
                services.AddSingleton<ICaptcha>(sp => sp.GetRequiredService<ProofOfWork>());
                services.AddHostedService<CaptchaUsePurge>();
                break;
            case CaptchaProvider.Recaptcha:
                services.AddHttpClient<ICaptcha, Recaptcha>(c => c.Timeout = TimeSpan.FromSeconds(10));
                services.Configure<SecurityHeadersOptions>(h =>
                {
                    // The widget's script and frame come from the reCAPTCHA host (www.recaptcha.net in mainland China).
                    var origin = new Uri(options.Recaptcha.ScriptUrl).GetLeftPart(UriPartial.Authority);
                    h.ScriptSources.AddRange([origin, "https://www.gstatic.com", "https://www.gstatic.cn"]);
                    h.FrameSources.Add(origin);
                });
                break;
            default:
                services.AddSingleton<ICaptcha, NoCaptcha>();
                break;
        }
        return builder;
    }

    public static WebApplication MapCaptcha(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<CaptchaOptions>>().Value.Provider == CaptchaProvider.None && !app.Environment.IsDevelopment())
            app.Logger.LogWarning("The captcha is off (Captcha:Provider None): every public form accepts automated submissions");
        if (app.Services.GetRequiredService<IOptions<CaptchaOptions>>().Value.Provider == CaptchaProvider.ProofOfWork)
            app.MapGet(ProofOfWork.ChallengePath, (ProofOfWork pow, HttpResponse response) =>
            {
                response.Headers.CacheControl = "no-store";
                return Results.Json(pow.NewChallenge());
            });
        return app;
    }
}
