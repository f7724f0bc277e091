using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Reports;

/// <summary>
/// The evaluation report of a project (Art. 20, 21, 28): a version with its parts, its figures (flagged where the data
/// changed since), recommendations, expert reviews and finalize state; the list of versions. Everyone who sees the
/// project reads it (the legal reviewer too, once a report was sent); drafting, reviews and finalizing need a managing
/// role and the conclusion stage.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock, IOptions<FindingsOptions> findingsOptions,
    IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxCommentsLength = 20000;
    public const int MaxNoReviewReasonLength = 5000;

    public sealed record ReviewRow(long Id, string? StaffName, string MemberKind, DateOnly ReviewedOn, string Comments, string RecordedByName, DateTime RecordedAt);
    public sealed record MemberOption(long Id, string Name);

    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<ReportVersionRow> Versions { get; private set; } = [];
    public ReportVersionRow? Shown { get; private set; }
    public IReadOnlyDictionary<string, Figure> Figures { get; private set; } = new Dictionary<string, Figure>();
    public IReadOnlyList<FigureChange> Changes { get; private set; } = [];
    public IReadOnlyList<ReportRecommendation> Recommendations { get; private set; } = [];
    public IReadOnlyList<ReviewRow> Reviews { get; private set; } = [];
    public IReadOnlyList<MemberOption> Members { get; private set; } = [];
    /// <summary>Why the shown version cannot be finalized (text keys); empty when it can.</summary>
    public IReadOnlyList<string> MissingForFinalize { get; private set; } = [];
    /// <summary>Art. 20: the standard procedure's report needs a 论证 of the version or a reason why there was none.</summary>
    public bool AsksNoReviewReason => Project.Procedure == EvaluationProcedures.Standard && Shown is { IsFinalized: false } && Reviews.Count == 0;
    /// <summary>Why a finalized version was not reviewed, as recorded on finalizing.</summary>
    public string? ShownNoReviewReason { get; private set; }
    /// <summary>Art. 24: the latest legality review passed the report with changes the agency still answers.</summary>
    public bool ChangesAsked { get; private set; }
    public bool CanEdit => User.CanManage() && Locks.Report(Project.Stage, ChangesAsked);
    /// <summary>Drafting and editing versions is also the commissioned institution's (Art. 18); finalizing and the 论证 are the agency's.</summary>
    public bool CanDraft => User.CanRecord() && Locks.Report(Project.Stage, ChangesAsked);
    public bool ShowsLatest => Shown is not null && Shown.Version == Versions[0].Version;

    [BindProperty] public long? MemberId { get; set; }
    [BindProperty] public DateOnly? ReviewedOn { get; set; }
    [BindProperty] public string? Comments { get; set; }
    [BindProperty] public string? NoReviewReason { get; set; }

    public async Task<IActionResult> OnGetAsync(long projectId, int? version, CancellationToken cancellationToken) =>
        await LoadAsync(projectId, version, cancellationToken) ? Page() : NotFound();

    /// <summary>A new version pre-filled from the data as it is now: the figures and the prose generated from them.</summary>
    public async Task<IActionResult> OnPostDraftAsync(long projectId, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (await conn.FindProjectAsync(projectId, User) is not { } project) return NotFound();
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        var data = await ReportFigures.LoadAsync(db, project.Id, project.PreliminaryConclusions, findingsOptions.Value, clock, cancellationToken);
        var form = ReportForms.For(project.DecisionKind);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (!await ReportOpenAsync(conn, tx, projectId)) return OnlyInConclusion(projectId);
        var (id, number) = await conn.InsertAsync(tx, projectId, form, ReportFigures.Draft(data, form, texts), ReportFigures.Compute(data, texts), [],
            User.StaffId(), clock.GetUtcNow().UtcDateTime);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.DraftReport, AuditEntities.ReportVersion, id, after: new { project = projectId, version = number });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Report.Drafted", number].Value);
        return RedirectToPage(new { projectId, version = number });
    }

    /// <summary>Freezes the newest version: its content hash is stored; a later edit makes a new version.</summary>
    public async Task<IActionResult> OnPostFinalizeAsync(long projectId, int version, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (await conn.FindProjectAsync(projectId, User) is not { } project) return NotFound();
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.FinalizeReport);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (!await ReportOpenAsync(conn, tx, projectId)) return OnlyInConclusion(projectId);
        var versions = await conn.VersionsAsync(projectId, tx);
        if (versions.FirstOrDefault(v => v.Version == version) is not { } shown) return NotFound();
        var recommendations = await conn.RecommendationsAsync(shown.Id, tx);
        // Counted under the project row lock, which recording a review takes too.
        var reviews = await ReviewCountAsync(conn, shown.Id, tx);
        var reason = PlainText.Clean(NoReviewReason);
        var missing = Missing(project, versions, shown, recommendations, reviews, reason);
        if (reason is not null && PlainText.Length(reason) > MaxNoReviewReasonLength)
            ModelState.AddModelError(nameof(NoReviewReason), texts["Report.Finalize.NoReviewReason.TooLong", MaxNoReviewReasonLength]);
        if (missing.Count > 0 || !ModelState.IsValid)
        {
            await tx.RollbackAsync(cancellationToken);
            await LoadAsync(projectId, version, cancellationToken);
            foreach (var m in missing) ModelState.AddModelError(m == ExpertReviewMissing ? nameof(NoReviewReason) : "", texts[m]);
            return Page();
        }
        // A reason is kept only where it is what allows finalizing: a version with a 论证 needs none.
        if (reviews > 0 || project.Procedure != EvaluationProcedures.Standard) reason = null;
        var hash = ReportContent.Hash(shown, recommendations);
        await conn.ExecuteAsync(
            """
            update report_version set finalized_by = @staff, finalized_at = @now, content_hash = @hash, no_review_reason = @reason
            where id = @Id and finalized_at is null
            """, new { shown.Id, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime, hash, reason }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.FinalizeReport, AuditEntities.ReportVersion, shown.Id,
            after: new { project = projectId, version, content_hash = Convert.ToHexStringLower(hash), expert_reviews = reviews, no_review_reason = reason });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Report.Finalized", version].Value);
        return RedirectToPage(new { projectId, version });
    }

    /// <summary>Art. 20 (论证): a member of the project team's comments on a version.</summary>
    public async Task<IActionResult> OnPostReviewAsync(long projectId, int version, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (await conn.FindProjectAsync(projectId, User) is null) return NotFound();
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.FinalizeReport);
        var comments = PlainText.Clean(Comments);
        if (MemberId is null) ModelState.AddModelError(nameof(MemberId), texts["Report.Review.MemberRequired"]);
        if (ReviewedOn is null) ModelState.AddModelError(nameof(ReviewedOn), texts["Report.Review.DateRequired"]);
        else if (ReviewedOn > Display.Today(clock)) ModelState.AddModelError(nameof(ReviewedOn), texts["Report.Review.DateInFuture"]);
        if (comments is null) ModelState.AddModelError(nameof(Comments), texts["Report.Review.CommentsRequired"]);
        else if (PlainText.Length(comments) > MaxCommentsLength) ModelState.AddModelError(nameof(Comments), texts["Report.Review.CommentsTooLong", MaxCommentsLength]);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (!await ReportOpenAsync(conn, tx, projectId)) return OnlyInConclusion(projectId);
        var versionId = await conn.ExecuteScalarAsync<long?>(
            "select id from report_version where project_id = @projectId and version = @version", new { projectId, version }, tx);
        if (versionId is null) return NotFound();
        long? reviewId = null;
        if (ModelState.IsValid)
            reviewId = await conn.ExecuteScalarAsync<long?>(
                """
                insert into report_expert_review (report_version_id, project_member_id, reviewed_on, comments, recorded_by, recorded_at)
                select @versionId, m.id, @ReviewedOn, @comments, @staff, @now from project_member m
                where m.id = @MemberId and m.project_id = @projectId and m.removed_at is null
                returning id
                """, new { versionId, MemberId, ReviewedOn, comments, projectId, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }, tx);
        if (reviewId is null)
        {
            if (ModelState.IsValid) ModelState.AddModelError(nameof(MemberId), texts["Report.Review.NotMember"]);
            await tx.RollbackAsync(cancellationToken);
            await LoadAsync(projectId, version, cancellationToken);
            return Page();
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ReviewReport, AuditEntities.ReportVersion, versionId,
            after: new { review = reviewId, member = MemberId, reviewed_on = ReviewedOn });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Report.Review.Recorded"].Value);
        return RedirectToPage(null, null, new { projectId, version }, "reviews");
    }

    /// <summary>Takes the project row lock and reads again inside the transaction whether the report may change
    /// (<see cref="Locks.Report"/>: the conclusion stage, or answering a pass with changes).</summary>
    internal static async Task<bool> ReportOpenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long projectId)
    {
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @projectId for update", new { projectId }, tx);
        var facts = await conn.StageFactsAsync(projectId, tx);
        return Locks.Report(facts.Stage, facts.ChangesAsked > 0);
    }

    private RedirectToPageResult OnlyInConclusion(long projectId)
    {
        TempData.Flash(texts["Report.OnlyInConclusion"].Value);
        return RedirectToPage("/Reports/Index", new { projectId });
    }

    private const string ExpertReviewMissing = "Report.Missing.ExpertReview";

    private static Task<int> ReviewCountAsync(NpgsqlConnection conn, long versionId, NpgsqlTransaction? tx = null) =>
        conn.ExecuteScalarAsync<int>("select count(*)::int from report_expert_review where report_version_id = @versionId", new { versionId }, tx);

    /// <summary>What a version lacks to be finalized: the newest, not yet finalized, every part written, at least one
    /// recommendation, the preliminary conclusions reviewed (Art. 19(3)), and for the standard procedure the experts'
    /// 论证 of this version or the reason why there was none (Art. 20; the simplified procedure of Art. 22-23 has none).</summary>
    private static List<string> Missing(ProjectHead project, IReadOnlyList<ReportVersionRow> versions, ReportVersionRow shown,
        IReadOnlyList<ReportRecommendation> recommendations, int reviews, string? noReviewReason)
    {
        var missing = new List<string>();
        if (shown.IsFinalized) missing.Add("Report.Missing.AlreadyFinalized");
        else if (shown.Version != versions[0].Version) missing.Add("Report.Missing.NotLatest");
        if (shown.Parts().Any(p => string.IsNullOrWhiteSpace(p.Prose))) missing.Add("Report.Missing.Parts");
        if (recommendations.Count == 0) missing.Add("Report.Missing.Recommendation");
        if (project.ConclusionsReviewedAt is null) missing.Add("Report.Missing.ConclusionsReview");
        if (!shown.IsFinalized && project.Procedure == EvaluationProcedures.Standard && reviews == 0 && noReviewReason is null)
            missing.Add(ExpertReviewMissing);
        return missing;
    }

    private async Task<bool> LoadAsync(long projectId, int? version, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (await conn.FindProjectAsync(projectId, User) is not { } project) return false;
        Project = project;
        ChangesAsked = (await conn.StageFactsAsync(projectId)).ChangesAsked > 0;
        Versions = await conn.VersionsAsync(projectId);
        Shown = version is { } n ? Versions.FirstOrDefault(v => v.Version == n) : Versions.FirstOrDefault();
        if (version is not null && Shown is null) return false;
        if (Shown is null) return true;
        Figures = ReportFigures.FromJson(Shown.Figures);
        var data = await ReportFigures.LoadAsync(db, project.Id, project.PreliminaryConclusions, findingsOptions.Value, clock, cancellationToken);
        Changes = ReportFigures.Changes(Figures, ReportFigures.Compute(data, texts));
        Recommendations = await conn.RecommendationsAsync(Shown.Id);
        Reviews = (await conn.QueryAsync<ReviewRow>(
            """
            select r.id, s.display_name as staff_name, m.member_kind, r.reviewed_on, r.comments, rb.display_name as recorded_by_name, r.recorded_at
            from report_expert_review r join project_member m on m.id = r.project_member_id left join staff_user s on s.id = m.staff_user_id
            join staff_user rb on rb.id = r.recorded_by
            where r.report_version_id = @Id order by r.reviewed_on, r.id
            """, new { Shown.Id })).ToList();
        // Until the reason is given beside the finalize button, the list says the 论证 is missing.
        MissingForFinalize = Missing(project, Versions, Shown, Recommendations, Reviews.Count, PlainText.Clean(NoReviewReason));
        ShownNoReviewReason = await conn.ExecuteScalarAsync<string?>("select no_review_reason from report_version where id = @Id", new { Shown.Id });
        // Outside members' names are encrypted personal data: the list names them by kind and affiliation only.
        Members = (await conn.QueryAsync<(long Id, string? StaffName, string Kind, string Role, string? Affiliation)>(
            """
            select m.id, s.display_name, m.member_kind, m.team_role, m.affiliation
            from project_member m left join staff_user s on s.id = m.staff_user_id
            where m.project_id = @projectId and m.removed_at is null order by m.added_at, m.id
            """, new { projectId })).Select(m => new MemberOption(m.Id,
                texts["Format.Parenthesized", m.StaffName ?? texts[$"TeamKind.{m.Kind}"].Value,
                    m.Affiliation is null ? texts[$"TeamRole.{m.Role}"] : texts["Format.Pair", texts[$"TeamRole.{m.Role}"], m.Affiliation]].Value)).ToList();
        return true;
    }
}
