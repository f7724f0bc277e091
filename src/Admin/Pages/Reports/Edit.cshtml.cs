using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Reports;

/// <summary>
/// Editing a report: the prose of its parts and its structured recommendations (Art. 29-33). Saving never changes a
/// version: it makes the next one. The figures stay those of the version edited unless the evaluator takes in the
/// current data (then the flags are gone because the figures are new).
/// </summary>
[Authorize(Policy = StaffAccess.Record)]
public sealed class EditModel(NpgsqlDataSource db, TimeProvider clock, IOptions<FindingsOptions> findingsOptions,
    IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxPartLength = 50000;
    public const int MaxReasoningLength = 5000;
    public const int RecommendationRows = 6;

    public sealed class RecommendationInput
    {
        public string? Kind { get; set; }
        public string? Reasoning { get; set; }
        public long? DepartmentId { get; set; }
    }

    public ProjectHead Project { get; private set; } = null!;
    public ReportVersionRow Base { get; private set; } = null!;
    public int ChangedFigures { get; private set; }
    public IReadOnlyList<Department> Departments { get; private set; } = [];

    [BindProperty] public Dictionary<string, string?> Parts { get; set; } = [];
    [BindProperty] public List<RecommendationInput?> Recommendations { get; set; } = [];
    [BindProperty] public int BaseVersion { get; set; }
    [BindProperty] public bool RefreshFigures { get; set; }

    public string Form => Base.Form;

    public async Task<IActionResult> OnGetAsync(long projectId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(projectId, cancellationToken) is { } result) return result;
        BaseVersion = Base.Version;
        Parts = Base.Parts().ToDictionary(p => p.Part, p => (string?)p.Prose);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        Recommendations = (await conn.RecommendationsAsync(Base.Id))
            .Select(r => (RecommendationInput?)new RecommendationInput { Kind = r.Kind, Reasoning = r.Reasoning, DepartmentId = r.DepartmentId }).ToList();
        PadRecommendations();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long projectId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(projectId, cancellationToken) is { } result) return result;
        var parts = new Dictionary<string, string>();
        foreach (var part in ReportParts.For(Form))
        {
            var prose = PlainText.Clean(Parts.GetValueOrDefault(part)) ?? "";
            if (PlainText.Length(prose) > MaxPartLength)
                ModelState.AddModelError($"Parts[{part}]", texts["Report.Edit.PartTooLong", texts[$"ReportPart.{part}"], MaxPartLength]);
            parts[part] = prose;
        }
        var recommendations = new List<ReportRecommendation>();
        for (var i = 0; i < Recommendations.Count; i++)
        {
            var r = Recommendations[i]!;
            var reasoning = PlainText.Clean(r.Reasoning);
            if (string.IsNullOrEmpty(r.Kind) && reasoning is null && r.DepartmentId is null) continue;   // an empty row
            var field = $"Recommendations[{i}]";
            if (r.Kind is null || !Outcomes.For(Form).Contains(r.Kind))
                ModelState.AddModelError($"{field}.Kind", texts["Report.Edit.KindRequired", i + 1]);
            if (reasoning is null) ModelState.AddModelError($"{field}.Reasoning", texts["Report.Edit.ReasoningRequired", i + 1]);
            else if (PlainText.Length(reasoning) > MaxReasoningLength)
                ModelState.AddModelError($"{field}.Reasoning", texts["Report.Edit.ReasoningTooLong", i + 1, MaxReasoningLength]);
            if (r.DepartmentId is { } d && Departments.All(x => x.Id != d))
                ModelState.AddModelError($"{field}.DepartmentId", texts["Validation.Invalid.Any"]);
            recommendations.Add(new ReportRecommendation(recommendations.Count + 1, r.Kind ?? "", reasoning ?? "", r.DepartmentId, null));
        }
        if (!ModelState.IsValid) return Page();

        var figures = RefreshFigures
            ? ReportFigures.Compute(await ReportFigures.LoadAsync(db, Project.Id, Project.PreliminaryConclusions, findingsOptions.Value, clock, cancellationToken), texts)
            : ReportFigures.FromJson(Base.Figures);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (!await IndexModel.ReportOpenAsync(conn, tx, projectId))
        {
            TempData.Flash(texts["Report.OnlyInConclusion"].Value);
            return RedirectToPage("/Reports/Index", new { projectId });
        }
        // Saved over a version that is no longer the newest: someone else saved meanwhile; nothing is overwritten.
        var latest = (await conn.VersionsAsync(projectId, tx))[0];
        if (latest.Version != BaseVersion)
        {
            await tx.RollbackAsync(cancellationToken);
            ModelState.AddModelError("", texts["Report.Edit.Stale", latest.Version]);
            return Page();
        }
        var (id, number) = await conn.InsertAsync(tx, projectId, Form, parts, figures, recommendations, User.StaffId(), clock.GetUtcNow().UtcDateTime);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.SaveReport, AuditEntities.ReportVersion, id,
            after: new { project = projectId, version = number, based_on = BaseVersion, refreshed_figures = RefreshFigures, recommendations = recommendations.Count });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Report.Saved", number].Value);
        return RedirectToPage("/Reports/Index", new { projectId, version = number });
    }

    private async Task<IActionResult?> LoadAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (await conn.FindProjectAsync(projectId, User) is not { } project) return NotFound();
        Project = project;
        var versions = await conn.VersionsAsync(projectId);
        if (!Locks.Report(project.Stage, (await conn.StageFactsAsync(projectId)).ChangesAsked > 0) || versions.Count == 0)
        {
            TempData.Flash(texts[versions.Count == 0 ? "Report.None" : "Report.OnlyInConclusion"].Value);
            return RedirectToPage("/Reports/Index", new { projectId });
        }
        Base = versions[0];
        Departments = await conn.DepartmentsAsync();
        var data = await ReportFigures.LoadAsync(db, project.Id, project.PreliminaryConclusions, findingsOptions.Value, clock, cancellationToken);
        ChangedFigures = ReportFigures.Changes(ReportFigures.FromJson(Base.Figures), ReportFigures.Compute(data, texts)).Count;
        PadRecommendations();
        return null;
    }

    /// <summary>Blank rows to add recommendations in (a posted row that bound nothing is one too).</summary>
    private void PadRecommendations()
    {
        Recommendations = Recommendations.Select(r => (RecommendationInput?)(r ?? new RecommendationInput())).ToList();
        while (Recommendations.Count < Math.Max(RecommendationRows, Recommendations.Count(r => r!.Kind is not null) + 2))
            Recommendations.Add(new RecommendationInput());
    }
}
