using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Results;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages.Results;

/// <summary>
/// The public results of a project (Art. 7): read from the published snapshot only (never computed here), with the
/// follow-up actions live from their table. An older version stays reachable, marked as superseded.
/// </summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record FollowUp(string What, string DepartmentName, DateOnly DueOn, string Status, bool Overdue);

    public ResultsPublication Publication { get; private set; } = null!;
    public ResultsSnapshot Snapshot => Publication.Snapshot;
    public IReadOnlyList<FollowUp> FollowUps { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long projectId, int? version)
    {
        await using var conn = await db.OpenConnectionAsync();
        var publication = await PublicResults.FindAsync(conn, projectId, version);
        if (publication is null) return NotFound();
        Publication = publication;
        var today = Display.Today(clock);
        FollowUps = (await conn.QueryAsync<FollowUp>(
            """
            select f.what, d.name as department_name, f.due_on, f.status,
                   f.status not in ('done', 'cancelled') and f.due_on < @today as overdue
            from follow_up_action f join department d on d.id = f.department_id
            where f.project_id = @projectId order by f.due_on, f.id
            """, new { projectId, today })).ToList();
        return Page();
    }

    public static string Percent(double? share) => share is { } s ? $"{s * 100:0.0}%" : "—";
    public static string Number(double? value, string format = "0.00") => value is { } v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "—";
    public static bool IsFinished(string status) => FollowUpStatuses.IsFinished(status);
}
