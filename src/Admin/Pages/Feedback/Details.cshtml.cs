using System.Globalization;
using Dapper;
using Evaluation.Shared.Feedback;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Feedback;

/// <summary>One decision's tracking feedback over time: by month, by standard (confirmed, else suggested at intake),
/// by region and by channel, each as a chart and its data table, with the rise flag (Art. 9, 12(1)).</summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Decision(long Id, string Title, string? DocumentNumber, long? ConsultationId);
    public sealed record Count(string Key, long Value);
    /// <summary>Feedback per standard (its name; null: none applies or none suggested).</summary>
    public sealed record CriterionCount(string? Name, long Coded, long Suggested);

    /// <summary>Months shown, the current one last.</summary>
    public const int MonthsShown = 12;

    public Decision Item { get; private set; } = null!;
    public IReadOnlyList<Count> ByMonth { get; private set; } = [];
    public IReadOnlyList<CriterionCount> ByCriterion { get; private set; } = [];
    public IReadOnlyList<Count> ByRegion { get; private set; } = [];
    public IReadOnlyList<Count> ByChannel { get; private set; } = [];
    public long Recent { get; private set; }
    public long Baseline { get; private set; }
    public bool IsRise => FeedbackRise.IsRise(Recent, Baseline);

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var staff = User.StaffId();
        var item = await conn.QuerySingleOrDefaultAsync<Decision>(
            $"""
            select d.id, d.title, d.document_number,
                   (select c.id from consultation c where c.decision_id = d.id and c.kind = '{ConsultationKinds.Standing}') as consultation_id
            from decision d
            where d.id = @id and d.id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff });
        if (item is null) return NotFound();
        Item = item;
        if (item.ConsultationId is not { } consultationId) return Page();

        var now = clock.GetUtcNow().UtcDateTime;
        var (recentStart, baselineStart) = FeedbackRise.Periods(now);
        (Recent, Baseline) = await conn.QuerySingleAsync<(long, long)>(
            """
            select count(*) filter (where created_at > @recentStart and created_at <= @now),
                   count(*) filter (where created_at > @baselineStart and created_at <= @recentStart)
            from opinion where consultation_id = @consultationId
            """, new { consultationId, now, recentStart, baselineStart });

        // Months in China time, the empty ones too.
        var thisMonth = Display.ToChinaTime(now);
        var months = Enumerable.Range(0, MonthsShown).Select(i => thisMonth.AddMonths(i - MonthsShown + 1).ToString("yyyy-MM", CultureInfo.InvariantCulture)).ToList();
        var counted = (await conn.QueryAsync<Count>(
            """
            select to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') as key, count(*) as value
            from opinion where consultation_id = @consultationId and to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') >= @first
            group by 1
            """, new { consultationId, first = months[0] })).ToDictionary(c => c.Key, c => c.Value);
        ByMonth = months.Select(m => new Count(m, counted.GetValueOrDefault(m))).ToList();

        ByCriterion = (await conn.QueryAsync<CriterionCount>(
            """
            select cr.name,
                   count(*) filter (where k.opinion_id is not null) as coded,
                   count(*) filter (where k.opinion_id is null) as suggested
            from opinion o
            left join opinion_coding k on k.opinion_id = o.id
            left join opinion_suggestion s on s.opinion_id = o.id
            left join criterion cr on cr.code = coalesce(k.criterion, s.criterion)
            where o.consultation_id = @consultationId
            group by cr.name, cr.sort_order order by cr.sort_order nulls last
            """, new { consultationId })).ToList();
        ByRegion = (await conn.QueryAsync<Count>(
            """
            select r.name as key, count(*) as value from opinion o join region r on r.code = o.region_code
            where o.consultation_id = @consultationId group by r.name, r.sort_order order by r.sort_order
            """, new { consultationId })).ToList();
        ByChannel = (await conn.QueryAsync<Count>(
            "select channel as key, count(*) as value from opinion where consultation_id = @consultationId group by channel order by 2 desc, 1",
            new { consultationId })).ToList();
        return Page();
    }
}
