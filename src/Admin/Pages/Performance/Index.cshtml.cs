using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Performance;

/// <summary>绩效统计 (Art. 34): per department and year, the figures of its evaluation work; each drills down to its items.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    /// <summary>The first year the figures go back to.</summary>
    public const int FirstYear = 2020;

    [BindProperty(SupportsGet = true)] public int? Year { get; set; }

    public int ShownYear { get; private set; }
    public int CurrentYear { get; private set; }
    /// <summary>
    /// The next year too: its annual plan is drawn up and approved in the current one (Art. 13), and follow-ups fall due
    /// in it, so its figures (planned evaluations, actions due) are already there to read.
    /// </summary>
    public int LastYear => CurrentYear + 1;
    /// <summary>The year asked for when there are no figures for it (the page then shows the current year and says so).</summary>
    public int? RefusedYear { get; private set; }
    public IReadOnlyList<PerformanceFigures.Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    /// <summary>The table as XLSX: one row per department, one column per figure.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync()) return NotFound();
        var header = new[] { texts["Performance.Department"].Value }
            .Concat(PerformanceFigures.All.Select(f => texts[$"Performance.Figure.{f}"].Value))
            .Append(texts["Performance.MedianDays"].Value).ToArray();
        var rows = Rows.Select(r => new object?[] { r.Department }
            .Concat(PerformanceFigures.All.Select(f => (object?)r[f])).Append(r.MedianDaysToAnswer).ToArray()).ToList();
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
            await conn.WriteAsync(null, User.Actor(), AuditActions.ExportPerformance, AuditEntities.Performance, ShownYear);
        using var buffer = new MemoryStream();
        await FindingsExport.WriteXlsxAsync(buffer, [new FindingsExport.Table(ShownYear.ToString(System.Globalization.CultureInfo.InvariantCulture), header, rows)], cancellationToken);
        return File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"performance-{ShownYear}.xlsx");
    }

    private async Task<bool> LoadAsync()
    {
        var today = Display.Today(clock);
        CurrentYear = today.Year;
        ShownYear = Year ?? CurrentYear;
        if (ShownYear < FirstYear || ShownYear > LastYear)
        {
            // Not a missing page: the year is named back with the years there are.
            RefusedYear = ShownYear;
            ShownYear = CurrentYear;
            if (Year is not null && HttpContext.Request.Query.ContainsKey("handler")) return false;
        }
        await using var conn = await db.OpenConnectionAsync();
        var departments = await PerformanceFigures.VisibleDepartmentsAsync(conn, User);
        Rows = await PerformanceFigures.TableAsync(conn, departments, ShownYear, today);
        return true;
    }
}
