using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Consultations;

/// <summary>A consultation, with opening and closing it (staff) and the way to its opinions.</summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record View(long Id, long DecisionId, string DecisionTitle, string Title, string DescriptionMd,
        string State, DateTime OpensAt, DateTime ClosesAt, DateTime? ClosedAt, DateTime EndsAt, int OpinionCount, bool IsDemo);

    private sealed record StateRow(string State, DateTime OpensAt, DateTime ClosesAt, DateTime? ClosedAt);

    public sealed record QuestionnaireRow(long Id, string Title, string Audience, string State, long Responses);

    public View Consultation { get; private set; } = null!;
    public IReadOnlyList<QuestionnaireRow> Questionnaires { get; private set; } = [];
    public ConsultationPhase Phase { get; private set; }
    /// <summary>"close" when the page asks to confirm closing the consultation.</summary>
    [BindProperty(SupportsGet = true)] public string? Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select c.id, c.decision_id, d.title as decision_title, c.title, c.description_md, c.state,
                   c.opens_at, c.closes_at, c.closed_at, c.ends_at, consultation_opinion_count(c.id)::int as opinion_count, d.is_demo
            from consultation c join decision d on d.id = c.decision_id
            where c.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = User.StaffId() });
        if (view is null) return NotFound();
        Consultation = view;
        Questionnaires = (await conn.QueryAsync<QuestionnaireRow>(
            """
            select q.id, q.title, q.audience, q.state, (select count(*) from response r where r.questionnaire_id = q.id) as responses
            from questionnaire q where q.consultation_id = @id order by q.id
            """, new { id })).ToList();
        Phase = ConsultationRules.PhaseAt(view.State, view.OpensAt, view.EndsAt, clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    /// <summary>Publishes a draft: it takes opinions from its opening time until its closing time.</summary>
    public Task<IActionResult> OnPostOpenAsync(long id) => ChangeStateAsync(id, AuditActions.Open, (row, now) =>
        row.State != ConsultationStates.Draft ? "Consultation.Open.NotDraft"
        : row.ClosesAt <= now ? "Consultation.Open.AlreadyPast"
        : null);

    /// <summary>Closes now, before the closing time if need be; opinions arriving afterwards are refused.</summary>
    /// <remarks>Closing cannot be undone (a closed consultation is not reopened): it takes a confirmation, a second form
    /// the page shows at <c>?confirm=close</c>, so it works without JavaScript; a post without it only shows that form.</remarks>
    public Task<IActionResult> OnPostCloseAsync(long id, bool confirmed) => ChangeStateAsync(id, AuditActions.Close, (row, _) =>
        row.State != ConsultationStates.Open ? "Consultation.Close.NotOpen" : null, confirmed);

    private async Task<IActionResult> ChangeStateAsync(long id, string action, Func<StateRow, DateTime, string?> refusal, bool confirmed = true)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Consultation);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var before = await conn.QuerySingleOrDefaultAsync<StateRow>(
            """
            select state, opens_at, closes_at, closed_at from consultation
            where id = @id and decision_id in (select decision_id from staff_decisions(@staff))
            for update
            """, new { id, staff = User.StaffId() }, tx);
        if (before is null) return NotFound();
        if (!confirmed && refusal(before, now) is null) return RedirectToPage(new { id, confirm = "close" });
        if (refusal(before, now) is { } reason)
        {
            TempData.Flash(texts[reason].Value);
            return RedirectToPage(new { id });
        }
        var after = await conn.QuerySingleAsync<StateRow>(
            action == AuditActions.Open
                ? $"update consultation set state = '{ConsultationStates.Open}', updated_at = now() where id = @id returning state, opens_at, closes_at, closed_at"
                : $"""
                  update consultation set state = '{ConsultationStates.Closed}', closed_at = least(closes_at, @now), updated_at = now()
                  where id = @id returning state, opens_at, closes_at, closed_at
                  """,
            new { id, now }, tx);
        await conn.WriteAsync(tx, User.Actor(), action, AuditEntities.Consultation, id, before, after);
        await tx.CommitAsync();
        TempData.Flash(texts[action == AuditActions.Open ? "Consultation.Opened" : "Consultation.Closed"].Value);
        return RedirectToPage(new { id });
    }
}
