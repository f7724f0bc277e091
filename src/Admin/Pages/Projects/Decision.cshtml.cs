using Dapper;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Staff;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// Art. 24, 29-33: after the legality review passed, the organizer (the city government office) records the executive
/// meeting's (常务会议) deliberation: its date and reference, what it decided, possibly not what the report recommended,
/// and the follow-up actions the decision causes (pre-filled from the reviewed version's recommendations that name a
/// department). Recording moves the project to the follow-up stage.
/// </summary>
public sealed class DecisionModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxActions = 20;
    /// <summary>Blank action rows offered beside the pre-filled ones.</summary>
    public const int BlankRows = 3;

    public sealed class DecisionForm
    {
        public DateOnly? MeetingOn { get; set; }
        public string? MeetingReference { get; set; }
        public string? Outcome { get; set; }
        public string? Details { get; set; }
        /// <summary>The organizer confirms that the details say why the decision differs from the recommendation.</summary>
        public bool DifferenceExplained { get; set; }
    }

    public sealed class ActionRow
    {
        public string? What { get; set; }
        public long? DepartmentId { get; set; }
        public DateOnly? DueOn { get; set; }
        /// <summary>Art. 29, 31-33: the action carries out the meeting's decision (修改, 废止): it is cancelled only by a later decision.</summary>
        public bool CarriesDecision { get; set; }
        public bool IsBlank => string.IsNullOrWhiteSpace(What) && DepartmentId is null && DueOn is null;
    }

    public sealed record Recorded(DateOnly MeetingOn, string MeetingReference, string Outcome, string Details, string RecordedBy, DateTime RecordedAt);
    public sealed record ActionView(long Id, string What, string DepartmentName, DateOnly DueOn, string Status);
    private sealed record PassedReview(long Id, long ReportVersionId, string Outcome, string? Changes, DateOnly ReviewedOn, DateTime? RevisedFinalizedAt);

    public ProjectHead Project { get; private set; } = null!;
    public FinalizedVersion? Version { get; private set; }
    public string? ReviewOutcome { get; private set; }
    public string? ReviewChanges { get; private set; }
    private PassedReview? Review { get; set; }
    public IReadOnlyList<ReportRecommendation> Recommendations { get; private set; } = [];
    public IReadOnlyList<string> OutcomeChoices { get; private set; } = [];
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public Recorded? Existing { get; private set; }
    public IReadOnlyList<ActionView> ExistingActions { get; private set; } = [];
    public bool CanRecord { get; private set; }

    [BindProperty] public DecisionForm Input { get; set; } = new();
    [BindProperty] public List<ActionRow> Actions { get; set; } = [];

    /// <summary>Art. 29: the meeting may decide otherwise than the report recommends; the pages then say so.</summary>
    public static bool Differs(string outcome, IReadOnlyList<ReportRecommendation> recommendations) =>
        recommendations.Count > 0 && recommendations.All(r => r.Kind != outcome);

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input.MeetingOn = Display.Today(clock);
        // Pre-filled from the recommendations that name a department to act (Art. 31-33).
        Actions = Recommendations.Where(r => r.DepartmentId is not null)
            .Select(r => new ActionRow { What = texts["Format.LabelValue", texts[$"Outcome.{r.Kind}"], r.Reasoning], DepartmentId = r.DepartmentId }).ToList();
        for (var i = 0; i < BlankRows; i++) Actions.Add(new ActionRow());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        // Art. 29: the city government decides; the office records it. The administrator runs the system, not the meeting.
        if (Transitions.Of(Acts.Decide) is var decide && !decide.Allows(User)) return this.Refuse(decide.Who, $"Act.{decide.Act}");
        var reference = PlainText.Clean(Input.MeetingReference)?.Replace('\n', ' ');
        var details = PlainText.Clean(Input.Details);
        var today = Display.Today(clock);
        if (Input.MeetingOn is not { } meetingOn) ModelState.AddModelError("Input.MeetingOn", texts["Deliberation.MeetingOn.Required"]);
        // Art. 24, 29: the meeting deliberates on the reviewed (and revised) report: not before the review nor the revision.
        else if (Review is { } passed && Dates.Meeting(meetingOn, passed.ReviewedOn,
                     passed.RevisedFinalizedAt is { } r ? DateOnly.FromDateTime(Display.ToChinaTime(r)) : null, today) is { } refusal)
            ModelState.AddModelError("Input.MeetingOn", texts[refusal.Key, Display.Date(refusal.Earliest)]);
        if (reference is null) ModelState.AddModelError("Input.MeetingReference", texts["Deliberation.MeetingReference.Required"]);
        else if (PlainText.Length(reference) > 200) ModelState.AddModelError("Input.MeetingReference", texts["Validation.MaxLength", texts["Deliberation.MeetingReference"], 200]);
        if (Input.Outcome is null || !OutcomeChoices.Contains(Input.Outcome)) ModelState.AddModelError("Input.Outcome", texts["Deliberation.Outcome.Required"]);
        if (details is null) ModelState.AddModelError("Input.Details", texts["Deliberation.Details.Required"]);
        else if (PlainText.Length(details) > 20000) ModelState.AddModelError("Input.Details", texts["Validation.MaxLength", texts["Deliberation.Details"], 20000]);
        if (Input.Outcome is { } chosen && OutcomeChoices.Contains(chosen) && Differs(chosen, Recommendations) && !Input.DifferenceExplained)
            ModelState.AddModelError("Input.DifferenceExplained", texts["Deliberation.Differs.Unexplained"]);
        var actions = new List<(string What, long DepartmentId, DateOnly DueOn, bool CarriesDecision)>();
        var rows = Actions.Where(a => !a.IsBlank).ToList();
        if (rows.Count > MaxActions) ModelState.AddModelError("", texts["FollowUp.TooMany", MaxActions]);
        for (var i = 0; i < Actions.Count; i++)
        {
            var row = Actions[i];
            if (row.IsBlank) continue;
            var what = PlainText.Clean(row.What);
            if (what is null || PlainText.Length(what) > 2000 || row.DepartmentId is not { } department || Departments.All(d => d.Id != department)
                || row.DueOn is not { } due)
            {
                ModelState.AddModelError($"Actions[{i}]", texts["FollowUp.Row.Incomplete", i + 1]);
                continue;
            }
            if (Input.MeetingOn is { } m && !Dates.DueInOrder(due, m))
            {
                ModelState.AddModelError($"Actions[{i}]", texts["FollowUp.Row.DueBeforeMeeting", i + 1]);
                continue;
            }
            actions.Add((what, department, due, row.CarriesDecision));
        }
        if (!ModelState.IsValid) return Page();

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @id for update", new { id }, tx);
        var facts = await conn.StageFactsAsync(id, tx);
        var transition = Transitions.Of(Acts.Decide);
        var review = await PassedReviewAsync(conn, id, tx);
        var missing = transition.Missing(facts);
        if (missing.Count > 0 || review is null)
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["Deliberation.NotInDeliberation", texts[$"Stage.{facts.Stage}"]]);
            foreach (var m in missing.Where(m => m != "Stage.Missing.WrongStage")) ModelState.AddModelError("", texts[m]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await conn.ExecuteAsync(
            """
            insert into executive_decision (project_id, legality_review_id, meeting_on, meeting_reference, outcome, details, recorded_by, recorded_at)
            values (@id, @reviewId, @MeetingOn, @reference, @Outcome, @details, @staff, @now)
            """, new { id, reviewId = review.Id, Input.MeetingOn, reference, Input.Outcome, details, staff = User.StaffId(), now }, tx);
        var actionIds = actions.Count == 0 ? [] : (await conn.QueryAsync<long>(
            """
            insert into follow_up_action (project_id, what, department_id, due_on, carries_decision, created_by, created_at)
            select @id, w, d, due, c, @staff, @now from unnest(@whats, @departments, @dues, @carries) as a(w, d, due, c)
            returning id
            """, new
            {
                id, staff = User.StaffId(), now, whats = actions.Select(a => a.What).ToArray(),
                departments = actions.Select(a => a.DepartmentId).ToArray(), dues = actions.Select(a => a.DueOn).ToArray(),
                carries = actions.Select(a => a.CarriesDecision).ToArray(),
            }, tx)).ToList();
        await conn.MoveAsync(tx, transition, id, User.Actor(), now, new
        {
            meeting_on = Input.MeetingOn, meeting_reference = reference, outcome = Input.Outcome,
            differs_from_recommendation = Differs(Input.Outcome!, Recommendations), follow_up_actions = actionIds,
        });
        await tx.CommitAsync();
        TempData.Flash(texts["Deliberation.Recorded", actions.Count].Value);
        return RedirectToPage("/Projects/Details", null, new { id }, "later-stages");
    }

    private static Task<PassedReview?> PassedReviewAsync(NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<PassedReview>(
            """
            select r.id, coalesce(r.revised_version_id, r.report_version_id) as report_version_id, r.outcome, r.changes,
                   coalesce(r.reviewed_on, (r.reviewed_at at time zone 'Asia/Shanghai')::date) as reviewed_on, v.finalized_at as revised_finalized_at
            from legality_review r left join report_version v on v.id = r.revised_version_id
            where r.project_id = @projectId and r.outcome in ('passed', 'passed_with_changes') order by r.reviewed_at desc, r.id desc limit 1
            """, new { projectId }, tx);

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindProjectAsync(id, User) is not { } project) return false;
        Project = project;
        if (await PassedReviewAsync(conn, id) is { } review)
        {
            Review = review;
            Version = await conn.FinalizedVersionAsync(review.ReportVersionId);
            ReviewOutcome = review.Outcome;
            ReviewChanges = review.Changes;
            Recommendations = await conn.RecommendationsAsync(review.ReportVersionId);
        }
        OutcomeChoices = Outcomes.For(Version?.Form ?? ReportForms.For(project.DecisionKind));
        Departments = await conn.DepartmentsAsync();
        Existing = await conn.QuerySingleOrDefaultAsync<Recorded>(
            """
            select e.meeting_on, e.meeting_reference, e.outcome, e.details, s.display_name as recorded_by, e.recorded_at
            from executive_decision e join staff_user s on s.id = e.recorded_by where e.project_id = @id
            """, new { id });
        ExistingActions = (await conn.QueryAsync<ActionView>(
            """
            select a.id, a.what, d.name as department_name, a.due_on, a.status
            from follow_up_action a join department d on d.id = a.department_id where a.project_id = @id order by a.id
            """, new { id })).ToList();
        CanRecord = Existing is null && project.Stage == Stages.Deliberation && Version is not null && Transitions.Of(Acts.Decide).Allows(User);
        return true;
    }
}
