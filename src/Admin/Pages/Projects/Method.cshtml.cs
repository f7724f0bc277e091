using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>A record of the methods log (Art. 16, 27): what was done, when, where, with whom, and what came of it.</summary>
public sealed class MethodModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public static readonly string[] Methods = ["sampling_survey", "online_survey", "questionnaire", "field_research", "symposium", "hearing",
        "expert_consultation", "case_file_review", "comparative_analysis", "individual_interview", "group_interview",
        // Art. 27(1), 27(3): other decision matters are also evaluated by reading documents and by cost-benefit statistics.
        "document_review", "cost_benefit_statistics"];

    public sealed class MethodForm
    {
        [Display(Name = "Method.Method"), Required(ErrorMessage = "Validation.Select")]
        public string? Method { get; set; }
        [Display(Name = "Method.HeldOn"), Required(ErrorMessage = "Validation.Required")]
        public DateOnly? HeldOn { get; set; }
        [Display(Name = "Method.Place"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? Place { get; set; }
        [Display(Name = "Method.ParticipantCount"), Range(0, 1_000_000, ErrorMessage = "Validation.Range")]
        public int? ParticipantCount { get; set; }
        [Display(Name = "Method.ParticipantKinds"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
        public string? ParticipantKinds { get; set; }
        [Display(Name = "Method.Period")]
        public string? Period { get; set; }
        [Display(Name = "Method.Summary"), Required(ErrorMessage = "Validation.Required"), StringLength(20000, ErrorMessage = "Validation.MaxLength")]
        public string? Summary { get; set; }
    }

    public ProjectHead Project { get; private set; } = null!;
    [BindProperty] public MethodForm Input { get; set; } = new();
    /// <summary>Minutes, photos, questionnaires, statistics: checked by content (PDF, images, Word, Excel, text).</summary>
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty] public string Confidentiality { get; set; } = Projects.Confidentiality.Internal;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        return await LoadAsync(id) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        if (!await LoadAsync(id)) return NotFound();
        if (!Locks.Data(Project.Stage)) return this.Locked(texts, Project.Stage);
        if (this.WaitingForApproval(texts, Project) is { } waiting) return waiting;
        if (Input.Method is not null && !Methods.Contains(Input.Method))
            ModelState.AddModelError("Input.Method", texts["Validation.Invalid.Any"]);
        if (!string.IsNullOrEmpty(Input.Period) && !Periods.All.Contains(Input.Period))
            ModelState.AddModelError("Input.Period", texts["Validation.Invalid.Any"]);
        if (!Projects.Confidentiality.All.Contains(Confidentiality)) ModelState.AddModelError(nameof(Confidentiality), texts["Validation.Select"]);
        if (Files.Count > ProjectFiles.MaxFiles) ModelState.AddModelError(nameof(Files), texts["ProjectFile.TooMany", ProjectFiles.MaxFiles]);
        var (files, refused) = await Attachments.CheckUploadsAsync(Files, Attachments.Documents, cancellationToken);
        foreach (var r in refused) ModelState.AddModelError(nameof(Files), texts[r.MessageKey, r.FileName, Attachments.MaxBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Page();
        var row = new
        {
            Input.Method, Input.HeldOn, Place = PlainText.Clean(Input.Place), Input.ParticipantCount,
            ParticipantKinds = PlainText.Clean(Input.ParticipantKinds), Period = string.IsNullOrEmpty(Input.Period) ? null : Input.Period,
            Summary = PlainText.Clean(Input.Summary),
        };
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var methodId = await conn.ExecuteScalarAsync<long>(
            """
            insert into project_method (project_id, method, held_on, place, participant_count, participant_kinds, period, summary, recorded_by, recorded_at)
            values (@id, @Method, @HeldOn, @Place, @ParticipantCount, @ParticipantKinds, @Period, @Summary, @staff, @now) returning id
            """, new DynamicParameters(row).With(new { id, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }), tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.RecordMethod, AuditEntities.EvaluationProject, id,
            after: new { record = methodId, row.Method, row.HeldOn, row.Period, files = files.Count, Confidentiality });
        await conn.StoreAsync(tx, id, methodId, null, files, Confidentiality, User.StaffId(), clock.GetUtcNow().UtcDateTime);
        await tx.CommitAsync();
        TempData.Flash(texts["Method.Recorded"].Value);
        return RedirectToPage("Details", null, new { id }, "methods");
    }


    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        Project = await conn.FindProjectAsync(id, User) ?? null!;
        return Project is not null;
    }
}
