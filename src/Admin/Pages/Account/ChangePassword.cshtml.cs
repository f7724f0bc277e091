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
using Npgsql;

namespace Evaluation.Admin.Pages.Account;

/// <summary>A staff user changes their password; attempts count against the login limits (per address and per user name),
/// since the current password is checked here too. Required after a generated or reset password.</summary>
[EnableRateLimiting(RateLimits.Login), RequestSizeLimit(BodyLimits.SmallForm)]
public sealed class ChangePasswordModel(NpgsqlDataSource db, LoginThrottle throttle, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public bool Required => HttpContext.IsRequired();

    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(NewPassword) || NewPassword.Length < StaffAccounts.MinimumPasswordLength)
            ModelState.AddModelError(nameof(NewPassword), texts["Password.TooShort", StaffAccounts.MinimumPasswordLength]);
        else if (NewPassword != Confirm)
            ModelState.AddModelError(nameof(Confirm), texts["Password.Mismatch"]);
        else if (NewPassword == Current)
            ModelState.AddModelError(nameof(NewPassword), texts["Password.Same"]);
        if (!ModelState.IsValid) return Page();
        using var lease = throttle.Acquire(User.Identity!.Name!);
        if (!lease.IsAcquired)
        {
            RateLimits.SetRetryAfter(Response, lease);
            return StatusCode(StatusCodes.Status429TooManyRequests);
        }

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var user = await conn.FindAsync(User.Identity!.Name!, tx);
        if (user is null || StaffAccounts.Verify(user, Current ?? "") == PasswordVerificationResult.Failed)
        {
            ModelState.AddModelError(nameof(Current), texts["Password.CurrentWrong"]);
            return Page();
        }
        // The new hash gives the account a new security stamp (trigger): every other session ends; this one goes on,
        // signed in again with the new stamp.
        var stamp = await conn.ExecuteScalarAsync<Guid>(
            "update staff_user set password_hash = @hash, must_change_password = false, updated_at = now() where id = @Id returning security_stamp",
            new { hash = StaffAccounts.Hash(NewPassword!), user.Id }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ChangePassword, AuditEntities.StaffUser, user.Id);
        await tx.CommitAsync();
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            StaffAccess.SessionPrincipal(user.Id, user.UserName, user.DisplayName, user.Role, stamp, clock.GetUtcNow()));
        TempData.Flash(texts["Password.Changed"].Value);
        return RedirectToPage("/Index");
    }
}
