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
/// The one place an evaluator works from: the stage and what is missing for the next, the team, the plan, the methods,
/// the linked consultations and questionnaires, the data requests, the preliminary conclusions and the history.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IOptions<FindingsOptions> findingsOptions,
    IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record LinkedConsultation(long Id, string Title, string State, DateTime OpensAt, DateTime EndsAt, int OpinionCount,
        int Questionnaires, long Responses);
    public sealed record MethodRecord(long Id, string Method, DateOnly HeldOn, string? Place, int? ParticipantCount, string? ParticipantKinds,
        string? Period, string Summary, string RecordedBy);
    public sealed record RequestRow(long Id, string Subject, string DepartmentName, DateOnly DueOn, DateTime? AnsweredAt);
    public sealed record HistoryRow(DateTime At, string ActorName, string Action, string? After);
    public sealed record PlanSummary(int Number, string SavedBy, DateTime SavedAt);
    /// <summary>One criterion of the preliminary conclusions as stored (a snapshot of the findings, Art. 19(3)).</summary>
    public ProjectHead Project { get; private set; } = null!;
    public StageFacts Facts { get; private set; } = null!;
    public IReadOnlyList<string> Missing { get; private set; } = [];
    public int TeamSize { get; private set; }
    public PlanSummary? Plan { get; private set; }
    public IReadOnlyList<LinkedConsultation> Linked { get; private set; } = [];
    public IReadOnlyList<(long Id, string Title)> Linkable { get; private set; } = [];
    public IReadOnlyList<MethodRecord> Methods { get; private set; } = [];
    public IReadOnlyList<RequestRow> Requests { get; private set; } = [];
    public IReadOnlyList<ProjectFile> Files { get; private set; } = [];
    /// <summary>The decision's information items (Art. 9) by period (before / after its effective date) and kind.</summary>
    public IReadOnlyList<(string Period, string Kind, long Count)> Information { get; private set; } = [];
    /// <summary>Art. 25(2): the project's cost-benefit table with its totals (entered on Projects/CostBenefit).</summary>
    public CostBenefitTable? CostBenefits { get; private set; }
    /// <summary>The findings recorded in the project (Art. 16, 27), shown under their records.</summary>
    public IReadOnlyList<EvidenceFinding> Findings { get; private set; } = [];
    public double SeriousShare => findingsOptions.Value.SeriousDisagreement;
    public IReadOnlyList<ConclusionSnapshot> Conclusions { get; private set; } = [];
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public (int Version, bool Finalized)? Report { get; private set; }
    public bool IsTeamMember { get; private set; }
    /// <summary>Whether the user drafted the current conclusions (generated them or changed a judgement): then another member reviews them.</summary>
    public bool DraftedByMe { get; private set; }
    public DateOnly Today { get; private set; }

    [BindProperty] public long? ConsultationId { get; set; }
    [BindProperty] public string? ReviewNote { get; set; }
    /// <summary>When the conclusions the reviewer read were generated: a newer generation needs its own review.</summary>
    [BindProperty] public DateTime? ReviewedGeneration { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Moves the project to its next stage when nothing is missing; otherwise says what is.</summary>
    public async Task<IActionResult> OnPostAdvanceAsync(long id)
    {
        if (User.IsInstitutionStaff()) return await InstitutionRefusedAsync(id, "Stage.OnlyAgency");
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.ManageProject);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var project = await conn.FindProjectAsync(id, User, tx);
        if (project is null) return NotFound();
        await conn.ExecuteAsync("select 1 from evaluation_project where id = @id for update", new { id }, tx);
        var facts = await conn.StageFactsAsync(id, tx);
        var transition = Transitions.Find(Acts.Advance, facts.Stage);
        var missing = transition?.Missing(facts) ?? ["Stage.Missing.Last"];
        if (missing.Count > 0
            || !await conn.MoveAsync(tx, transition!, id, User.Actor(), clock.GetUtcNow().UtcDateTime))
        {
            await tx.RollbackAsync();
            await LoadAsync(id);
            ModelState.AddModelError("", texts["Stage.Refused", texts[$"Stage.{facts.Stage}"]]);
            foreach (var m in missing) ModelState.AddModelError("", texts[m]);
            return Page();
        }
        await tx.CommitAsync();
        var next = transition!.To;
        TempData.Flash(texts["Stage.Advanced", texts[$"Stage.{next}"]].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>Art. 18: the commissioning agency approves the institution's team and plan.</summary>
    public async Task<IActionResult> OnPostApproveInstitutionAsync(long id)
    {
        // Art. 18: the institution never approves its own team and plan.
        if (User.IsInstitutionStaff()) return await InstitutionRefusedAsync(id, "Project.Institution.OnlyAgency");
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.ManageProject);
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return NotFound();
        if (project.CommissionedInstitution is null || project.InstitutionApprovedAt is not null) return RedirectToPage(new { id });
        var facts = await conn.StageFactsAsync(id);
        if (facts.TeamMembers == 0 || !facts.PlanComplete)
        {
            TempData.Flash(texts["Project.Institution.NothingToApprove"].Value);
            return RedirectToPage(new { id });
        }
        var own = await conn.DepartmentIdAsync(User);
        if (!User.ActsForEveryDepartment() && own != project.AgencyDepartmentId)
        {
            TempData.Flash(texts["Project.Institution.OnlyAgency"].Value);
            return RedirectToPage(new { id });
        }
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            "update evaluation_project set institution_approved_by = @staff, institution_approved_at = @now where id = @id and institution_approved_at is null",
            new { id, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ApproveInstitution, AuditEntities.EvaluationProject, id,
            after: new { institution = project.CommissionedInstitution });
        await tx.CommitAsync();
        TempData.Flash(texts["Project.Institution.Approved"].Value);
        return RedirectToPage(new { id });
    }

    /// <summary>Links a consultation of the decision: its opinions and questionnaires become the project's data.</summary>
    public async Task<IActionResult> OnPostLinkAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.ManageProject);
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return NotFound();
        if (!Locks.Data(project.Stage)) return RedirectToPage(new { id });   // the data of the conclusions stays as reviewed
        await using var tx = await conn.BeginTransactionAsync();
        var linked = await conn.ExecuteAsync(
            """
            insert into project_consultation (project_id, consultation_id)
            select @id, c.id from consultation c where c.id = @ConsultationId and c.decision_id = @DecisionId
            on conflict do nothing
            """, new { id, ConsultationId, project.DecisionId }, tx);
        if (linked == 1)
            await conn.WriteAsync(tx, User.Actor(), AuditActions.LinkConsultation, AuditEntities.EvaluationProject, id, after: new { consultation = ConsultationId });
        await tx.CommitAsync();
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUnlinkAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.ManageProject);
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindProjectAsync(id, User) is not { } project) return NotFound();
        if (!Locks.Data(project.Stage)) return RedirectToPage(new { id });
        await using var tx = await conn.BeginTransactionAsync();
        var removed = await conn.ExecuteAsync("delete from project_consultation where project_id = @id and consultation_id = @ConsultationId",
            new { id, ConsultationId }, tx);
        if (removed == 1)
            await conn.WriteAsync(tx, User.Actor(), AuditActions.UnlinkConsultation, AuditEntities.EvaluationProject, id, before: new { consultation = ConsultationId });
        await tx.CommitAsync();
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// Art. 19(3): the preliminary conclusions are generated from the findings of the linked data, by the rules of the
    /// findings (never typed in), and kept as a snapshot; a new generation needs a new review.
    /// </summary>
    public async Task<IActionResult> OnPostGenerateConclusionsAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return NotFound();
        if (User.WaitsForApproval(project))
        {
            TempData.Flash(texts["Institution.NotApproved", project.AgencyName].Value);
            return RedirectToPage(new { id });
        }
        if (project.Stage != Stages.Implementation)
        {
            TempData.Flash(texts["Project.Conclusions.OnlyInImplementation"].Value);
            return RedirectToPage(new { id });
        }
        var findings = await FindingsStore.GetAsync(db, FindingsScope.Project(id), findingsOptions.Value, clock, cancellationToken);
        // Art. 16, 27: the other methods' findings and the coded opinions go into the snapshot beside the survey's figures;
        // judgements whose evidence is still there are kept (the new review reads them again).
        var generatedSnapshot = ConclusionSnapshot.Of(findings!, await ConclusionEvidence.FindingsAsync(conn, id),
            await ConclusionEvidence.OpinionsAsync(conn, findings!));
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var previous = await conn.ExecuteScalarAsync<string?>("select preliminary_conclusions::text from evaluation_project where id = @id for update",
            new { id }, tx);
        var snapshot = ConclusionSnapshot.KeepJudgements(generatedSnapshot,
            previous is null ? [] : JsonSerializer.Deserialize<List<ConclusionSnapshot>>(previous) ?? []);
        var json = JsonSerializer.Serialize(snapshot);
        // The stage is checked again in the update: a project moved on meanwhile keeps its reviewed conclusions.
        var generated = await conn.ExecuteAsync(
            """
            update evaluation_project set preliminary_conclusions = @json::jsonb, conclusions_generated_at = @now, conclusions_drafted_by = @staff,
                   conclusions_reviewed_by = null, conclusions_reviewed_at = null, conclusions_review_note = null
            where id = @id and stage = @implementation
            """, new { id, json, now = clock.GetUtcNow().UtcDateTime, staff = User.StaffId(), implementation = Stages.Implementation }, tx);
        if (generated == 0)
        {
            await tx.RollbackAsync(cancellationToken);
            TempData.Flash(texts["Project.Conclusions.OnlyInImplementation"].Value);
            return RedirectToPage(new { id });
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.GenerateConclusions, AuditEntities.EvaluationProject, id,
            after: snapshot.Select(s => new { s.Criterion, s.Level }));
        await tx.CommitAsync();
        TempData.Flash(texts["Project.Conclusions.Generated"].Value);
        return RedirectToPage(null, null, new { id }, "conclusions");
    }

    /// <summary>
    /// A member of the team reviews the generated conclusions (Art. 19(3)), with an optional note: a member other than who
    /// drafted them (issue 23), staff of the agency or of the commissioned institution alike.
    /// </summary>
    public async Task<IActionResult> OnPostReviewConclusionsAsync(long id)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return NotFound();
        var note = PlainText.Clean(ReviewNote);
        string? refusal = project.Stage != Stages.Implementation ? "Project.Conclusions.OnlyInImplementation"
            : project.ConclusionsGeneratedAt is null ? "Project.Conclusions.NotGenerated"
            : ReviewedGeneration is { } seen && Math.Abs((seen.ToUniversalTime() - LastChange(project)!.Value).TotalSeconds) >= 1 ? "Project.Conclusions.Regenerated"
            : !await conn.IsTeamMemberAsync(id, User) ? "Project.Conclusions.OnlyTeam"
            : await DraftedByAsync(conn, id) == User.StaffId() ? "Project.Conclusions.NotOwn"
            : note is not null && PlainText.Length(note) > 2000 ? "Project.Conclusions.NoteTooLong"
            : null;
        if (refusal is not null)
        {
            await LoadAsync(id);
            ModelState.AddModelError(refusal == "Project.Conclusions.NoteTooLong" ? nameof(ReviewNote) : "", texts[refusal, 2000]);
            return Page();
        }
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            "update evaluation_project set conclusions_reviewed_by = @staff, conclusions_reviewed_at = @now, conclusions_review_note = @note where id = @id",
            new { id, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime, note }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ReviewConclusions, AuditEntities.EvaluationProject, id, after: new { note });
        await tx.CommitAsync();
        TempData.Flash(texts["Project.Conclusions.Reviewed"].Value);
        return RedirectToPage(null, null, new { id }, "conclusions");
    }

    /// <summary>An act that is the agency's, tried by a commissioned institution's staff: refused, saying whose it is.</summary>
    private async Task<IActionResult> InstitutionRefusedAsync(long id, string key)
    {
        if (!await LoadAsync(id)) return NotFound();
        ModelState.AddModelError("", texts[key, Project.AgencyName]);
        return Page();
    }

    private static Task<long?> DraftedByAsync(NpgsqlConnection conn, long id) =>
        conn.ExecuteScalarAsync<long?>("select conclusions_drafted_by from evaluation_project where id = @id", new { id });

    /// <summary>When the conclusions last changed: generated, or a judgement made since (Art. 19(3): the review covers both).</summary>
    public static DateTime? LastChange(ProjectHead project)
    {
        if (project.ConclusionsGeneratedAt is not { } generated) return null;
        var judged = project.PreliminaryConclusions is { } json
            ? (JsonSerializer.Deserialize<List<ConclusionSnapshot>>(json) ?? []).Select(c => c.Judgement?.JudgedAt).Max() : null;
        return judged is { } j && j > generated ? j : generated;
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return false;
        Project = project;
        Today = DateOnly.FromDateTime(Display.ToChinaTime(clock.GetUtcNow().UtcDateTime));
        Facts = await conn.StageFactsAsync(id);
        Missing = Stages.Next(project.Stage) is null ? [] : StageRules.MissingForNext(Facts);
        TeamSize = Facts.TeamMembers;
        IsTeamMember = await conn.IsTeamMemberAsync(id, User);
        DraftedByMe = await DraftedByAsync(conn, id) == User.StaffId();
        Plan = await conn.QuerySingleOrDefaultAsync<PlanSummary>(
            """
            select v.number, s.display_name as saved_by, v.saved_at from project_plan_version v join staff_user s on s.id = v.saved_by
            where v.project_id = @id order by v.number desc limit 1
            """, new { id });
        Linked = (await conn.QueryAsync<LinkedConsultation>(
            """
            select c.id, c.title, c.state, c.opens_at, c.ends_at, consultation_opinion_count(c.id)::int as opinion_count,
                   (select count(*)::int from questionnaire q where q.consultation_id = c.id and q.current_version_id is not null) as questionnaires,
                   (select count(*) from response r join questionnaire q on q.id = r.questionnaire_id where q.consultation_id = c.id) as responses
            from project_consultation pc join consultation c on c.id = pc.consultation_id
            where pc.project_id = @id order by c.opens_at
            """, new { id })).ToList();
        Linkable = (await conn.QueryAsync<(long, string)>(
            """
            select c.id, c.title from consultation c
            where c.decision_id = @DecisionId and not exists (select 1 from project_consultation pc where pc.project_id = @id and pc.consultation_id = c.id)
            order by c.opens_at
            """, new { id, project.DecisionId })).ToList();
        Methods = (await conn.QueryAsync<MethodRecord>(
            """
            select m.id, m.method, m.held_on, m.place, m.participant_count, m.participant_kinds, m.period, m.summary, s.display_name as recorded_by
            from project_method m join staff_user s on s.id = m.recorded_by where m.project_id = @id order by m.held_on, m.id
            """, new { id })).ToList();
        Files = await conn.FilesAsync(id);
        // Art. 19(1): the decision's information items over its implementation period, from its effective date (not the
        // project's planned dates: the evidence of the implementation is older than the project), and those from before.
        Information = (await conn.QueryAsync<(string, string, long)>(
            """
            select case when i.occurred_on < @EffectiveOn then 'before' else 'after' end as period, i.kind, count(*) from information_item i
            where i.decision_id = @DecisionId
            group by 1, 2 order by 1 desc, 3 desc, 2
            """, new { project.DecisionId, project.EffectiveOn })).ToList();
        CostBenefits = await CostBenefit.LoadAsync(conn, id);
        Findings = await ConclusionEvidence.FindingsAsync(conn, id);
        Requests = (await conn.QueryAsync<RequestRow>(
            """
            select r.id, r.subject, d.name as department_name, r.due_on, r.answered_at
            from data_request r join department d on d.id = r.department_id where r.project_id = @id order by r.due_on, r.id
            """, new { id })).ToList();
        Conclusions = project.PreliminaryConclusions is { } json
            ? JsonSerializer.Deserialize<List<ConclusionSnapshot>>(json) ?? []
            : [];
        Report = await ReportVersions.LatestStateAsync(conn, id);
        History = (await conn.QueryAsync<HistoryRow>(
            """
            select at, actor_name, action, after::text as after from audit_log
            where entity = 'evaluation_project' and entity_id = @entityId order by at desc, id desc limit 50
            """, new { entityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })).ToList();
        return true;
    }
}
