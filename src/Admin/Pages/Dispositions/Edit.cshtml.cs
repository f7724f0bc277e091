using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Dispositions;

/// <summary>
/// One opinion's disposition (Art. 7): what became of it, a short public reason, and its text as it may be published,
/// masked automatically (<see cref="Redaction"/>); staff may mask more by hand, never rewrite it. The unredacted text
/// is shown here only, in Admin.
/// </summary>
public sealed class EditModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel, IDispositionForm
{
    public sealed record Opinion(long Id, DateTime CreatedAt, string Channel, string RespondentType, string RegionName, string Body,
        string ConsultationTitle, string? Disposition, string? Reason, string? RedactedBody, string? SetByName, DateTime? SetAt);

    public ProjectHead Project { get; private set; } = null!;
    public Opinion Current { get; private set; } = null!;
    public IReadOnlyList<Redaction.Match> Found { get; private set; } = [];

    [BindProperty] public string? Disposition { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? RedactedBody { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, long opinionId)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        if (!await LoadAsync(id, opinionId)) return NotFound();
        Disposition = Current.Disposition;
        Reason = Current.Reason;
        RedactedBody = Current.RedactedBody ?? Redaction.Redact(Redaction.NormalizeLines(Current.Body));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, long opinionId)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        if (!await LoadAsync(id, opinionId)) return NotFound();
        var reason = DispositionRules.Check(Disposition, Reason, ModelState, texts);
        var redacted = Redaction.NormalizeLines(RedactedBody ?? "");
        switch (Redaction.CheckHandMasking(Current.Body, redacted))
        {
            case Redaction.HandMasking.Rewritten:
                ModelState.AddModelError(nameof(RedactedBody), texts["Disposition.Rewritten"]);
                break;
            case Redaction.HandMasking.Unmasked:
                ModelState.AddModelError(nameof(RedactedBody), texts["Disposition.Unmasked"]);
                break;
        }
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select id from opinion where id = @opinionId for update", new { opinionId }, tx);
        await conn.SetAsync(tx, User, opinionId, Disposition!, reason, redacted, clock.GetUtcNow().UtcDateTime);
        await tx.CommitAsync();
        TempData.Flash(texts["Disposition.Saved", texts[$"Disposition.{Disposition}"]].Value);
        return RedirectToPage("Index", new { id });
    }

    private async Task<bool> LoadAsync(long id, long opinionId)
    {
        await using var conn = await db.OpenConnectionAsync();
        Project = await conn.FindProjectAsync(id, User) ?? null!;
        if (Project is null) return false;
        Current = await conn.QuerySingleOrDefaultAsync<Opinion>(
            """
            select o.id, o.created_at, o.channel, o.respondent_type, r.name as region_name, o.body, c.title as consultation_title,
                   d.disposition, d.reason, d.redacted_body, s.display_name as set_by_name, d.set_at
            from opinion o
            join project_consultation pc on pc.consultation_id = o.consultation_id and pc.project_id = @id
            join consultation c on c.id = o.consultation_id
            join region r on r.code = o.region_code
            left join opinion_disposition d on d.opinion_id = o.id
            left join staff_user s on s.id = d.set_by
            where o.id = @opinionId
            """, new { id, opinionId }) ?? null!;
        if (Current is null) return false;
        Found = Redaction.Find(Redaction.NormalizeLines(Current.Body));
        return true;
    }
}
