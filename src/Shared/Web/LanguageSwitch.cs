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
            {
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions
                    {
                        Expires = DateTimeOffset.UtcNow.AddYears(1),
                        IsEssential = true,
                        SameSite = SameSiteMode.Lax,
                        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
                    });
            }
            return Microsoft.AspNetCore.Http.Results.Redirect(IsLocal(returnUrl) ? returnUrl! : context.Request.PathBase + "/");
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

    /// <summary>Only an address on this site: "/x", not "//host", "/\host" or "http://host".</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
