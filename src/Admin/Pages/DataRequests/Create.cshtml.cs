using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.DataRequests;

/// <summary>Art. 10: a project asks a department for materials and data, by a deadline.</summary>
[Authorize(Policy = StaffAccess.Record)]
public sealed class CreateModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed class RequestForm
    {
        [Display(Name = "DataRequest.Department"), Required(ErrorMessage = "Validation.Select")]
        public long? DepartmentId { get; set; }
        [Display(Name = "DataRequest.Subject"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? Subject { get; set; }
        [Display(Name = "DataRequest.Details"), Required(ErrorMessage = "Validation.Required"), StringLength(5000, ErrorMessage = "Validation.MaxLength")]
        public string? Details { get; set; }
        [Display(Name = "DataRequest.DueOn"), Required(ErrorMessage = "Validation.Required")]
        public DateOnly? DueOn { get; set; }
    }

    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    [BindProperty] public RequestForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long projectId) => await LoadAsync(projectId) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long projectId)
    {
        if (!await LoadAsync(projectId)) return NotFound();
        // A closed project is read-only (Art. 30-33: nothing of it changes after 结项).
        if (!Locks.Open(Project.Stage)) return this.Locked(texts, Project.Stage);
        if (this.WaitingForApproval(texts, Project) is { } waiting) return waiting;
        var today = DateOnly.FromDateTime(Display.ToChinaTime(clock.GetUtcNow().UtcDateTime));
        if (Input.DueOn is { } due && due < today) ModelState.AddModelError("Input.DueOn", texts["DataRequest.DueInPast"]);
        if (Input.DepartmentId is { } d && Departments.All(x => x.Id != d)) ModelState.AddModelError("Input.DepartmentId", texts["Validation.Invalid.Any"]);
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into data_request (project_id, department_id, subject, details, due_on, requested_by, requested_at)
            values (@projectId, @DepartmentId, @Subject, @Details, @DueOn, @staff, @now) returning id
            """, new
            {
                projectId, Input.DepartmentId, Subject = PlainText.Clean(Input.Subject), Details = PlainText.Clean(Input.Details), Input.DueOn,
                staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime,
            }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.RequestData, AuditEntities.EvaluationProject, projectId,
            after: new { request = id, department = Input.DepartmentId, due_on = Input.DueOn });
        await tx.CommitAsync();
        TempData.Flash(texts["DataRequest.Sent"].Value);
        return RedirectToPage("/Projects/Details", null, new { id = projectId }, "requests");
    }

    private async Task<bool> LoadAsync(long projectId)
    {
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(projectId, User);
        if (project is null) return false;
        Project = project;
        Departments = await conn.DepartmentsAsync();
        return true;
    }
}
