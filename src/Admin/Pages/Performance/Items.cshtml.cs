using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Performance;

/// <summary>The items behind one figure of 绩效统计: one department, one year, one figure, each item linked to its page.</summary>
public sealed class ItemsModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public int Year { get; private set; }
    public string Figure { get; private set; } = "";
    public string Department { get; private set; } = "";
    public IReadOnlyList<PerformanceFigures.Item> Items { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long department, string figure, int year)
    {
        var today = Shared.Web.Display.Today(clock);
        if (!PerformanceFigures.All.Contains(figure) || year < IndexModel.FirstYear || year > today.Year + 1) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        if (!(await PerformanceFigures.VisibleDepartmentsAsync(conn, User)).Contains(department)) return NotFound();
        Department = await conn.ExecuteScalarAsync<string>("select name from department where id = @department", new { department }) ?? "";
        (Year, Figure) = (year, figure);
        Items = await PerformanceFigures.ItemsAsync(conn, department, figure, year, today);
        return Page();
    }
}
