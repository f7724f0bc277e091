using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis;
using Evaluation.Analysis.Text;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;
using DispositionCodes = Evaluation.Shared.Results.Dispositions;

namespace Evaluation.Admin.Pages.Dispositions;

/// <summary>
/// Art. 7, "you said, we did": the opinions of a project's consultations with what became of each, filtered by
/// disposition, campaign group (the text analysis' near-identical opinions) or coded standard; one disposition and
/// reason for a whole campaign group at once, each member with its own redacted text.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, IOptions<FindingsOptions> options, TimeProvider clock, IStringLocalizer<Texts> texts)
    : PageModel, IDispositionForm
{
    public const int PageSize = 200;
    public const string Undisposed = "undisposed";

    public sealed record Row(long Id, DateTime CreatedAt, string Channel, string RespondentType, string RegionName, string Body,
        string ConsultationTitle, string? Criterion, bool Coded, string? Disposition, string? Reason);

    public ProjectHead Project { get; private set; } = null!;
    public IReadOnlyList<Row> Opinions { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<TextCampaign> Campaigns { get; private set; } = [];
    public IReadOnlyList<(string Disposition, int Count)> Counts { get; private set; } = [];
    public int UndisposedCount { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public long? Campaign { get; set; }
    [BindProperty(SupportsGet = true)] public string? Criterion { get; set; }

    [BindProperty] public string? Disposition { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return Page();
    }

    /// <summary>One disposition and reason for every member of a campaign group, in one transaction.</summary>
    public async Task<IActionResult> OnPostCampaignAsync(long id, CancellationToken cancellationToken)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        await using (var check = await db.OpenConnectionAsync(cancellationToken))
            if (await check.FindProjectAsync(id, User) is null) return NotFound();
        var campaigns = await CampaignsAsync(id, cancellationToken);
        var campaign = campaigns.FirstOrDefault(c => c.RepresentativeOpinionId == Campaign);
        if (campaign is null) ModelState.AddModelError(nameof(Campaign), texts["Disposition.CampaignGone"]);
        var reason = DispositionRules.Check(Disposition, Reason, ModelState, texts);
        if (!ModelState.IsValid)
        {
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        var members = campaign!.OpinionIds.ToArray();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var bodies = (await conn.QueryAsync<(long Id, string Body, string? Redacted)>(
            """
            select o.id, o.body, d.redacted_body from opinion o
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @id
            left join opinion_disposition d on d.opinion_id = o.id
            where o.id = any(@members)
            order by o.id for update of o
            """, new { id, members }, tx)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var b in bodies)
        {
            // A text staff already masked by hand keeps that masking; the others are masked automatically.
            var redacted = b.Redacted ?? Redaction.Redact(Redaction.NormalizeLines(b.Body));
            await conn.SetAsync(tx, User, b.Id, Disposition!, reason, redacted, now, campaign.Number);
        }
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Disposition.CampaignSet", bodies.Count, texts[$"Disposition.{Disposition}"]].Value);
        return RedirectToPage(null, new { id, campaign = Campaign });
    }

    /// <summary>The campaign groups of the project's text analysis (FindingsScope.Project), named by their first opinion.</summary>
    private async Task<IReadOnlyList<TextCampaign>> CampaignsAsync(long id, CancellationToken cancellationToken) =>
        (await FindingsStore.GetAsync(db, FindingsScope.Project(id), options.Value, clock, cancellationToken))?.Text?.Campaigns ?? [];

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        Project = await conn.FindProjectAsync(id, User) ?? null!;
        if (Project is null) return false;
        Campaigns = await CampaignsAsync(id, cancellationToken);
        long[]? members = Campaign is { } c ? Campaigns.FirstOrDefault(x => x.RepresentativeOpinionId == c)?.OpinionIds.ToArray() ?? [] : null;
        var status = Status == Undisposed || DispositionCodes.All.Contains(Status) ? Status : null;
        var criterion = string.IsNullOrEmpty(Criterion) ? null : Criterion;
        var rows = (await conn.QueryAsync<Row>(
            """
            select o.id, o.created_at, o.channel, o.respondent_type, r.name as region_name, o.body, c.title as consultation_title,
                   case when k.opinion_id is not null then k.criterion else s.criterion end as criterion, k.opinion_id is not null as coded,
                   d.disposition, d.reason
            from opinion o
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @id
            join consultation c on c.id = o.consultation_id
            join region r on r.code = o.region_code
            left join opinion_coding k on k.opinion_id = o.id
            left join opinion_suggestion s on s.opinion_id = o.id
            left join opinion_disposition d on d.opinion_id = o.id
            where (@status::text is null or (@status = 'undisposed' and d.opinion_id is null) or d.disposition = @status)
              and (@criterion::text is null or k.criterion = @criterion)
              and (@members::bigint[] is null or o.id = any(@members))
            order by o.created_at, o.id
            """, new { id, status, criterion, members })).ToList();
        Total = rows.Count;
        Opinions = rows.Take(PageSize).ToList();
        var counts = (await conn.QueryAsync<(string? Disposition, int Count)>(
            """
            select d.disposition, count(*)::int from opinion o
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @id
            left join opinion_disposition d on d.opinion_id = o.id
            group by d.disposition
            """, new { id })).ToList();
        UndisposedCount = counts.Where(x => x.Disposition is null).Sum(x => x.Count);
        Counts = DispositionCodes.All.Select(d => (d, counts.Where(x => x.Disposition == d).Sum(x => x.Count))).ToList();
        return true;
    }
}

/// <summary>The rules of a disposition, one home for the single and the bulk form.</summary>
public static class DispositionRules
{
    /// <summary>Checks the disposition and the reason; returns the reason as stored (plain text, trimmed).</summary>
    public static string Check(string? disposition, string? reason, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary state,
        IStringLocalizer<Texts> texts)
    {
        if (!DispositionCodes.All.Contains(disposition)) state.AddModelError("Disposition", texts["Disposition.Required"]);
        var clean = PlainText.Clean(reason) ?? "";
        if (clean.Length == 0) state.AddModelError("Reason", texts["Disposition.ReasonRequired"]);
        else if (clean.Length > DispositionCodes.MaxReasonLength)
            state.AddModelError("Reason", texts["Disposition.ReasonTooLong", DispositionCodes.MaxReasonLength, clean.Length]);
        return clean;
    }

    /// <summary>Sets (or changes) an opinion's disposition in the caller's transaction, audited with the before and after.</summary>
    public static async Task SetAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, System.Security.Claims.ClaimsPrincipal user, long opinionId,
        string disposition, string reason, string redactedBody, DateTime now, int? campaign = null)
    {
        var before = await conn.QuerySingleOrDefaultAsync<(string Disposition, string Reason)?>(
            "select disposition, reason from opinion_disposition where opinion_id = @opinionId", new { opinionId }, tx);
        await conn.ExecuteAsync(
            """
            insert into opinion_disposition (opinion_id, disposition, reason, redacted_body, set_by, set_at)
            values (@opinionId, @disposition, @reason, @redactedBody, @staff, @now)
            on conflict (opinion_id) do update
            set disposition = excluded.disposition, reason = excluded.reason, redacted_body = excluded.redacted_body,
                set_by = excluded.set_by, set_at = excluded.set_at
            """, new { opinionId, disposition, reason, redactedBody, staff = user.StaffId(), now }, tx);
        await conn.WriteAsync(tx, user.Actor(), AuditActions.SetDisposition, AuditEntities.Opinion, opinionId,
            before: before is { } b ? new { disposition = b.Disposition, reason = b.Reason } : null,
            after: new { disposition, reason, redacted = redactedBody.Count(ch => ch == Redaction.Mask), campaign });
    }
}

/// <summary>The fields the single and the bulk form share.</summary>
public interface IDispositionForm
{
    string? Disposition { get; }
    string? Reason { get; }
}
