using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Users;

/// <summary>A new staff account with a generated password, shown once to the administrator to hand over.</summary>
public sealed partial class CreateModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    [BindProperty, Display(Name = "User.UserName"), Required(ErrorMessage = "Validation.Required")]
    public string? UserName { get; set; }

    [BindProperty] public UserForm Input { get; set; } = new();

    public string? NewPassword { get; private set; }

    public async Task OnGetAsync() => await LoadDepartmentsAsync();

    private async Task LoadDepartmentsAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        ViewData["Departments"] = await conn.DepartmentsAsync();
        ViewData["Institutions"] = await conn.InstitutionsAsync();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var userName = UserName?.Trim();
        if (userName is not null && !UserNameShape().IsMatch(userName))
            ModelState.AddModelError(nameof(UserName), texts["User.UserName.Invalid"]);
        await LoadDepartmentsAsync();
        if (!ModelState.IsValid) return Page();

        var password = StaffAccounts.NewPassword();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            await conn.CreateAsync(tx, User.Actor(), userName!, PlainText.Clean(Input.DisplayName)!, Input.Role!,
                Input.StoredDepartmentId, password, mustChangePassword: true, institution: Input.StoredInstitution);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.ConstraintName == "staff_user_department_id_fkey")
        {
            ModelState.AddModelError("Input.DepartmentId", texts["Validation.Invalid.Any"]);
            return Page();
        }
        catch (PostgresException e) when (e.ConstraintName == "staff_user_user_name_key")
        {
            ModelState.AddModelError(nameof(UserName), texts["User.UserName.Taken"]);
            return Page();
        }
        NewPassword = password;
        return Page();
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{2,40}$")]
    private static partial Regex UserNameShape();
}
