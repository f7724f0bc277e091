using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Respondents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Findings;

/// <summary>
/// The implementation-stage findings of a consultation or a decision (Art. 19(3)): participation, each evaluation
/// standard with its items, groups and conclusion, and what was excluded. Every chart has its table beside it, and
/// every figure leads to the submissions behind it.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, [FromKeyedServices(Database.ReadMostly)] NpgsqlDataSource readMostly,
    RegionDirectory regions, IOptions<FindingsOptions> options, TimeProvider clock, FindingsRefresher refresher) : PageModel
{
    public Evaluation.Analysis.Findings Findings { get; private set; } = null!;
    public IReadOnlyDictionary<string, string> RegionNames { get; private set; } = new Dictionary<string, string>();
    /// <summary>The figures shown are the last complete ones, from before newer data arrived (computed in the background).</summary>
    public bool Earlier { get; private set; }
    /// <summary>A project's cost-benefit table (Art. 25(2), 27), beside the survey's figures; null for other scopes.</summary>
    public CostBenefitTable? CostBenefits { get; private set; }
    public long? ProjectId { get; private set; }

    public async Task<IActionResult> OnGetAsync(string scope, long id, CancellationToken cancellationToken)
    {
        if (FindingsScope.Parse(scope, id) is not { } what) return NotFound();
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        {
            if (!await conn.SeesFindingsAsync(User, what)) return NotFound();
            if (what.Kind == FindingsScopeKind.Project) (ProjectId, CostBenefits) = (id, await CostBenefit.LoadAsync(conn, id));
        }
        var (findings, current) = await FindingsStore.GetRecentAsync(db, what, options.Value, clock, refresher.ServeStaleAfter, cancellationToken, readMostly);
        if (findings is null) return NotFound();
        if (!current) _ = refresher.Refresh(id);
        Earlier = !current;
        Findings = findings;
        RegionNames = (await regions.AllAsync()).ToDictionary(r => r.Code, r => r.Name);
        return Page();
    }

    public string Region(string code) => RegionNames.TryGetValue(code, out var name) ? name : code == "" ? "—" : code;

    public static string Percent(double? share) => share is { } s ? $"{s * 100:0.0}%" : "—";
    public static string Number(double? value, string format = "0.00") => value is { } v ? v.ToString(format) : "—";
}
