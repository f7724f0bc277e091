using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>A new evaluation project on a decision (from a trigger, the register, or outside the annual plan).</summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class CreateModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed class ProjectForm
    {
        [Display(Name = "Project.Decision"), Required(ErrorMessage = "Validation.Select")]
        public long? DecisionId { get; set; }

        [Display(Name = "Project.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? Title { get; set; }

        [Display(Name = "Project.Procedure"), Required(ErrorMessage = "Validation.Select")]
        [AllowedValues(EvaluationProcedures.Standard, EvaluationProcedures.Simplified, ErrorMessage = "Validation.Invalid.Any")]
        public string? Procedure { get; set; } = EvaluationProcedures.Standard;

        [Display(Name = "Project.Scope"), Required(ErrorMessage = "Validation.Select")]
        [AllowedValues(EvaluationScopes.Whole, EvaluationScopes.Partial, ErrorMessage = "Validation.Invalid.Any")]
        public string? Scope { get; set; } = EvaluationScopes.Whole;

        [Display(Name = "Project.Parts"), StringLength(1000, ErrorMessage = "Validation.MaxLength")]
        public string? Parts { get; set; }

        [Display(Name = "Project.Agency"), Required(ErrorMessage = "Validation.Select")]
        public long? AgencyDepartmentId { get; set; }

        [Display(Name = "Project.Institution"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? CommissionedInstitution { get; set; }
    }

    [BindProperty] public ProjectForm Input { get; set; } = new();
    public IReadOnlyList<(long Id, string Title)> Decisions { get; private set; } = [];
    public IReadOnlyList<Department> Agencies { get; private set; } = [];

    public async Task OnGetAsync(long? decisionId)
    {
        await using var conn = await db.OpenConnectionAsync();
        await LoadAsync(conn);
        Input.DecisionId = Decisions.Any(d => d.Id == decisionId) ? decisionId : null;
        Input.AgencyDepartmentId = await conn.DepartmentIdAsync(User);
        if (Input.DecisionId is { } id)
        {
            var title = Decisions.First(d => d.Id == id).Title;
            Input.Title = texts["Project.DefaultTitle", title].Value;
            Input.AgencyDepartmentId ??= await conn.ExecuteScalarAsync<long>("select department_id from decision where id = @id", new { id });
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        await LoadAsync(conn);
        var field = $"{nameof(Input)}.";
        if (Input.DecisionId is { } decision && !Decisions.Any(d => d.Id == decision))
            ModelState.AddModelError(field + nameof(Input.DecisionId), texts["Validation.Invalid.Any"]);
        if (Input.AgencyDepartmentId is { } agency && !Agencies.Any(a => a.Id == agency))
            ModelState.AddModelError(field + nameof(Input.AgencyDepartmentId), texts["Project.Agency.NotYours"]);
        var parts = PlainText.Clean(Input.Parts);
        if (Input.Scope == EvaluationScopes.Partial && parts is null)
            ModelState.AddModelError(field + nameof(Input.Parts), texts["Project.Parts.Required"]);
        // Art. 22-23 (chapter 2): the simplified procedure is for normative documents; chapter 3 has none (0863).
        if (Input.Procedure == EvaluationProcedures.Simplified && Input.DecisionId is { } chosen && Decisions.Any(d => d.Id == chosen)
            && await conn.ExecuteScalarAsync<string>("select kind from decision where id = @chosen", new { chosen }) != DecisionKinds.NormativeDocument)
            ModelState.AddModelError(field + nameof(Input.Procedure), texts["Project.Procedure.SimplifiedNormativeOnly"]);
        if (!ModelState.IsValid) return Page();

        var project = new NewProject(Input.DecisionId!.Value, null, PlainText.Clean(Input.Title)!, Input.Procedure!, Input.Scope!,
            Input.Scope == EvaluationScopes.Partial ? parts : null, Input.AgencyDepartmentId!.Value, PlainText.Clean(Input.CommissionedInstitution));
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.CreateProjectAsync(tx, project, User.Actor(), clock.GetUtcNow().UtcDateTime);
        await tx.CommitAsync();
        TempData.Flash(texts["Project.Created"].Value);
        return RedirectToPage("Details", new { id });
    }

    /// <summary>The decisions in scope; the agencies the user may name (any for the organizer, their own otherwise).</summary>
    private async Task LoadAsync(NpgsqlConnection conn)
    {
        Decisions = (await conn.QueryAsync<(long, string)>(
            "select id, title from decision where id in (select decision_id from staff_decisions(@staff)) order by title",
            new { staff = User.StaffId() })).ToList();
        var own = await conn.DepartmentIdAsync(User);
        Agencies = (await conn.DepartmentsAsync()).Where(d => User.ActsForEveryDepartment() || d.Id == own).ToList();
    }
}
