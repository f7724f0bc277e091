using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Users;

public sealed class EditModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    private sealed record Current(string UserName, string DisplayName, string Role, long? DepartmentId, bool IsActive, DateTime? LockedUntil,
        string? Institution);

    [BindProperty] public UserForm Input { get; set; } = new();
    public string UserName { get; private set; } = "";
    public bool IsLocked { get; private set; }
    public bool IsSelf { get; private set; }
    public string? NewPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        var current = await LoadAsync(id);
        if (current is null) return NotFound();
        Input = new UserForm { DisplayName = current.DisplayName, Role = current.Role, DepartmentId = current.DepartmentId, IsActive = current.IsActive,
            Institution = current.Institution };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        var current = await LoadAsync(id);
        if (current is null) return NotFound();
        // An administrator cannot lock themselves out: their own role and activity stay as they are.
        if (IsSelf && (Input.Role != current.Role || !Input.IsActive))
            ModelState.AddModelError("", texts["User.CannotDemoteSelf"]);
        if (!ModelState.IsValid) return Page();

        var after = new { DisplayName = PlainText.Clean(Input.DisplayName), Input.Role, DepartmentId = Input.StoredDepartmentId, Input.IsActive,
            Institution = Input.StoredInstitution };
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            """
            update staff_user set display_name = @DisplayName, role = @Role, department_id = @DepartmentId, is_active = @IsActive,
                   institution = @Institution, updated_at = now()
            where id = @id
            """, new DynamicParameters(after).With(new { id }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.StaffUser, id,
            new { current.DisplayName, current.Role, current.DepartmentId, current.IsActive, current.Institution }, after);
        await tx.CommitAsync();
        TempData.Flash(texts["Form.Saved"].Value);
        return RedirectToPage("Index");
    }

    public async Task<IActionResult> OnPostResetPasswordAsync(long id)
    {
        var current = await LoadAsync(id);
        if (current is null) return NotFound();
        var password = StaffAccounts.NewPassword();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            """
            update staff_user set password_hash = @hash, failed_login_count = 0, locked_until = null, must_change_password = true,
                   updated_at = now()
            where id = @id
            """,
            new { id, hash = StaffAccounts.Hash(password) }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ResetPassword, AuditEntities.StaffUser, id);
        await tx.CommitAsync();
        NewPassword = password;
        IsLocked = false;
        Input = new UserForm { DisplayName = current.DisplayName, Role = current.Role, DepartmentId = current.DepartmentId, IsActive = current.IsActive,
            Institution = current.Institution };
        return Page();
    }

    public async Task<IActionResult> OnPostUnlockAsync(long id)
    {
        var current = await LoadAsync(id);
        if (current is null) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("update staff_user set failed_login_count = 0, locked_until = null where id = @id", new { id }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Unlock, AuditEntities.StaffUser, id, new { current.LockedUntil }, new { LockedUntil = (DateTime?)null });
        await tx.CommitAsync();
        TempData.Flash(texts["User.Unlocked"].Value);
        return RedirectToPage(new { id });
    }

    private async Task<Current?> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var current = await conn.QuerySingleOrDefaultAsync<Current>(
            "select user_name, display_name, role, department_id, is_active, locked_until, institution from staff_user where id = @id", new { id });
        ViewData["Departments"] = await conn.DepartmentsAsync(activeOnly: false);
        ViewData["Institutions"] = await conn.InstitutionsAsync();
        if (current is null) return null;
        UserName = current.UserName;
        IsLocked = current.LockedUntil > clock.GetUtcNow().UtcDateTime;
        IsSelf = User.StaffId() == id;
        return current;
    }
}
