using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Account;

public sealed class ChangePasswordModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
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
        if (!ModelState.IsValid) return Page();

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var user = await conn.FindAsync(User.Identity!.Name!, tx);
        if (user is null || StaffAccounts.Verify(user, Current ?? "") == PasswordVerificationResult.Failed)
        {
            ModelState.AddModelError(nameof(Current), texts["Password.CurrentWrong"]);
            return Page();
        }
        await conn.ExecuteAsync("update staff_user set password_hash = @hash, updated_at = now() where id = @Id",
            new { hash = StaffAccounts.Hash(NewPassword!), user.Id }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ChangePassword, AuditEntities.StaffUser, user.Id);
        await tx.CommitAsync();
        TempData.Flash(texts["Password.Changed"].Value);
        return RedirectToPage("/Index");
    }
}
