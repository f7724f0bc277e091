using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// The evaluation plan (Art. 18, 26) in structured fields — every save is a new version, the newest is current, and
/// every version can be read — and the survey outline (Art. 18).
/// </summary>
public sealed class PlanModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed class PlanForm
    {
        [Display(Name = "ProjectPlan.Purpose"), Required(ErrorMessage = "Validation.Required"), StringLength(5000, ErrorMessage = "Validation.MaxLength")]
        public string? Purpose { get; set; }
        [Display(Name = "ProjectPlan.ObjectAndContent"), Required(ErrorMessage = "Validation.Required"), StringLength(5000, ErrorMessage = "Validation.MaxLength")]
        public string? ObjectAndContent { get; set; }
        [Display(Name = "ProjectPlan.StandardsAndMethods"), Required(ErrorMessage = "Validation.Required"), StringLength(5000, ErrorMessage = "Validation.MaxLength")]
        public string? StandardsAndMethods { get; set; }
        [Display(Name = "ProjectPlan.StepsAndSchedule"), Required(ErrorMessage = "Validation.Required"), StringLength(5000, ErrorMessage = "Validation.MaxLength")]
        public string? StepsAndSchedule { get; set; }
        [Display(Name = "ProjectPlan.StartsOn"), Required(ErrorMessage = "Validation.Required")]
        public DateOnly? StartsOn { get; set; }
        [Display(Name = "ProjectPlan.EndsOn"), Required(ErrorMessage = "Validation.Required"), NotBefore(nameof(StartsOn), ErrorMessage = "ProjectPlan.EndsBeforeStart")]
        public DateOnly? EndsOn { get; set; }
        [Display(Name = "ProjectPlan.Budget"), Required(ErrorMessage = "Validation.Required"), StringLength(2000, ErrorMessage = "Validation.MaxLength")]
        public string? Budget { get; set; }
        [Display(Name = "ProjectPlan.Organization"), Required(ErrorMessage = "Validation.Required"), StringLength(5000, ErrorMessage = "Validation.MaxLength")]
        public string? Organization { get; set; }
    }

    public sealed record Version(int Number, string SavedBy, DateTime SavedAt);

    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<Version> Versions { get; private set; } = [];
    /// <summary>The version shown: the current one, or an earlier one asked for by number (read only).</summary>
    public int? Shown { get; private set; }
    public bool IsCurrent => Shown is null || Versions.Count == 0 || Shown == Versions[0].Number;

    /// <summary>Bound only by the plan's own handler (a parameter), so saving the survey outline does not validate it.</summary>
    public PlanForm Input { get; set; } = new();
    [BindProperty, StringLength(20000, ErrorMessage = "Validation.MaxLength"), Display(Name = "Project.SurveyOutline")]
    public string? SurveyOutline { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, int? version)
    {
        if (!await LoadAsync(id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        var number = version ?? (Versions.Count > 0 ? Versions[0].Number : (int?)null);
        if (number is { } n)
        {
            var row = await conn.QuerySingleOrDefaultAsync<PlanForm>(
                """
                select purpose, object_and_content, standards_and_methods, steps_and_schedule, starts_on, ends_on, budget, organization
                from project_plan_version where project_id = @id and number = @n
                """, new { id, n });
            if (row is null) return NotFound();
            Input = row;
            Shown = n;
        }
        SurveyOutline = Project.SurveyOutline;
        return Page();
    }

    /// <summary>Saves the plan as a new version; the earlier ones stay. A commissioned institution drafts it too; any new
    /// version needs the agency's approval again (Art. 18, <see cref="ProjectQueries.WithdrawInstitutionApprovalAsync"/>).</summary>
    public async Task<IActionResult> OnPostAsync(long id, [Bind(Prefix = nameof(Input))] PlanForm input)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        if (!await LoadAsync(id)) return NotFound();
        if (!Locks.Data(Project.Stage)) return this.Locked(texts, Project.Stage);
        Input = input;
        SurveyOutline = Project.SurveyOutline;
        ModelState.Remove(nameof(SurveyOutline));
        if (!ModelState.IsValid) return Page();
        var row = new
        {
            Purpose = PlainText.Clean(Input.Purpose), ObjectAndContent = PlainText.Clean(Input.ObjectAndContent),
            StandardsAndMethods = PlainText.Clean(Input.StandardsAndMethods), StepsAndSchedule = PlainText.Clean(Input.StepsAndSchedule),
            Input.StartsOn, Input.EndsOn, Budget = PlainText.Clean(Input.Budget), Organization = PlainText.Clean(Input.Organization),
        };
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @id for update", new { id }, tx);
        var number = await conn.ExecuteScalarAsync<int>(
            """
            insert into project_plan_version (project_id, number, purpose, object_and_content, standards_and_methods, steps_and_schedule,
                                              starts_on, ends_on, budget, organization, saved_by, saved_at)
            values (@id, (select coalesce(max(number), 0) + 1 from project_plan_version where project_id = @id), @Purpose, @ObjectAndContent,
                    @StandardsAndMethods, @StepsAndSchedule, @StartsOn, @EndsOn, @Budget, @Organization, @staff, @now)
            returning number
            """, new DynamicParameters(row).With(new { id, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.SavePlan, AuditEntities.EvaluationProject, id, after: new { version = number });
        await conn.WithdrawInstitutionApprovalAsync(tx, id);
        await tx.CommitAsync();
        TempData.Flash(texts["ProjectPlan.Saved", number].Value);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostOutlineAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.ManageProject);
        if (!await LoadAsync(id)) return NotFound();
        if (!Locks.Data(Project.Stage)) return this.Locked(texts, Project.Stage);
        if (!ModelState.IsValid) return Page();
        var outline = PlainText.Clean(SurveyOutline) ?? "";
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("update evaluation_project set survey_outline = @outline where id = @id", new { id, outline }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.SaveSurveyOutline, AuditEntities.EvaluationProject, id,
            new { length = Project.SurveyOutline.Length }, new { length = outline.Length });
        await tx.CommitAsync();
        TempData.Flash(texts["Project.SurveyOutline.Saved"].Value);
        return RedirectToPage(new { id });
    }


    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return false;
        Project = project;
        Versions = (await conn.QueryAsync<Version>(
            """
            select v.number, s.display_name as saved_by, v.saved_at from project_plan_version v join staff_user s on s.id = v.saved_by
            where v.project_id = @id order by v.number desc
            """, new { id })).ToList();
        return true;
    }
}
