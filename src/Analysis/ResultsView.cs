using Dapper;
using Evaluation.Shared.Results;
using Npgsql;

namespace Evaluation.Analysis;

/// <summary>
/// What the public results page shows (Art. 7): a snapshot, with the follow-up actions live from their table. The
/// Portal and Admin's preview of a draft both render it through the one partial Pages/Shared/_Results.cshtml, so
/// what staff and the organizer approve is what citizens will read.
/// </summary>
public sealed record ResultsView(ResultsSnapshot Snapshot, IReadOnlyList<ResultsView.FollowUp> FollowUps)
{
    public sealed record FollowUp(string What, string DepartmentName, DateOnly DueOn, string Status, bool Overdue);

    /// <summary>Art. 7, 31-33: the public sees the organizer's decisions only: an action reported done or asked to be
    /// cancelled is still in progress until the organizer accepts the report or approves the cancellation.</summary>
    public static async Task<ResultsView> LoadAsync(NpgsqlConnection conn, ResultsSnapshot snapshot, DateOnly today) =>
        new(snapshot, (await conn.QueryAsync<FollowUp>(
            """
            select f.what, d.name as department_name, f.due_on, f.status,
                   f.status not in ('done', 'cancelled') and f.due_on < @today as overdue
            from follow_up_action f join department d on d.id = f.department_id
            where f.project_id = @projectId order by f.due_on, f.id
            """, new { projectId = snapshot.ProjectId, today })).Select(f => f with { Status = FollowUpStatuses.Public(f.Status) }).ToList());

    public static string Percent(double? share) => share is { } s ? $"{s * 100:0.0}%" : "—";
    public static string Number(double? value, string format = "0.00") => value is { } v ? v.ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "—";
}
