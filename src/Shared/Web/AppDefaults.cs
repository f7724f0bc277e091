using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.WebEncoders;
using Npgsql;

namespace Evaluation.Shared.Web;

/// <summary>What Portal and Admin share on top of the core (<see cref="CoreDefaults"/>): encoders, localization,
/// antiforgery and cookie rules, trusted proxies, security headers, rate limits, health checks.</summary>
public static class AppDefaults
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static WebApplicationBuilder AddAppDefaults(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // The shared stylesheet is a static web asset of this library. Outside Development (run.sh runs the build
        // output as Production) the sites must be told to read the build's asset manifest; a published app has
        // the files in its wwwroot and no manifest, and then this does nothing.
        builder.WebHost.UseStaticWebAssets();
        // MapStaticAssets treats a build's manifest as a developer's: it would serve every asset with no-cache (a
        // browser asks again for each one on every page) and try every request's path against the files on disk
        // (a stat per request, a few per cent of the consultation page's time). The sites run from their build, so
        // the assets are served as published: fingerprinted ones immutable. A configuration value still wins.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        // Chinese is written as characters, not as numeric entities (which would triple every page's size).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // A visitor's own choice (the header link sets the cookie) wins; on a first visit the browser's languages.
            // Anything but English (zh-TW, fr, none) gets the default, Simplified Chinese.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        // The staff site's cookies and tokens are on a key ring of their own, which the Portal cannot read.
        var site = builder.Environment.ApplicationName.Replace("Evaluation.", "").ToLowerInvariant();
        Privacy.KeyRing.CheckProtection(builder.Configuration, builder.Environment.IsProduction());
        services.AddEvaluationCore(builder.Configuration, site == "admin" ? Privacy.KeyRing.Admin : Privacy.KeyRing.Shared);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        // The sites usually share the host name: each keeps its own antiforgery cookie.
        services.AddAntiforgery(o => o.Cookie.Name = $"evaluation.{site}.af");
        // The intake address shown to the public, and the words of the mails staff replies send (through the outbox).
        services.AddOptions<Mail.MailOptions>().BindConfiguration("Mail");
        services.AddSingleton<Mail.MailTexts>();
        services.Configure<CookiePolicyOptions>(o =>
        {
            o.HttpOnly = HttpOnlyPolicy.Always;
            o.Secure = CookieSecurePolicy.SameAsRequest;
            o.MinimumSameSitePolicy = SameSiteMode.Lax;
        });
        services.AddTrustedProxies(builder.Configuration);
        services.AddOptions<SecurityHeadersOptions>();
        services.AddRateLimits();
        services.AddOverloadProtection();
        services.AddSingleton<PageTemplates>();
        services.AddSingleton<PageTemplates.Filter>();
        return builder;
    }

    /// <summary>Razor Pages whose validation messages and display names come from Texts.resx.</summary>
    public static IMvcBuilder AddLocalizedRazorPages(this IServiceCollection services, Action<Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions>? configure = null)
    {
        services.AddSingleton<Microsoft.AspNetCore.Mvc.DataAnnotations.IValidationAttributeAdapterProvider, LocalizedValidationAdapterProvider>();
        var mvc = services.AddRazorPages(o => configure?.Invoke(o))
            .AddMvcOptions(o => o.Filters.AddService<PageTemplates.Filter>())
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Texts)));
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, factory) =>
        {
            var t = factory.Create(typeof(Texts));
            var m = o.ModelBindingMessageProvider;
            m.SetValueMustNotBeNullAccessor(_ => t["Validation.Required.Any"]);
            m.SetMissingBindRequiredValueAccessor(_ => t["Validation.Required.Any"]);
            m.SetMissingKeyOrValueAccessor(() => t["Validation.Required.Any"]);
            m.SetAttemptedValueIsInvalidAccessor((_, _) => t["Validation.Invalid.Any"]);
            m.SetUnknownValueIsInvalidAccessor(_ => t["Validation.Invalid.Any"]);
            m.SetValueIsInvalidAccessor(_ => t["Validation.Invalid.Any"]);
            m.SetValueMustBeANumberAccessor(_ => t["Validation.Number"]);
            m.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => t["Validation.Invalid.Any"]);
            m.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["Validation.Invalid.Any"]);
            m.SetNonPropertyValueMustBeANumberAccessor(() => t["Validation.Number"]);
            m.SetMissingRequestBodyRequiredValueAccessor(() => t["Validation.Required.Any"]);
        });
        return mvc;
    }

    /// <summary>First in the pipeline: the client's real address and scheme (from trusted proxies only), the security
    /// headers on every response, and the cookie rules.</summary>
    public static WebApplication UseSiteProtection(this WebApplication app)
    {
        app.UseForwardedHeaders();
        // After the forwarded headers: the address is the client's as far as a trusted proxy says, never a claim.
        app.Use((context, next) =>
        {
            Evaluation.Shared.Data.Audit.Current = new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null);
            return next(context);
        });
        app.UseSecurityHeaders();
        app.UseCookiePolicy();
        return app;
    }

    /// <summary>After the error and status code pages, so that 413, 429 and 503 get their page in the visitor's language.</summary>
    public static WebApplication UseAppDefaults(this WebApplication app)
    {
        // The language first, so that even a refusal (503) speaks the visitor's.
        app.UseRequestLocalization();
        app.UseOverloadProtection();
        app.MapLanguageSwitch();
        app.MapDisplayMode();
        app.UseRateLimiter();
        app.UseBodyLimits();
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return app;
    }

    private sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await using var cmd = dataSource.CreateCommand("select 1");
                await cmd.ExecuteScalarAsync(timeout.Token);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("database unreachable");
            }
        }
    }
}
