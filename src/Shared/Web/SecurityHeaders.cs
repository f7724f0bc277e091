using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evaluation.Shared.Web;

/// <summary>Origins a site needs beyond its own, such as the reCAPTCHA host when that captcha is chosen.</summary>
public sealed class SecurityHeadersOptions
{
    public List<string> ScriptSources { get; } = [];
    public List<string> FrameSources { get; } = [];
    public List<string> ConnectSources { get; } = [];
}

/// <summary>
/// The same headers on every response of both sites, error pages and static files included. The pages have no
/// inline script or style, so the policy allows none: an injected script has nowhere to run even if encoding failed.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<IOptions<SecurityHeadersOptions>>().Value;
        var policy = string.Join("; ",
            "default-src 'self'",
            Directive("script-src", options.ScriptSources),
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            Directive("connect-src", options.ConnectSources),
            options.FrameSources.Count == 0 ? "frame-src 'none'" : "frame-src " + string.Join(' ', options.FrameSources),
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");
        return app.Use((context, next) =>
        {
            // Set when the response starts, so that the exception handler's reset of the headers cannot drop them.
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.ContentSecurityPolicy = policy;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                // Receipt numbers are in URLs: they must not travel to other sites in the Referer.
                h["Referrer-Policy"] = "same-origin";
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                // Only over HTTPS (directly or through a trusted proxy): over plain HTTP browsers ignore it anyway.
                if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    private static string Directive(string name, List<string> extra) =>
        extra.Count == 0 ? $"{name} 'self'" : $"{name} 'self' {string.Join(' ', extra)}";
}
