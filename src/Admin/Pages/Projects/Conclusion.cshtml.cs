using System.Text.Json;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// One standard's (Art. 15) or item's (Art. 25) conclusion: the survey's figures and the other methods' findings side by
/// side, the draft from both (<see cref="ConclusionDraft"/>), and the evaluator's judgement, which links the evidence
/// it rests on (Art. 16, 19(3), 27). All of it is read from the stored snapshot of the preliminary conclusions; the
/// judgement is stored in it, and changing a reviewed judgement needs a new review.
/// </summary>
public sealed class ConclusionModel(NpgsqlDataSource db, TimeProvider clock, IOptions<FindingsOptions> findingsOptions,
    IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxText = 2000;

    public ProjectHead Project { get; private set; } = null!;
    public ConclusionSnapshot? Snapshot { get; private set; }
    public Proposal? Draft { get; private set; }
    public bool CanJudge { get; private set; }
    public double SeriousShare => findingsOptions.Value.SeriousDisagreement;

    [BindProperty] public string? Level { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public List<string> Evidence { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, string criterion)
    {
        if (!await LoadAsync(id, criterion)) return NotFound();
        if (Snapshot is { } s)
        {
            Level = s.Judgement?.Level ?? Draft!.Level;
            Text = s.Judgement?.Text ?? ConclusionDraft.Reasoning(Draft!, texts);
            Evidence = s.Judgement?.Evidence.ToList() ?? [];
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string criterion)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        if (!await LoadAsync(id, criterion)) return NotFound();
        if (Snapshot is not { } s || !CanJudge)
        {
            ModelState.AddModelError("", texts["Project.Conclusions.OnlyInImplementation"]);
            return Page();
        }
        if (this.WaitingForApproval(texts, Project) is { } waiting) return waiting;
        var text = PlainText.Clean(Text);
        var linked = Evidence.Distinct().ToList();
        if (Level is null || !ConclusionDraft.Levels.Contains(Level)) ModelState.AddModelError(nameof(Level), texts["Validation.Select"]);
        if (text is null) ModelState.AddModelError(nameof(Text), texts["Judgement.Text.Required"]);
        else if (PlainText.Length(text) > MaxText) ModelState.AddModelError(nameof(Text), texts["Judgement.Text.TooLong", MaxText]);
        var keys = s.EvidenceKeys();
        if (linked.Count == 0 || linked.Any(k => !keys.Contains(k))) ModelState.AddModelError(nameof(Evidence), texts["Judgement.Evidence.Required"]);
        // Art. 15(1): a firm judgement of legality names legality evidence, never public opinion alone.
        else if (s.Criterion == "legality" && Level is { } l && ConclusionDraft.IsFirm(l)
                 && !s.Evidence.Any(e => e.Legality && linked.Contains(e.Key)))
            ModelState.AddModelError(nameof(Evidence), texts["Judgement.Evidence.Legality"]);
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var judgedBy = await conn.ExecuteScalarAsync<string>("select display_name from staff_user where id = @staff", new { staff = User.StaffId() }, tx);
        var judgement = new Judgement(Level!, text!, linked, judgedBy ?? "", now);
        // The snapshot is read again under the project's row lock, so a generation meanwhile is not overwritten.
        var stored = await conn.QuerySingleAsync<(string Stage, string? Json)>(
            "select stage, preliminary_conclusions::text from evaluation_project where id = @id for update", new { id }, tx);
        var all = stored.Json is null ? [] : JsonSerializer.Deserialize<List<ConclusionSnapshot>>(stored.Json) ?? [];
        var index = all.FindIndex(c => c.Criterion == criterion);
        if (stored.Stage != Stages.Implementation || index < 0 || !all[index].EvidenceKeys().SequenceEqual(keys))
        {
            await tx.RollbackAsync();
            TempData.Flash(texts["Judgement.Changed"].Value);
            return RedirectToPage(new { id, criterion });
        }
        var before = all[index].Judgement;
        all[index] = all[index] with { Judgement = judgement };
        // Art. 19(3): what a member reviewed is what stands; a changed judgement needs a new review.
        await conn.ExecuteAsync(
            """
            update evaluation_project set preliminary_conclusions = @json::jsonb, conclusions_drafted_by = @staff,
                   conclusions_reviewed_by = null, conclusions_reviewed_at = null, conclusions_review_note = null
            where id = @id
            """, new { id, json = JsonSerializer.Serialize(all), staff = User.StaffId() }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.JudgeConclusion, AuditEntities.EvaluationProject, id,
            before: before is null ? null : new { criterion, before.Level, before.Text, before.Evidence },
            after: new { criterion, judgement.Level, judgement.Text, judgement.Evidence });
        await tx.CommitAsync();
        TempData.Flash(texts["Judgement.Saved"].Value);
        return RedirectToPage(new { id, criterion });
    }

    private async Task<bool> LoadAsync(long id, string criterion)
    {
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null || !Evaluation.Shared.Decisions.Criteria.For(project.DecisionKind).Contains(criterion)) return false;
        Project = project;
        var all = project.PreliminaryConclusions is { } json ? JsonSerializer.Deserialize<List<ConclusionSnapshot>>(json) ?? [] : [];
        Snapshot = all.FirstOrDefault(c => c.Criterion == criterion);
        Draft = Snapshot is { } s ? ConclusionDraft.Propose(s, SeriousShare) : null;
        CanJudge = User.CanRecord() && project.Stage == Stages.Implementation && Snapshot is not null;
        return true;
    }
}
