using Dapper;
using Evaluation.Shared.Feedback;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Feedback;

/// <summary>跟踪反馈: the tracking feedback of the decisions in the user's scope (Art. 9, 11), with the rise flag.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Row(long DecisionId, string Title, string? DocumentNumber, long ConsultationId, long Total,
        long Recent, long Baseline, long Uncoded)
    {
        public bool IsRise => FeedbackRise.IsRise(Recent, Baseline);
    }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (recentStart, baselineStart) = FeedbackRise.Periods(now);
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select d.id as decision_id, d.title, d.document_number, c.id as consultation_id,
                   count(o.id) as total,
                   count(o.id) filter (where o.created_at > @recentStart and o.created_at <= @now) as recent,
                   count(o.id) filter (where o.created_at > @baselineStart and o.created_at <= @recentStart) as baseline,
                   count(o.id) filter (where not exists (select 1 from opinion_coding k where k.opinion_id = o.id)) as uncoded
            from consultation c
            join decision d on d.id = c.decision_id
            left join opinion o on o.consultation_id = c.id
            where c.kind = '{ConsultationKinds.Standing}'
              and c.decision_id in (select decision_id from staff_decisions(@staff))
            group by d.id, d.title, d.document_number, c.id
            order by recent desc, total desc, d.id
            """, new { now, recentStart, baselineStart, staff = User.StaffId() })).ToList();
    }
}
