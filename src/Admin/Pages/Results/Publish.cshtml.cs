using System.Text.Json;
using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Results;

/// <summary>
/// Art. 7, 30: publishing a decided project's results in three acts, each one transaction and audited. Evaluation
/// staff prepare a draft, the exact snapshot that would be published (previewed as the Portal will show it); a person
/// confirms every opinion text in it, seeing each one; the organizer approves, which publishes the draft's snapshot as
/// the next version (<see cref="PublicationRules"/>: not the evaluated department, not whoever prepared it). The
/// organizer can withdraw a published version with a reason; a new draft can then be prepared.
/// </summary>
public sealed class PublishModel(NpgsqlDataSource db, IOptions<FindingsOptions> options, IOptions<PortalLinks> portal, TimeProvider clock,
    IStringLocalizer<Texts> texts) : PageModel
{
    public const int SummaryMaxLength = 5000;

    public sealed record Version(int Number, DateTime PublishedAt, string PublishedByName, DateTime? SupersededAt, DateTime? WithdrawnAt,
        string? WithdrawnByName, string? WithdrawalReason);

    public sealed record Draft(long Id, DateTime PreparedAt, long PreparedBy, string PreparedByName, string Snapshot);

    /// <summary>An opinion text of the draft, as the snapshot will publish it, with who confirmed it.</summary>
    public sealed record Text(int Position, string Criterion, string Disposition, string Reason, string Body, string? ConfirmedByName,
        DateTime? ConfirmedAt);

    public ProjectHead Project { get; private set; } = null!;
    public bool Decided { get; private set; }
    public IReadOnlyList<Version> Versions { get; private set; } = [];
    public Draft? Open { get; private set; }
    public IReadOnlyList<Text> Texts { get; private set; } = [];
    public int Disposed { get; private set; }
    public int Opinions { get; private set; }

    [BindProperty] public string? Summary { get; set; }
    [BindProperty] public long DraftId { get; set; }
    [BindProperty] public List<int> Positions { get; set; } = [];
    [BindProperty] public int WithdrawVersion { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Version? Current => Versions.FirstOrDefault(v => v.SupersededAt is null && v.WithdrawnAt is null);

    public string PortalUrl(int? version = null) =>
        portal.Value.To(version is { } v ? $"/Results/{Project.Id}/{v}" : $"/Results/{Project.Id}");

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Prepares a draft (setting aside an open one): the snapshot built now, with the summary staff wrote.</summary>
    public async Task<IActionResult> OnPostPrepareAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!User.CanManage()) return Refuse("Results.Refused.PrepareRole");
        var summary = PlainText.Clean(Summary);
        if (PlainText.HasInvalidCharacters(Summary) || summary?.Length > SummaryMaxLength)
        {
            ModelState.AddModelError(nameof(Summary), texts["Results.SummaryInvalid", SummaryMaxLength]);
            return Page();
        }
        // The findings are computed before the transaction (they read on their own connection); the rest of the snapshot
        // is read under the project row lock, with the decision re-checked.
        var findings = await FindingsStore.GetAsync(db, FindingsScope.Project(id), options.Value, clock, cancellationToken);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await conn.ExecuteAsync("select id from evaluation_project where id = @id for update", new { id }, tx);
        if (!await PublicResults.IsDecidedAsync(conn, id, tx)) return Refuse("Results.NotDecided");
        var (snapshot, opinionIds) = await PublicResults.BuildDraftAsync(conn, tx, id, findings, options.Value, summary);
        var now = clock.GetUtcNow().UtcDateTime;
        var setAside = await conn.ExecuteScalarAsync<long?>(
            "update results_draft set set_aside_at = @now where project_id = @id and set_aside_at is null and approved_at is null returning id",
            new { id, now }, tx);
        var draft = await conn.ExecuteScalarAsync<long>(
            """
            insert into results_draft (project_id, snapshot, prepared_by, prepared_at)
            values (@id, @snapshot::jsonb, @staff, @now) returning id
            """, new { id, snapshot = JsonSerializer.Serialize(snapshot, PublicResults.Json), staff = User.StaffId(), now }, tx);
        await conn.ExecuteAsync(
            "insert into results_draft_opinion (draft_id, position, opinion_id) select @draft, p, o from unnest(@ids) with ordinality as t(o, p)",
            new { draft, ids = opinionIds.ToArray() }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.PrepareResults, AuditEntities.EvaluationProject, id,
            after: new { draft, setAside, texts = opinionIds.Count, attachments = snapshot.Attachments.Count, summary });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Results.Prepared", opinionIds.Count].Value);
        return RedirectToPage(null, new { id });
    }

    /// <summary>Confirms the opinion texts the person ticked, each shown beside its box: there is no "confirm all".</summary>
    public async Task<IActionResult> OnPostConfirmAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!User.CanManage()) return Refuse("Results.Refused.ConfirmRole");
        if (Positions.Count == 0) return Refuse("Results.Refused.NothingTicked");
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (await OpenDraftAsync(conn, tx, id) is not { } draft || draft.Id != DraftId) return Refuse("Results.Refused.DraftChanged");
        var positions = Positions.Distinct().ToArray();
        var confirmed = (await conn.QueryAsync<int>(
            """
            update results_draft_opinion set confirmed_by = @staff, confirmed_at = @now
            where draft_id = @draft and position = any(@positions) and confirmed_at is null returning position
            """, new { draft = draft.Id, positions, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime }, tx)).Order().ToList();
        var known = await conn.ExecuteScalarAsync<int>(
            "select count(*)::int from results_draft_opinion where draft_id = @draft and position = any(@positions)", new { draft = draft.Id, positions }, tx);
        if (known != positions.Length) return Refuse("Results.Refused.DraftChanged");
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ConfirmResultsTexts, AuditEntities.EvaluationProject, id,
            after: new { draft = draft.Id, positions = confirmed });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Results.Confirmed", confirmed.Count].Value);
        return RedirectToPage(null, new { id });
    }

    /// <summary>The organizer's approval: the draft's snapshot, unchanged, is published as the next version.</summary>
    public async Task<IActionResult> OnPostApproveAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await conn.ExecuteAsync("select id from evaluation_project where id = @id for update", new { id }, tx);
        // Who may approve is said first: a draft that changed meanwhile matters only to someone who may.
        var (role, department) = await StaffAsync(conn, tx);
        var decisionDepartment = await DecisionDepartmentAsync(conn, tx, id);
        if (PublicationRules.ApproverRefusal(role, department, decisionDepartment) is { } notApprover) return Refuse(notApprover);
        if (await OpenDraftAsync(conn, tx, id) is not { } draft || draft.Id != DraftId) return Refuse("Results.Refused.DraftChanged");
        if (!await PublicResults.IsDecidedAsync(conn, id, tx)) return Refuse("Results.NotDecided");
        var unconfirmed = await conn.ExecuteScalarAsync<int>(
            "select count(*)::int from results_draft_opinion where draft_id = @draft and confirmed_at is null", new { draft = draft.Id }, tx);
        var refusal = PublicationRules.ApprovalRefusal(new PublicationRules.Facts(role, department, User.StaffId(),
            decisionDepartment, draft.PreparedBy, unconfirmed));
        if (refusal is not null) return Refuse(refusal, unconfirmed);
        var snapshot = JsonSerializer.Deserialize<ResultsSnapshot>(draft.Snapshot, PublicResults.Json)!;
        var now = clock.GetUtcNow().UtcDateTime;
        var version = await PublicResults.PublishAsync(conn, tx, snapshot, User.StaffId(), now);
        await conn.ExecuteAsync("update results_draft set approved_by = @staff, approved_at = @now, version = @version where id = @draft",
            new { staff = User.StaffId(), now, version, draft = draft.Id }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.PublishResults, AuditEntities.EvaluationProject, id,
            after: new { version, draft = draft.Id, preparedBy = draft.PreparedByName, opinions = snapshot.Themes.Sum(t => t.Opinions.Count),
                attachments = snapshot.Attachments.Count });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Results.Published", version].Value);
        return RedirectToPage(null, new { id });
    }

    /// <summary>The organizer withdraws the current version with a reason; the Portal then shows only the withdrawal.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        var reason = PlainText.Clean(Reason);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        await conn.ExecuteAsync("select id from evaluation_project where id = @id for update", new { id }, tx);
        var (role, department) = await StaffAsync(conn, tx);
        if (PublicationRules.WithdrawalRefusal(role, department, await DecisionDepartmentAsync(conn, tx, id)) is { } refusal)
            return Refuse(refusal);
        if (reason is null || reason.Length < 5 || reason.Length > 1000 || PlainText.HasInvalidCharacters(Reason))
        {
            ModelState.AddModelError(nameof(Reason), texts["Results.WithdrawalReasonInvalid"]);
            return Page();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var withdrawn = await conn.ExecuteAsync(
            """
            update results_publication set withdrawn_by = @staff, withdrawn_at = @now, withdrawal_reason = @reason
            where project_id = @id and version = @version and superseded_at is null and withdrawn_at is null
            """, new { id, version = WithdrawVersion, staff = User.StaffId(), now, reason }, tx);
        if (withdrawn == 0) return Refuse("Results.Refused.NotCurrent");
        await conn.WriteAsync(tx, User.Actor(), AuditActions.WithdrawResults, AuditEntities.EvaluationProject, id,
            after: new { version = WithdrawVersion, reason });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Results.Withdrawn", WithdrawVersion].Value);
        return RedirectToPage(null, new { id });
    }

    private PageResult Refuse(string key, params object[] arguments)
    {
        ModelState.AddModelError("", texts[key, arguments]);
        return Page();
    }

    private Task<(string Role, long? DepartmentId)> StaffAsync(NpgsqlConnection conn, NpgsqlTransaction tx) =>
        conn.QuerySingleAsync<(string, long?)>("select role, department_id from staff_user where id = @id", new { id = User.StaffId() }, tx);

    private static Task<long> DecisionDepartmentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long projectId) =>
        conn.ExecuteScalarAsync<long>(
            "select d.department_id from evaluation_project p join decision d on d.id = p.decision_id where p.id = @projectId",
            new { projectId }, tx);

    /// <summary>The project's open draft (not set aside, not approved), locked for the caller's transaction.</summary>
    public static Task<Draft?> OpenDraftAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long projectId) =>
        conn.QuerySingleOrDefaultAsync<Draft>(
            $"""
            select r.id, r.prepared_at, r.prepared_by, s.display_name as prepared_by_name, r.snapshot::text as snapshot
            from results_draft r join staff_user s on s.id = r.prepared_by
            where r.project_id = @projectId and r.set_aside_at is null and r.approved_at is null
            {(tx is null ? "" : "for update of r")}
            """, new { projectId }, tx);

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        Project = await conn.FindProjectAsync(id, User) ?? null!;
        if (Project is null) return false;
        Decided = await PublicResults.IsDecidedAsync(conn, id);
        Versions = (await conn.QueryAsync<Version>(
            """
            select p.version as number, p.published_at, s.display_name as published_by_name, p.superseded_at, p.withdrawn_at,
                   w.display_name as withdrawn_by_name, p.withdrawal_reason
            from results_publication p join staff_user s on s.id = p.published_by left join staff_user w on w.id = p.withdrawn_by
            where p.project_id = @id order by p.version desc
            """, new { id })).ToList();
        (Opinions, Disposed) = await conn.QuerySingleAsync<(int, int)>(
            """
            select count(*)::int, count(d.opinion_id)::int from opinion o
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @id
            left join opinion_disposition d on d.opinion_id = o.id
            """, new { id });
        Open = await OpenDraftAsync(conn, null, id);
        if (Open is not null)
        {
            var confirmations = (await conn.QueryAsync<(int Position, string? Name, DateTime? At)>(
                """
                select o.position, s.display_name, o.confirmed_at from results_draft_opinion o left join staff_user s on s.id = o.confirmed_by
                where o.draft_id = @draft order by o.position
                """, new { draft = Open.Id })).ToDictionary(c => c.Position);
            var snapshot = JsonSerializer.Deserialize<ResultsSnapshot>(Open.Snapshot, PublicResults.Json)!;
            var position = 0;
            Texts = snapshot.Themes.SelectMany(t => t.Opinions.Select(o => (t.Criterion, o))).Select(x =>
            {
                var c = confirmations.GetValueOrDefault(++position);
                return new Text(position, x.Criterion ?? "", x.o.Disposition, x.o.Reason, x.o.Text, c.Name, c.At);
            }).ToList();
        }
        return true;
    }
}
