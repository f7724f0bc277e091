using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Feedback;
using Evaluation.Shared.Opinions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages;

/// <summary>The staff home: consultations running now and the opinions waiting for a reply, of the decisions in the
/// user's scope.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Row(long Id, string Title, string DecisionTitle, string State, DateTime OpensAt, DateTime EndsAt,
        int OpinionCount, long Unanswered);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public DateTime Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select c.id, c.title, d.title as decision_title, c.state, c.opens_at, c.ends_at,
                   consultation_opinion_count(c.id)::int as opinion_count,
                   (select count(*) from opinion o where o.consultation_id = c.id and o.status <> '{OpinionStatuses.Replied}') as unanswered
            from consultation c join decision d on d.id = c.decision_id
            where c.kind = '{ConsultationKinds.Window}'
              and (c.state <> '{ConsultationStates.Closed}' or c.closed_at > @now - interval '90 days')
              and c.decision_id in (select decision_id from staff_decisions(@staff))
            order by c.state = '{ConsultationStates.Closed}', c.ends_at
            """, new { now = Now, staff = User.StaffId() })).ToList();
    }

    public ConsultationPhase PhaseOf(Row r) => ConsultationRules.PhaseAt(r.State, r.OpensAt, r.EndsAt, Now);
}
