using Dapper;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// 证据: the findings of the project's methods log, answered data requests and the decision's information items (Art.
/// 16, 19(3), 25, 27), each under its record, and the form to record or correct one. Recorded by those who manage the
/// project (its scope, as the methods log), while its data is open; locked once the project moved on (Locks).
/// Each finding has an anchor (#finding-id), so a conclusion reaches it in one click.
/// </summary>
public sealed class EvidenceModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxStatement = 2000;
    /// <summary>Information items listed besides those with findings: the newest of the decision (a hotline import may hold thousands).</summary>
    public const int ItemsListed = 200;

    public sealed record MethodSource(long Id, string Method, DateOnly HeldOn, string? Place, int? ParticipantCount, string? Period, string Summary);
    public sealed record RequestSource(long Id, string Subject, string DepartmentName, string Answer, DateTime AnsweredAt);
    public sealed record ItemSource(long Id, string Kind, string Title, string Source, DateOnly OccurredOn, string Body, string Confidentiality);

    public sealed class FindingForm
    {
        public string? Statement { get; set; }
        public List<string> Criteria { get; set; } = [];
        public string? Direction { get; set; }
        public int? Numerator { get; set; }
        public int? Denominator { get; set; }
    }

    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<MethodSource> Methods { get; private set; } = [];
    public IReadOnlyList<RequestSource> Requests { get; private set; } = [];
    public IReadOnlyList<ItemSource> Items { get; private set; } = [];
    public IReadOnlyList<EvidenceFinding> Findings { get; private set; } = [];
    public IReadOnlyList<string> CriteriaOfDecision { get; private set; } = [];
    public bool CanRecord { get; private set; }
    /// <summary>The record the form is for (source and id), and its title as shown; null: no form.</summary>
    public (string Source, long Id, string Title)? Target { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Source { get; set; }
    [BindProperty(SupportsGet = true)] public long? SourceId { get; set; }
    [BindProperty(SupportsGet = true)] public long? Finding { get; set; }
    [BindProperty] public FindingForm Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Finding is { } f)
        {
            var found = Findings.FirstOrDefault(x => x.Id == f);
            if (found is null) return NotFound();
            (Source, SourceId) = (found.Source, found.SourceId);
            Input = new FindingForm
            {
                Statement = found.Statement, Criteria = found.Criteria.ToList(), Direction = found.Direction,
                Numerator = found.Numerator, Denominator = found.Denominator,
            };
        }
        Target = TargetOf(Source, SourceId);
        if (Source is not null && Target is null) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!User.CanRecord()) return this.Refuse(Refusal.Who.Recorders, Refusal.Act.Record);
        if (!await LoadAsync(id)) return NotFound();
        var existing = Finding is { } f ? Findings.FirstOrDefault(x => x.Id == f) : null;
        if (Finding is not null && existing is null) return NotFound();
        if (existing is not null) (Source, SourceId) = (existing.Source, existing.SourceId);
        Target = TargetOf(Source, SourceId);
        if (Target is null) return NotFound();   // a record of another project or decision is not found
        if (!Locks.Data(Project.Stage))
        {
            ModelState.AddModelError("", texts["Evidence.Locked", texts[$"Stage.{Project.Stage}"]]);
            return Page();
        }
        if (this.WaitingForApproval(texts, Project) is { } waiting) return waiting;

        var statement = PlainText.Clean(Input.Statement);
        if (statement is null) ModelState.AddModelError("Input.Statement", texts["Evidence.Statement.Required"]);
        else if (PlainText.Length(statement) > MaxStatement) ModelState.AddModelError("Input.Statement", texts["Evidence.Statement.TooLong", MaxStatement]);
        var criteria = Input.Criteria.Distinct().ToList();
        if (criteria.Count == 0 || criteria.Any(c => !CriteriaOfDecision.Contains(c)))
            ModelState.AddModelError("Input.Criteria", texts[Project.DecisionKind == DecisionKinds.OtherMatter ? "Evidence.Criteria.RequiredItem" : "Evidence.Criteria.Required"]);
        if (Input.Direction is null || !EvidenceSources.Directions.Contains(Input.Direction))
            ModelState.AddModelError("Input.Direction", texts["Evidence.Direction.Required"]);
        if (CountsRefusal(Input.Numerator, Input.Denominator) is { } refusal) ModelState.AddModelError("Input.Numerator", texts[refusal]);
        if (!ModelState.IsValid) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // The stage is checked again under the project's row lock: a project moved on meanwhile keeps its findings.
        var open = await conn.ExecuteScalarAsync<string>("select stage from evaluation_project where id = @id for update", new { id }, tx);
        if (!Locks.Data(open!))
        {
            await tx.RollbackAsync();
            ModelState.AddModelError("", texts["Evidence.Locked", texts[$"Stage.{open}"]]);
            return Page();
        }
        var row = new { statement, Input.Direction, Input.Numerator, Input.Denominator, staff = User.StaffId(), now };
        long findingId;
        if (existing is null)
        {
            var (source, sourceId, _) = Target.Value;
            findingId = await conn.ExecuteScalarAsync<long>(
                """
                insert into evidence_finding (project_id, method_id, data_request_id, information_item_id, statement, direction, numerator,
                                              denominator, recorded_by, recorded_at)
                values (@id, @method, @request, @item, @statement, @Direction, @Numerator, @Denominator, @staff, @now) returning id
                """, new DynamicParameters(row).With(new
                {
                    id,
                    method = source == EvidenceSources.Method ? sourceId : (long?)null,
                    request = source == EvidenceSources.DataRequest ? sourceId : (long?)null,
                    item = source == EvidenceSources.InformationItem ? sourceId : (long?)null,
                }), tx);
        }
        else
        {
            findingId = existing.Id;
            await conn.ExecuteAsync(
                """
                update evidence_finding set statement = @statement, direction = @Direction, numerator = @Numerator, denominator = @Denominator,
                       updated_by = @staff, updated_at = @now
                where id = @findingId and project_id = @id
                """, new DynamicParameters(row).With(new { id, findingId }), tx);
            await conn.ExecuteAsync("delete from evidence_finding_criterion where finding_id = @findingId", new { findingId }, tx);
        }
        await conn.ExecuteAsync("insert into evidence_finding_criterion (finding_id, criterion) select @findingId, unnest(@criteria)",
            new { findingId, criteria = criteria.ToArray() }, tx);
        await conn.WriteAsync(tx, User.Actor(), existing is null ? AuditActions.RecordFinding : AuditActions.EditFinding, AuditEntities.EvaluationProject, id,
            before: existing is null ? null : new { finding = existing.Id, existing.Statement, existing.Criteria, existing.Direction, existing.Numerator, existing.Denominator },
            after: new { finding = findingId, source = Target.Value.Source, sourceId = Target.Value.Id, statement, criteria, Input.Direction, Input.Numerator, Input.Denominator });
        await tx.CommitAsync();
        TempData.Flash(texts[existing is null ? "Evidence.Recorded" : "Evidence.Edited"].Value);
        return RedirectToPage(null, null, new { id }, $"finding-{findingId}");
    }

    /// <summary>Counts are both given or both left out; the part is at most the whole (12 of 30), the whole at least 1.</summary>
    public static string? CountsRefusal(int? numerator, int? denominator) => (numerator, denominator) switch
    {
        (null, null) => null,
        (null, _) or (_, null) => "Evidence.Counts.Both",
        ( < 0, _) or (_, < 1) => "Evidence.Counts.Range",
        var (n, d) when n > d => "Evidence.Counts.PartOfWhole",
        _ => null,
    };

    private (string, long, string)? TargetOf(string? source, long? sourceId) => (source, sourceId) switch
    {
        (EvidenceSources.Method, { } m) when Methods.FirstOrDefault(x => x.Id == m) is { } r =>
            (source, m, $"{texts[$"Method.{r.Method}"]} {Display.Date(r.HeldOn)}"),
        (EvidenceSources.DataRequest, { } q) when Requests.FirstOrDefault(x => x.Id == q) is { } r => (source, q, r.Subject),
        (EvidenceSources.InformationItem, { } i) when Items.FirstOrDefault(x => x.Id == i) is { } r => (source, i, r.Title),
        _ => null,
    };

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var project = await conn.FindProjectAsync(id, User);
        if (project is null) return false;
        Project = project;
        CanRecord = User.CanRecord() && Locks.Data(project.Stage);
        CriteriaOfDecision = Criteria.For(project.DecisionKind);
        Findings = await ConclusionEvidence.FindingsAsync(conn, id);
        Methods = (await conn.QueryAsync<MethodSource>(
            """
            select id, method, held_on, place, participant_count, period, summary from project_method
            where project_id = @id order by held_on, id
            """, new { id })).ToList();
        // Only an answer can carry findings (Art. 10).
        Requests = (await conn.QueryAsync<RequestSource>(
            """
            select r.id, r.subject, d.name as department_name, r.answer, r.answered_at
            from data_request r join department d on d.id = r.department_id
            where r.project_id = @id and r.answered_at is not null order by r.answered_at, r.id
            """, new { id })).ToList();
        // The decision's items of any date (their period is set by the decision's effective date, Art. 19(1)): those with
        // findings here, the one asked for, and the newest.
        var wanted = Source == EvidenceSources.InformationItem && SourceId is { } item ? item : 0;
        Items = (await conn.QueryAsync<ItemSource>(
            """
            select i.id, i.kind, i.title, i.source, i.occurred_on, i.body, i.confidentiality from information_item i
            where i.decision_id = @DecisionId
              and (i.id = @wanted or i.id in (select information_item_id from evidence_finding where project_id = @id)
                   or i.id in (select id from information_item where decision_id = @DecisionId order by occurred_on desc, id desc limit @ItemsListed))
            order by i.occurred_on desc, i.id desc
            """, new { id, project.DecisionId, wanted, ItemsListed })).ToList();
        return true;
    }
}
