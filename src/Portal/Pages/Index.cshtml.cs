using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Feedback;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages;

public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Item(long Id, string Title, string DecisionTitle, string? DocumentNumber, string State,
        DateTime OpensAt, DateTime EndsAt, int OpinionCount)
    {
        public ConsultationPhase PhaseAt(DateTime now) => ConsultationRules.PhaseAt(State, OpensAt, EndsAt, now);
    }

    public const int RecentlyClosedShown = 10;
    public DateTime Now { get; private set; }
    public IReadOnlyList<Item> Current { get; private set; } = [];
    public IReadOnlyList<Item> RecentlyClosed { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        // Open and upcoming first (closing soonest first), then the most recently closed.
        var items = (await conn.QueryAsync<Item>(
            $"""
            (select c.id, c.title, d.title as decision_title, d.document_number, c.state, c.opens_at, c.ends_at, consultation_opinion_count(c.id)::int as opinion_count
             from consultation c join decision d on d.id = c.decision_id
             where c.state = '{ConsultationStates.Open}' and c.ends_at > @now and c.kind = '{ConsultationKinds.Window}'
             order by c.ends_at)
            union all
            (select c.id, c.title, d.title, d.document_number, c.state, c.opens_at, c.ends_at, consultation_opinion_count(c.id)::int as opinion_count
             from consultation c join decision d on d.id = c.decision_id
             where c.kind = '{ConsultationKinds.Window}' and c.state <> '{ConsultationStates.Draft}' and (c.state = '{ConsultationStates.Closed}' or c.ends_at <= @now)
             order by c.ends_at desc
             limit @RecentlyClosedShown)
            """, new { now = Now, RecentlyClosedShown })).ToList();
        Current = items.Where(i => i.PhaseAt(Now) != ConsultationPhase.Closed).ToList();
        RecentlyClosed = items.Where(i => i.PhaseAt(Now) == ConsultationPhase.Closed).ToList();
    }
}
