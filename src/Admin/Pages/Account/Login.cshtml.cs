using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Account;

/// <summary>Staff login: attempts are limited per address (policy "login") and per user name (LoginThrottle), and an
/// account locks after repeated failures.</summary>
[EnableRateLimiting(RateLimits.Login), RequestSizeLimit(BodyLimits.SmallForm)]
public sealed class LoginModel(NpgsqlDataSource db, TimeProvider clock, IOptions<LockoutOptions> lockout,
    LoginThrottle throttle, IStringLocalizer<Texts> texts) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            ModelState.AddModelError("", texts["Login.Missing"]);
            return Page();
        }
        using var lease = throttle.Acquire(UserName);
        if (!lease.IsAcquired)
        {
            RateLimits.SetRetryAfter(Response, lease);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var user = await conn.FindAsync(UserName, tx);

        if (user is { LockedUntil: { } until } && until > now)
        {
            ModelState.AddModelError("", texts["Login.Locked", Math.Ceiling((until - now).TotalMinutes)]);
            return Page();
        }
        var verified = user is { IsActive: true } ? StaffAccounts.Verify(user, Password) : StaffAccounts.VerifyNobody(Password);
        if (verified == PasswordVerificationResult.Failed)
        {
            if (user is not null)
            {
                var failures = user.FailedLoginCount + 1;
                var locks = failures >= lockout.Value.MaxFailedAttempts;
                await conn.ExecuteAsync(
                    "update staff_user set failed_login_count = @count, locked_until = @lockedUntil where id = @Id",
                    new { user.Id, count = locks ? 0 : failures, lockedUntil = locks ? now.AddMinutes(lockout.Value.Minutes) : (DateTime?)null }, tx);
                await conn.WriteAsync(tx, new Audit.Actor(user.Id, user.UserName), locks ? AuditActions.LoginLocked : AuditActions.LoginFailed, AuditEntities.StaffUser, user.Id);
                await tx.CommitAsync();
                if (locks)
                {
                    ModelState.AddModelError("", texts["Login.Locked", lockout.Value.Minutes]);
                    return Page();
                }
            }
            else
            {
                // An unknown name is audited too (password spraying shows), with the name as typed, cut short.
                var typed = UserName.Trim();
                await conn.WriteAsync(tx, new Audit.Actor(null, typed.Length > 100 ? typed[..100] : typed), AuditActions.LoginFailed,
                    AuditEntities.StaffUser, null);
                await tx.CommitAsync();
            }
            ModelState.AddModelError("", texts["Login.Failed"]);
            return Page();
        }

        var staff = user!;
        var rehash = verified == PasswordVerificationResult.SuccessRehashNeeded ? StaffAccounts.Hash(Password) : null;
        var stamp = await conn.ExecuteScalarAsync<Guid>(
            """
            update staff_user set failed_login_count = 0, locked_until = null,
                   password_hash = coalesce(@rehash, password_hash)
            where id = @Id
            returning security_stamp
            """, new { staff.Id, rehash }, tx);
        await conn.WriteAsync(tx, new Audit.Actor(staff.Id, staff.UserName), AuditActions.Login, AuditEntities.StaffUser, staff.Id);
        await tx.CommitAsync();

        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            StaffAccess.SessionPrincipal(staff.Id, staff.UserName, staff.DisplayName, staff.Role, stamp, clock.GetUtcNow()));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
