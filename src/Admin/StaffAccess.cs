using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Staff;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin;

/// <summary>Lockout after repeated failed logins.</summary>
/// <summary>How long an Admin session lasts: ended after this idle time, and after this time whatever the activity.</summary>
public sealed class SessionOptions
{
    public int IdleMinutes { get; set; } = 30;
    public int AbsoluteHours { get; set; } = 12;
}

public sealed class LockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public int Minutes { get; set; } = 15;
}

/// <summary>Who may do what in Admin. Everyone signed in may read; changes need a managing role.</summary>
public static class StaffAccess
{
    public const string Manage = "manage";
    public const string Administer = "administer";
    /// <summary>Pages where the evaluation's work is recorded (<see cref="CanRecord"/>).</summary>
    public const string Record = "record";

    /// <summary>Roles that run consultations: the organizer and the evaluation agencies (Art. 3).</summary>
    public static readonly string[] ManagingRoles = [StaffRoles.Organizer, StaffRoles.EvaluationStaff, StaffRoles.Administrator];

    /// <summary>
    /// Roles that see a respondent's name and contact in full (on the opinion page, by an audited "show" action, and
    /// in the full CSV export): those who answer respondents (PIPL: only as needed). The legal reviewer checks reports
    /// and never contacts respondents, so sees them masked only.
    /// </summary>
    public static readonly string[] PersonalDataRoles = [StaffRoles.Organizer, StaffRoles.EvaluationStaff, StaffRoles.Administrator];

    public static WebApplicationBuilder AddStaffSignIn(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<LockoutOptions>().BindConfiguration("Lockout")
            .Validate(o => o.MaxFailedAttempts > 0 && o.Minutes > 0, "Lockout values must be positive").ValidateOnStart();
        builder.Services.AddSingleton<LoginThrottle>();
        builder.Services.AddOptions<SessionOptions>().BindConfiguration("Sessions")
            .Validate(o => o.IdleMinutes > 0 && o.AbsoluteHours > 0 && o.IdleMinutes <= o.AbsoluteHours * 60, "Sessions: IdleMinutes and AbsoluteHours must be positive, idle no longer than absolute")
            .ValidateOnStart();
        var sessions = builder.Configuration.GetSection("Sessions").Get<SessionOptions>() ?? new();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.AccessDeniedPath = "/Account/AccessDenied";
            o.Cookie.Name = "evaluation.admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // Idle timeout: the cookie lives this long after the last request (renewed past half of it); the absolute
            // cap and the security stamp are checked by RejectChangedAccounts.
            o.ExpireTimeSpan = TimeSpan.FromMinutes(sessions.IdleMinutes);
            o.SlidingExpiration = true;
            o.Events.OnValidatePrincipal = RejectChangedAccounts;
            o.Events.OnRedirectToAccessDenied = LogAccessDeniedAsync;
        });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Manage, p => p.RequireRole(ManagingRoles))
            .AddPolicy(Record, p => p.RequireRole([.. ManagingRoles, StaffRoles.InstitutionStaff]))
            .AddPolicy(Administer, p => p.RequireRole(StaffRoles.Administrator));
        return builder;
    }

    public static void Configure(RazorPagesOptions o)
    {
        o.Conventions.AllowAnonymousToPage("/Account/Login");
        o.Conventions.AllowAnonymousToPage("/Error");
        o.Conventions.AllowAnonymousToPage("/Status");
        o.Conventions.AuthorizeFolder("/Users", Administer);
        o.Conventions.AuthorizeFolder("/Audit", Administer);
        o.Conventions.AuthorizeFolder("/Departments", Administer);
        o.Conventions.AuthorizeFolder("/DataSubjects", Administer);
    }

    private const string StampClaim = "evaluation:security_stamp";
    private const string SignedInClaim = "evaluation:signed_in_at";

    public static ClaimsPrincipal Principal(long id, string userName, string displayName, string role) =>
        new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, userName),
            new Claim(ClaimTypes.GivenName, displayName),
            new Claim(ClaimTypes.Role, role),
        ], CookieAuthenticationDefaults.AuthenticationScheme));

    /// <summary>The principal of a sign-in session: the account, its security stamp, and when the session began.</summary>
    public static ClaimsPrincipal SessionPrincipal(long id, string userName, string displayName, string role, Guid stamp, DateTimeOffset signedInAt)
    {
        var principal = Principal(id, userName, displayName, role);
        ((ClaimsIdentity)principal.Identity!).AddClaims(
        [
            new Claim(StampClaim, stamp.ToString()),
            new Claim(SignedInClaim, signedInAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        return principal;
    }

    /// <summary>Sign-in cookies are Secure whenever the request is HTTPS; over plain HTTP beyond this machine they travel
    /// readable, which an operator should know.</summary>
    public static void WarnIfPlainHttp(WebApplication app)
    {
        foreach (var url in PlainHttpBeyondLoopback(app.Urls))
            app.Logger.LogWarning("Admin is served over plain HTTP on {Url}: sign-in cookies cross the network unencrypted; serve it over HTTPS or behind a TLS proxy", url);
    }

    /// <summary>The addresses that serve plain HTTP to more than this machine (any address, or one not loopback).</summary>
    public static IEnumerable<string> PlainHttpBeyondLoopback(IEnumerable<string> urls) =>
        urls.Where(url => Uri.TryCreate(url.Replace("*", "0.0.0.0").Replace("+", "0.0.0.0"), UriKind.Absolute, out var uri)
            && uri.Scheme == Uri.UriSchemeHttp
            && !(uri.IsLoopback || System.Net.IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    /// <summary>Ends every session of the account (logout ends them on all devices).</summary>
    public static Task EndSessionsAsync(this NpgsqlConnection conn, long staffId) =>
        conn.ExecuteAsync("update staff_user set security_stamp = gen_random_uuid() where id = @staffId", new { staffId });

    public static long StaffId(this ClaimsPrincipal user) => long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!,
        System.Globalization.CultureInfo.InvariantCulture);

    public static Audit.Actor Actor(this ClaimsPrincipal user) => new(user.StaffId(), user.Identity!.Name!);

    public static bool CanManage(this ClaimsPrincipal user) => ManagingRoles.Any(user.IsInRole);

    /// <summary>
    /// Who records the evaluation's work in a project (methods, data requests, evidence findings, cost-benefit rows, drafts
    /// of the conclusions and the report): the managing roles, and a commissioned institution's staff (Art. 18), whose
    /// scope is its own open projects. Approving, publishing, the legality review and the decision stay with the others.
    /// </summary>
    public static bool CanRecord(this ClaimsPrincipal user) => user.CanManage() || user.IsInRole(StaffRoles.InstitutionStaff);

    public static bool IsInstitutionStaff(this ClaimsPrincipal user) => user.IsInRole(StaffRoles.InstitutionStaff);

    public static bool CanSeePersonalData(this ClaimsPrincipal user) => PersonalDataRoles.Any(user.IsInRole);

    /// <summary>A refused request (a page or action beyond the user's role) is audited, then goes to the access-denied page.</summary>
    private static async Task LogAccessDeniedAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        var request = context.HttpContext.Request;
        var user = context.HttpContext.User;
        await using (var conn = await db.OpenConnectionAsync())
            await conn.WriteAsync(null, user.Identity?.IsAuthenticated == true ? user.Actor() : new Audit.Actor(null, "anonymous"),
                AuditActions.AccessDenied, AuditEntities.Request, null, after: new { request.Method, Path = request.Path.Value });
        context.Response.Redirect(Refusal.WithReason(context.HttpContext, context.RedirectUri));
    }

    /// <summary>A deactivated account, or one whose role changed, is signed out at its next request. One whose password
    /// must be changed is marked for <see cref="PasswordChange"/>.</summary>
    private static async Task RejectChangedAccounts(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var db = context.HttpContext.RequestServices.GetRequiredService<NpgsqlDataSource>();
        await using var conn = await db.OpenConnectionAsync();
        var current = await conn.QuerySingleOrDefaultAsync<(bool IsActive, string Role, bool MustChangePassword, Guid Stamp)?>(
            "select is_active, role, must_change_password, security_stamp from staff_user where id = @id", new { id = principal.StaffId() });
        var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<SessionOptions>>().Value;
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var signedInAt = long.TryParse(principal.FindFirstValue(SignedInClaim), out var unix) ? DateTimeOffset.FromUnixTimeSeconds(unix) : (DateTimeOffset?)null;
        if (current is not { IsActive: true } c || !principal.IsInRole(c.Role)
            // a stamp changed since sign-in: logout, password or role changed, account deactivated
            || principal.FindFirstValue(StampClaim) != c.Stamp.ToString()
            || signedInAt is null || now - signedInAt > TimeSpan.FromHours(limits.AbsoluteHours))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
        else if (c.MustChangePassword) context.HttpContext.Items[PasswordChange.Required] = true;
    }
}
