using System.ComponentModel.DataAnnotations;
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

namespace Evaluation.Admin.Pages.Departments;

/// <summary>
/// The departments (Art. 3, 35): the city government office, the justice bureau, the bureaus, the townships,
/// sub-districts and the development zone. Administrators create, rename and deactivate them; a deactivated department
/// is no longer offered for new staff and decisions, and what it already has stays. Every change is audited.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxNameLength = 100;
    private const string NameTaken = "department_name_key";

    public sealed record Row(long Id, string Name, string Kind, bool IsActive, long Staff, long Decisions);

    public sealed class DepartmentForm
    {
        [Display(Name = "Department.Name"), Required(ErrorMessage = "Validation.Required"), StringLength(MaxNameLength, ErrorMessage = "Validation.MaxLength")]
        public string? Name { get; set; }

        [Display(Name = "Department.Kind"), Required(ErrorMessage = "Validation.Select")]
        [AllowedValues(DepartmentKinds.CityOffice, DepartmentKinds.JusticeBureau, DepartmentKinds.Bureau, DepartmentKinds.Township,
            DepartmentKinds.SubDistrict, DepartmentKinds.Zone, ErrorMessage = "Validation.Invalid.Any")]
        public string? Kind { get; set; }
    }

    [BindProperty] public DepartmentForm Input { get; set; } = new();

    /// <summary>The row whose rename was refused, with the name typed and why.</summary>
    public (long Id, string? Name, string Error)? RenameRefused { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }
        var row = new { Name = PlainText.Clean(Input.Name)!, Input.Kind };
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            var id = await conn.ExecuteScalarAsync<long>(
                "insert into department (name, kind) values (@Name, @Kind) returning id", row, tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.Department, id, after: row);
            await tx.CommitAsync();
        }
        catch (PostgresException e) when (e.ConstraintName == NameTaken)
        {
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Name)}", texts["Department.Name.Taken", row.Name]);
            await LoadAsync();
            return Page();
        }
        TempData.Flash(texts["Department.Created", row.Name].Value);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRenameAsync(long id, string? name)
    {
        // Only the rename form was posted: the create form's fields are not missing, just not sent.
        ModelState.Clear();
        var clean = PlainText.Clean(name);
        var error = clean is null ? texts["Validation.Required", texts["Department.Name"]].Value
            : PlainText.Length(clean) > MaxNameLength ? texts["Validation.MaxLength", texts["Department.Name"], MaxNameLength].Value
            : null;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<string>("select name from department where id = @id for update", new { id }, tx);
        if (before is null) return NotFound();
        if (error is null && clean != before)
        {
            try
            {
                await conn.ExecuteAsync("update department set name = @clean where id = @id", new { id, clean }, tx);
                await conn.WriteAsync(tx, User.Actor(), AuditActions.Update, AuditEntities.Department, id, new { name = before }, new { name = clean });
                await tx.CommitAsync();
            }
            catch (PostgresException e) when (e.ConstraintName == NameTaken)
            {
                error = texts["Department.Name.Taken", clean!].Value;
            }
        }
        if (error is not null)
        {
            await tx.RollbackAsync();
            RenameRefused = (id, name, error);
            await LoadAsync();
            return Page();
        }
        TempData.Flash(texts["Department.Renamed", clean!].Value);
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostDeactivateAsync(long id) => SetActiveAsync(id, false);

    public Task<IActionResult> OnPostReactivateAsync(long id) => SetActiveAsync(id, true);

    private async Task<IActionResult> SetActiveAsync(long id, bool active)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var name = await conn.ExecuteScalarAsync<string>(
            "update department set is_active = @active where id = @id and is_active <> @active returning name", new { id, active }, tx);
        if (name is null)
        {
            if (!await conn.ExecuteScalarAsync<bool>("select exists (select 1 from department where id = @id)", new { id }, tx)) return NotFound();
            return RedirectToPage();
        }
        await conn.WriteAsync(tx, User.Actor(), active ? AuditActions.Reactivate : AuditActions.Deactivate, AuditEntities.Department, id,
            new { is_active = !active }, new { is_active = active });
        await tx.CommitAsync();
        TempData.Flash(texts[active ? "Department.Reactivated" : "Department.Deactivated", name].Value);
        return RedirectToPage();
    }

    private async Task LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            """
            select d.id, d.name, d.kind, d.is_active,
                   (select count(*) from staff_user s where s.department_id = d.id and s.is_active) as staff,
                   (select count(*) from decision x where x.department_id = d.id) as decisions
            from department d
            order by d.is_active desc, d.sort_order, d.name
            """)).ToList();
    }
}
