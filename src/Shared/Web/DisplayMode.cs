using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Evaluation.Shared.Web;

/// <summary>
/// The Portal's large-text, high-contrast mode (适老化, the national guidelines for websites serving older people):
/// <c>GET /display?mode=large&amp;returnUrl=/path</c> remembers the choice for a year in a cookie and goes back to the
/// page; the layout then gives the body the class <c>large</c> (site.css).
/// </summary>
public static class DisplayMode
{
    public const string Path = "/display";
    public const string CookieName = "evaluation.display";
    public const string Large = "large";

    public static IEndpointRouteBuilder MapDisplayMode(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, string? mode, string? returnUrl) =>
        {
            var options = PreferenceCookie.Options(context);
            if (mode == Large) context.Response.Cookies.Append(CookieName, Large, options);
            else context.Response.Cookies.Delete(CookieName, options);
            return PreferenceCookie.Back(context, returnUrl);
        }).AllowAnonymous();
        return app;
    }

    public static bool IsLarge(HttpContext context) => context.Request.Cookies[CookieName] == Large;

    /// <summary>The link to the other mode, back to the current page.</summary>
    public static string OtherModeHref(HttpContext context)
    {
        var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        var mode = IsLarge(context) ? "standard" : Large;
        return $"{context.Request.PathBase}{Path}?mode={mode}&returnUrl={Uri.EscapeDataString(back)}";
    }
}
