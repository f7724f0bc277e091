using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Dapper;
using Npgsql;

namespace Evaluation.Analysis;

// Art. 7: the public results of a decided project, frozen as a snapshot when published. Only what may be public goes
// in: no names or contacts of anyone (respondents, staff, team members), no receipt numbers (they are the key of the
// receipt look-up), no region finer than an opinion's region, opinion texts only as redacted, attachments only those
// marked public, findings only as published (small cells suppressed). The Portal reads this and nothing else.

public sealed record ResultsSnapshot(
    long ProjectId,
    string ProjectTitle,
    SnapshotDecision Decision,
    SnapshotMeeting Meeting,
    SnapshotWork Work,
    IReadOnlyList<CriterionFinding> Findings,
    int MinimumCellSize,
    SnapshotReport? Report,
    IReadOnlyList<SnapshotTheme> Themes,
    IReadOnlyList<SnapshotAttachment> Attachments,
    string? Summary = null);

public sealed record SnapshotDecision(string Title, string? DocumentNumber, string Kind, string DepartmentName, string IssuingBody,
    DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ValidUntil);

/// <summary>What the executive meeting decided (Art. 29-33).</summary>
public sealed record SnapshotMeeting(string Outcome, DateOnly MeetingOn, string Reference, string Details);

/// <summary>The evaluation work: who evaluated, how (methods with dates and head counts), how many took part.</summary>
public sealed record SnapshotWork(string Procedure, string Scope, string AgencyName, IReadOnlyList<SnapshotMethod> Methods,
    long Opinions, IReadOnlyList<Count> OpinionsByChannel, IReadOnlyList<Count> OpinionsByRespondentType,
    IReadOnlyList<SnapshotQuestionnaire> Questionnaires);

public sealed record SnapshotMethod(string Method, DateOnly HeldOn, int? ParticipantCount, string? Period);

public sealed record SnapshotQuestionnaire(string Title, long Submitted);

/// <summary>The conclusions part of the report version that passed the legality review, and its recommendations.</summary>
public sealed record SnapshotReport(int Version, string Form, string Conclusions, IReadOnlyList<SnapshotRecommendation> Recommendations);

public sealed record SnapshotRecommendation(string Kind, string Reasoning, string? DepartmentName);

/// <summary>"You said, we did": the opinions of one theme (a standard; null: 其他) with their dispositions.</summary>
public sealed record SnapshotTheme(string? Criterion, IReadOnlyList<Count> ByDisposition, IReadOnlyList<SnapshotOpinion> Opinions);

public sealed record SnapshotOpinion(string Disposition, string Reason, string Text, string RespondentType, string RegionName, DateOnly ReceivedOn);

public sealed record SnapshotAttachment(string FileName, int Size);

/// <summary>A stored publication: the snapshot with its version and times. A withdrawn one (Art. 7, 30) is shown by its
/// withdrawal only: the date and the reason, never its content.</summary>
public sealed record ResultsPublication(long ProjectId, int Version, DateTime PublishedAt, DateTime? SupersededAt, int CurrentVersion,
    ResultsSnapshot Snapshot, DateTime? WithdrawnAt = null, string? WithdrawalReason = null)
{
    public bool Withdrawn => WithdrawnAt is not null;
}

public static class PublicResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Art. 29: a project is decided once the executive meeting's decision is recorded (follow-up or closed).</summary>
    public static Task<bool> IsDecidedAsync(NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        conn.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from evaluation_project p join executive_decision e on e.project_id = p.id
                           where p.id = @projectId and p.stage in ('follow_up', 'closed'))
            """, new { projectId }, tx);

    private sealed record Head(long Id, string Title, string Procedure, string Scope, string AgencyName, string DecisionTitle,
        string? DocumentNumber, string DecisionKind, string DepartmentName, string IssuingBody, DateOnly IssuedOn, DateOnly EffectiveOn,
        DateOnly? ValidUntil, string Outcome, DateOnly MeetingOn, string MeetingReference, string Details);

    private sealed record OpinionRow(long Id, string? Criterion, string Disposition, string Reason, string RedactedBody, string RespondentType,
        string RegionName, DateTime CreatedAt);

    /// <summary>
    /// The snapshot of a decided project, read in the caller's transaction; the findings are computed by the caller
    /// (FindingsStore, project scope) and taken here as published.
    /// </summary>
    public static async Task<ResultsSnapshot> BuildAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long projectId, Findings? findings,
        FindingsOptions options) => (await BuildDraftAsync(conn, tx, projectId, findings, options, null)).Snapshot;

    /// <summary>
    /// The snapshot with the summary staff wrote, and the opinions whose texts it holds, in the snapshot's order (theme
    /// by theme): each is confirmed by a person before the draft can be approved (Art. 7, 30).
    /// </summary>
    public static async Task<(ResultsSnapshot Snapshot, IReadOnlyList<long> OpinionIds)> BuildDraftAsync(NpgsqlConnection conn,
        NpgsqlTransaction tx, long projectId, Findings? findings, FindingsOptions options, string? summary)
    {
        var h = await conn.QuerySingleAsync<Head>(
            """
            select p.id, p.title, p.procedure, p.scope, a.name as agency_name, d.title as decision_title, d.document_number,
                   d.kind as decision_kind, dd.name as department_name, d.issuing_body, d.issued_on, d.effective_on, d.valid_until,
                   e.outcome, e.meeting_on, e.meeting_reference, e.details
            from evaluation_project p
            join decision d on d.id = p.decision_id join department dd on dd.id = d.department_id
            join department a on a.id = p.agency_department_id
            join executive_decision e on e.project_id = p.id
            where p.id = @projectId
            """, new { projectId }, tx);

        var methods = (await conn.QueryAsync<SnapshotMethod>(
            """
            select method, held_on, participant_count, period from project_method where project_id = @projectId order by held_on, id
            """, new { projectId }, tx)).ToList();

        var published = findings?.ForPublication();
        var participation = published?.Participation;
        var work = new SnapshotWork(h.Procedure, h.Scope, h.AgencyName, methods, participation?.Opinions ?? 0,
            participation?.ByChannel ?? [], participation?.ByRespondentType ?? [],
            participation?.Questionnaires.Select(q => new SnapshotQuestionnaire(q.Title, q.Submitted)).ToList() ?? []);

        var report = await ReportAsync(conn, tx, projectId);

        // The theme of an opinion: the standard staff coded, else the suggested one, else none (其他).
        var opinions = (await conn.QueryAsync<OpinionRow>(
            """
            select o.id, case when k.opinion_id is not null then k.criterion else s.criterion end as criterion,
                   d.disposition, d.reason, d.redacted_body, o.respondent_type, r.name as region_name, o.created_at
            from opinion_disposition d
            join opinion o on o.id = d.opinion_id
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @projectId
            join region r on r.code = o.region_code
            left join opinion_coding k on k.opinion_id = o.id
            left join opinion_suggestion s on s.opinion_id = o.id
            order by o.created_at, o.id
            """, new { projectId }, tx)).ToList();
        var order = Shared.Decisions.Criteria.For(h.DecisionKind).ToList();
        var grouped = opinions.GroupBy(o => o.Criterion)
            .OrderBy(g => g.Key is null ? int.MaxValue : order.IndexOf(g.Key) is var i and >= 0 ? i : int.MaxValue - 1)
            .ToList();
        var themes = grouped
            .Select(g => new SnapshotTheme(g.Key,
                Shared.Results.Dispositions.All.Select(d => new Count(d, g.LongCount(o => o.Disposition == d))).Where(c => c.Value > 0).ToList(),
                g.Select(o => new SnapshotOpinion(o.Disposition, o.Reason, o.RedactedBody, o.RespondentType, o.RegionName,
                    DateOnly.FromDateTime(Shared.Web.Display.ToChinaTime(o.CreatedAt)))).ToList()))
            .ToList();

        var attachments = (await conn.QueryAsync<SnapshotAttachment>(
            """
            select a.file_name, a.size from project_attachment pa join attachment a on a.id = pa.attachment_id
            where pa.project_id = @projectId and pa.confidentiality = 'public' order by pa.added_at, a.id
            """, new { projectId }, tx)).ToList();

        // Groups by region are named, not coded, in public.
        var regions = (await conn.QueryAsync<(string Code, string Name)>("select code, name from region", transaction: tx))
            .ToDictionary(r => r.Code, r => r.Name);
        var criteria = (published?.Criteria ?? []).Select(c => c with
        {
            Items = c.Items.Select(i => i with
            {
                Groups = i.Groups.Select(g => g.Dimension != "region" ? g : g with
                {
                    Rows = g.Rows.Select(r => r with { Group = regions.GetValueOrDefault(r.Group, r.Group) }).ToList(),
                }).ToList(),
            }).ToList(),
        }).ToList();

        return (new ResultsSnapshot(h.Id, h.Title,
            new SnapshotDecision(h.DecisionTitle, h.DocumentNumber, h.DecisionKind, h.DepartmentName, h.IssuingBody, h.IssuedOn,
                h.EffectiveOn, h.ValidUntil),
            new SnapshotMeeting(h.Outcome, h.MeetingOn, h.MeetingReference, h.Details),
            work, criteria, options.MinimumCellSize, report, themes, attachments, summary),
            grouped.SelectMany(g => g.Select(o => o.Id)).ToList());
    }

    private static async Task<SnapshotReport?> ReportAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long projectId)
    {
        var version = await conn.QuerySingleOrDefaultAsync<(long Id, int Version, string Form, string Content)?>(
            """
            select v.id, v.version, v.form, v.content::text from report_version v
            where v.project_id = @projectId
              and exists (select 1 from legality_review r where v.id in (r.report_version_id, r.revised_version_id)
                                                            and r.outcome in ('passed', 'passed_with_changes'))
            order by v.version desc limit 1
            """, new { projectId }, tx);
        if (version is not { } v) return null;
        using var content = JsonDocument.Parse(v.Content);
        var part = Shared.Results.ReportParts.ConclusionsOf(v.Form);
        var conclusions = content.RootElement.TryGetProperty("parts", out var parts) && parts.TryGetProperty(part, out var prose)
            && prose.ValueKind == JsonValueKind.String ? prose.GetString() ?? "" : "";
        var recommendations = (await conn.QueryAsync<SnapshotRecommendation>(
            """
            select r.kind, r.reasoning, d.name as department_name from report_recommendation r left join department d on d.id = r.department_id
            where r.report_version_id = @id order by r.position
            """, new { id = v.Id }, tx)).ToList();
        return new SnapshotReport(v.Version, v.Form, conclusions, recommendations);
    }

    /// <summary>
    /// Publishes (or republishes) in the caller's transaction, which holds the project row lock: the current version
    /// is marked superseded and the new one is the next number. Returns the new version.
    /// </summary>
    public static async Task<int> PublishAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ResultsSnapshot snapshot, long staffId, DateTime now)
    {
        await conn.ExecuteAsync(
            "update results_publication set superseded_at = @now where project_id = @projectId and superseded_at is null",
            new { now, projectId = snapshot.ProjectId }, tx);
        return await conn.ExecuteScalarAsync<int>(
            """
            insert into results_publication (project_id, version, snapshot, published_by, published_at)
            select @projectId, coalesce(max(version), 0) + 1, @snapshot::jsonb, @staffId, @now
            from results_publication where project_id = @projectId
            returning version
            """, new { projectId = snapshot.ProjectId, snapshot = JsonSerializer.Serialize(snapshot, Json), staffId, now }, tx);
    }

    /// <summary>A publication of a project: the given version, or the current one.</summary>
    public static async Task<ResultsPublication?> FindAsync(NpgsqlConnection conn, long projectId, int? version)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(int Version, DateTime PublishedAt, DateTime? SupersededAt, int CurrentVersion, string Snapshot,
            DateTime? WithdrawnAt, string? WithdrawalReason)?>(
            """
            select p.version, p.published_at, p.superseded_at,
                   (select c.version from results_publication c where c.project_id = p.project_id and c.superseded_at is null) as current_version,
                   p.snapshot::text as snapshot, p.withdrawn_at, p.withdrawal_reason
            from results_publication p
            where p.project_id = @projectId and (p.version = @version or (@version is null and p.superseded_at is null))
            """, new { projectId, version });
        if (row is not { } r) return null;
        return new ResultsPublication(projectId, r.Version, r.PublishedAt, r.SupersededAt, r.CurrentVersion,
            JsonSerializer.Deserialize<ResultsSnapshot>(r.Snapshot, Json)!, r.WithdrawnAt, r.WithdrawalReason);
    }
}
