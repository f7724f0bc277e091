using Dapper;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.FollowUps;

/// <summary>
/// 跟踪整改 (Art. 30-33): the follow-up actions addressed to the user's department (to act on and report) and those of
/// the projects the user sees, filtered by open, awaiting the organizer (reported done, cancellation requested, Art. 31-33), overdue or done; overdue actions are flagged.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public static readonly string[] Filters = ["open", "awaiting", "overdue", "done", "all"];

    public sealed record Row(long Id, long ProjectId, string ProjectTitle, string What, string DepartmentName, DateOnly DueOn, string Status,
        bool ForMyDepartment);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string Show { get; private set; } = "open";

    public async Task OnGetAsync(string? show)
    {
        Show = Filters.Contains(show) ? show! : "open";
        Today = Display.Today(clock);
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select a.id, a.project_id, p.title as project_title, a.what, d.name as department_name, a.due_on, a.status,
                   a.department_id = (select department_id from staff_user where id = @staff) as for_my_department
            from follow_up_action a join evaluation_project p on p.id = a.project_id join department d on d.id = a.department_id
            where {FollowUpActions.Visible}
              and case @show when 'open' then a.status not in ('done', 'cancelled')
                             when 'awaiting' then a.status in ('reported', 'cancel_requested')
                             when 'overdue' then a.status not in ('done', 'cancelled') and a.due_on < @today
                             when 'done' then a.status in ('done', 'cancelled')
                             else true end
            order by a.status in ('done', 'cancelled'), a.due_on, a.id
            """, new { staff = User.StaffId(), show = Show, today = Today })).ToList();
    }
}
