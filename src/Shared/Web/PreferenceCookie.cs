using Microsoft.AspNetCore.Http;

namespace Evaluation.Shared.Web;

/// <summary>What the header switches (<see cref="LanguageSwitch"/>, <see cref="DisplayMode"/>) share: a visitor's choice
/// kept for a year in a cookie of this site, and the way back to the page (a local address only, never elsewhere).</summary>
internal static class PreferenceCookie
{
    public static CookieOptions Options(HttpContext context) => new()
    {
        Expires = DateTimeOffset.UtcNow.AddYears(1),
        IsEssential = true,
        SameSite = SameSiteMode.Lax,
        Path = context.Request.PathBase.HasValue ? context.Request.PathBase.Value : "/",
    };

    /// <summary>To <paramref name="returnUrl"/> when it is local, else the home page.</summary>
    public static IResult Back(HttpContext context, string? returnUrl) =>
        Microsoft.AspNetCore.Http.Results.Redirect(IsLocal(returnUrl) ? returnUrl! : context.Request.PathBase + "/");

    /// <summary>Only an address on this site: "/x", not "//host", "/\host" or "http://host".</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);
}
