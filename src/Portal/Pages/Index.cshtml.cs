using Dapper;
using Evaluation.Shared.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages;

public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Item(long Id, string Title, string DecisionTitle, string? DocumentNumber, string State,
        DateTime OpensAt, DateTime ClosesAt, int OpinionCount)
    {
        public ConsultationPhase PhaseAt(DateTime now) => ConsultationRules.PhaseAt(State, OpensAt, ClosesAt, now);
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
            """
            (select c.id, c.title, d.title as decision_title, d.document_number, c.state, c.opens_at, least(c.closes_at, c.closed_at) as closes_at, c.opinion_count
             from consultation c join decision d on d.id = c.decision_id
             where c.state = 'open' and c.closes_at > @now
             order by c.closes_at)
            union all
            (select c.id, c.title, d.title, d.document_number, c.state, c.opens_at, least(c.closes_at, c.closed_at) as closes_at, c.opinion_count
             from consultation c join decision d on d.id = c.decision_id
             where c.state = 'closed' or (c.state = 'open' and c.closes_at <= @now)
             order by least(c.closes_at, c.closed_at) desc
             limit @RecentlyClosedShown)
            """, new { now = Now, RecentlyClosedShown })).ToList();
        Current = items.Where(i => i.PhaseAt(Now) != ConsultationPhase.Closed).ToList();
        RecentlyClosed = items.Where(i => i.PhaseAt(Now) == ConsultationPhase.Closed).ToList();
    }
}
