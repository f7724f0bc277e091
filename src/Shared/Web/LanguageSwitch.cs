using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Routing;

namespace Evaluation.Shared.Web;

/// <summary>The header link between Chinese and English: <c>GET /language?culture=en&amp;returnUrl=/path</c> remembers
/// the choice for a year in the culture cookie and goes back to the page (a local address only, never elsewhere).</summary>
public static class LanguageSwitch
{
    public const string Path = "/language";

    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, string? culture, string? returnUrl) =>
        {
            var chosen = AppDefaults.Cultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
            if (chosen is not null)
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)), PreferenceCookie.Options(context));
            return PreferenceCookie.Back(context, returnUrl);
        }).AllowAnonymous();
        return app;
    }

    /// <summary>The link to the other language, back to the current page.</summary>
    public static string OtherLanguageHref(HttpContext context)
    {
        var other = IsEnglish ? AppDefaults.Cultures[0].Name : "en";
        var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return $"{context.Request.PathBase}{Path}?culture={Uri.EscapeDataString(other)}&returnUrl={Uri.EscapeDataString(back)}";
    }

    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
