using System.ComponentModel.DataAnnotations;
using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.DataRequests;

/// <summary>One data request; the staff of the department it is addressed to answer it (Art. 10).</summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public DataRequestView DataRequest { get; private set; } = null!;
    public bool CanAnswer { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty, Display(Name = "DataRequest.Answer"), StringLength(20000, ErrorMessage = "Validation.MaxLength")]
    public string? Answer { get; set; }
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty] public string Confidentiality { get; set; } = Projects.Confidentiality.Internal;
    public IReadOnlyList<Projects.ProjectFile> Attached { get; private set; } = [];
    /// <summary>The findings recorded from the answer (Art. 16, 27), shown to those who see the project; null for the
    /// answering department's staff who do not.</summary>
    public IReadOnlyList<Evaluation.Analysis.Reports.EvidenceFinding>? Findings { get; private set; }
    public bool CanRecordFindings { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!CanAnswer) return this.Refuse(Refusal.Who.RequestedDepartment, Refusal.Act.AnswerDataRequest);
        var answer = PlainText.Clean(Answer);
        if (answer is null) ModelState.AddModelError(nameof(Answer), texts["DataRequest.Answer.Required"]);
        if (!Projects.Confidentiality.All.Contains(Confidentiality)) ModelState.AddModelError(nameof(Confidentiality), texts["Validation.Select"]);
        if (Files.Count > Projects.ProjectFiles.MaxFiles) ModelState.AddModelError(nameof(Files), texts["ProjectFile.TooMany", Projects.ProjectFiles.MaxFiles]);
        var (files, refused) = await Shared.Attachments.Attachments.CheckUploadsAsync(Files, Shared.Attachments.Attachments.Documents, cancellationToken);
        foreach (var r in refused) ModelState.AddModelError(nameof(Files), texts[r.MessageKey, r.FileName, Shared.Attachments.Attachments.MaxBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var answered = await conn.ExecuteAsync(
            "update data_request set answer = @answer, answered_by = @staff, answered_at = @now where id = @id and answered_at is null",
            new { id, answer, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }, tx);
        if (answered == 0)
        {
            await tx.RollbackAsync();
            TempData.Flash(texts["DataRequest.AlreadyAnswered"].Value);
            return RedirectToPage(new { id });
        }
        await conn.StoreAsync(tx, DataRequest.ProjectId, null, id, files, Confidentiality, User.StaffId(), clock.GetUtcNow().UtcDateTime);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.AnswerDataRequest, AuditEntities.EvaluationProject, DataRequest.ProjectId,
            after: new { request = id, files = files.Count, Confidentiality });
        await tx.CommitAsync();
        TempData.Flash(texts["DataRequest.Answered"].Value);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var request = await conn.FindRequestAsync(id, User);
        if (request is null) return false;
        DataRequest = request;
        Today = DateOnly.FromDateTime(Display.ToChinaTime(clock.GetUtcNow().UtcDateTime));
        Attached = (await conn.FilesAsync(request.ProjectId)).Where(f => f.DataRequestId == id).ToList();
        CanAnswer = request.AnsweredAt is null && User.CanManage() && await conn.DepartmentIdAsync(User) == request.DepartmentId;
        if (await conn.FindProjectAsync(request.ProjectId, User) is { } project)
        {
            Findings = (await Evaluation.Analysis.Reports.ConclusionEvidence.FindingsAsync(conn, request.ProjectId))
                .Where(f => f.Source == Evaluation.Analysis.Reports.EvidenceSources.DataRequest && f.SourceId == id).ToList();
            CanRecordFindings = request.AnsweredAt is not null && User.CanRecord() && Locks.Data(project.Stage);
        }
        return true;
    }
}
