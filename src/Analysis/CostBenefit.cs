using Dapper;
using Npgsql;

namespace Evaluation.Analysis;

/// <summary>A row of a project's cost-benefit table (Art. 25(2)): a cost or a benefit, its amount in yuan, the period it
/// covers (in words, or from/to dates) and its source.</summary>
public sealed record CostBenefitRow(long Id, string Kind, string Item, decimal Amount, string? PeriodText, DateOnly? PeriodFrom,
    DateOnly? PeriodTo, string Source, string? Note, string RecordedByName, DateTime RecordedAt, DateTime? UpdatedAt);

/// <summary>
/// The table with its totals: costs, benefits, net benefit (benefits less costs) and the benefit-cost ratio (benefits
/// over costs; none while there are no costs, as a ratio over zero means nothing). The figures add the amounts as
/// entered: the table states each row's period, and rows of different periods are the evaluator's to make comparable
/// (the page says so).
/// </summary>
public sealed record CostBenefitTable(IReadOnlyList<CostBenefitRow> Rows, decimal Costs, decimal Benefits, decimal Net, decimal? Ratio)
{
    public IEnumerable<CostBenefitRow> OfKind(string kind) => Rows.Where(r => r.Kind == kind);
}

/// <summary>Art. 25(2), 27: the cost-benefit statistics of an evaluation project, for its page, the findings and the
/// report. The caller has checked the project is in the user's scope.</summary>
public static class CostBenefit
{
    public const string Cost = "cost";
    public const string Benefit = "benefit";
    public static readonly string[] Kinds = [Cost, Benefit];

    /// <summary>numeric(16, 2): the largest amount the table holds.</summary>
    public const decimal MaxAmount = 99_999_999_999_999.99m;

    public static async Task<CostBenefitTable> LoadAsync(NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null)
    {
        var rows = (await conn.QueryAsync<CostBenefitRow>(
            """
            select c.id, c.kind, c.item, c.amount, c.period_text, c.period_from, c.period_to, c.source, c.note,
                   s.display_name as recorded_by_name, c.recorded_at, c.updated_at
            from project_cost_benefit c join staff_user s on s.id = c.recorded_by
            where c.project_id = @projectId
            order by case c.kind when 'cost' then 0 else 1 end, c.id
            """, new { projectId }, tx)).ToList();
        return Totals(rows);
    }

    /// <summary>The totals and the ratio of the rows (the ratio rounded to four places).</summary>
    public static CostBenefitTable Totals(IReadOnlyList<CostBenefitRow> rows)
    {
        var costs = rows.Where(r => r.Kind == Cost).Sum(r => r.Amount);
        var benefits = rows.Where(r => r.Kind == Benefit).Sum(r => r.Amount);
        return new CostBenefitTable(rows, costs, benefits, benefits - costs,
            costs > 0 ? Math.Round(benefits / costs, 4, MidpointRounding.AwayFromZero) : null);
    }
}
