using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
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
public sealed class CreateModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed class ProjectForm
    {
        [Display(Name = "Project.Decision"), Required(ErrorMessage = "Validation.Select")]
        public long? DecisionId { get; set; }

        [Display(Name = "Project.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? Title { get; set; }

        [Display(Name = "Project.Procedure"), Required(ErrorMessage = "Validation.Select")]
        [AllowedValues(Procedures.Standard, Procedures.Simplified, ErrorMessage = "Validation.Invalid.Any")]
        public string? Procedure { get; set; } = Procedures.Standard;

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
        if (!ModelState.IsValid) return Page();

        var row = new
        {
            Input.DecisionId,
            Title = PlainText.Clean(Input.Title),
            Input.Procedure,
            Input.Scope,
            Parts = Input.Scope == EvaluationScopes.Partial ? parts : null,
            Input.AgencyDepartmentId,
            CommissionedInstitution = PlainText.Clean(Input.CommissionedInstitution),
        };
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, parts, agency_department_id, commissioned_institution, created_by)
            values (@DecisionId, @Title, @Procedure, @Scope, @Parts, @AgencyDepartmentId, @CommissionedInstitution, @staff)
            returning id
            """, new DynamicParameters(row).With(new { staff = User.StaffId() }), tx);
        // The consultations of the decision are linked at once: their data is what the evaluation starts from.
        await conn.ExecuteAsync(
            "insert into project_consultation (project_id, consultation_id) select @id, id from consultation where decision_id = @DecisionId and state <> 'draft'",
            new { id, Input.DecisionId }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Create, AuditEntities.EvaluationProject, id, after: row);
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
