using Dapper;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.DataRequests;

/// <summary>数据请求: the requests addressed to the user's department (to answer) and those of the user's projects.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Row(long Id, long ProjectId, string ProjectTitle, string DepartmentName, string Subject, DateOnly DueOn,
        DateTime? AnsweredAt, bool ForMyDepartment);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public async Task OnGetAsync()
    {
        Today = DateOnly.FromDateTime(Display.ToChinaTime(clock.GetUtcNow().UtcDateTime));
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            $"""
            select r.id, r.project_id, p.title as project_title, d.name as department_name, r.subject, r.due_on, r.answered_at,
                   r.department_id = (select department_id from staff_user where id = @staff) as for_my_department
            from data_request r join evaluation_project p on p.id = r.project_id join department d on d.id = r.department_id
            where {DataRequestQueries.Visible}
            order by r.answered_at is not null, r.due_on, r.id
            """, new { staff = User.StaffId() })).ToList();
    }
}
