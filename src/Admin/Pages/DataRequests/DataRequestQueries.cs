using System.Security.Claims;
using Dapper;
using Npgsql;

namespace Evaluation.Admin.Pages.DataRequests;

public sealed record DataRequestView(long Id, long ProjectId, string ProjectTitle, long DepartmentId, string DepartmentName, string Subject,
    string Details, DateOnly DueOn, string RequestedBy, DateTime RequestedAt, string? Answer, string? AnsweredBy, DateTime? AnsweredAt);

/// <summary>
/// Art. 10: a data request is seen by those who see its project and by the staff of the department it is addressed to,
/// who answer it. One query holds that rule.
/// </summary>
public static class DataRequestQueries
{
    public const string Visible =
        """
        (r.project_id in (select project_id from staff_projects(@staff))
         or r.department_id = (select department_id from staff_user where id = @staff))
        """;

    public static Task<DataRequestView?> FindRequestAsync(this NpgsqlConnection conn, long id, ClaimsPrincipal user) =>
        conn.QuerySingleOrDefaultAsync<DataRequestView>(
            $"""
            select r.id, r.project_id, p.title as project_title, r.department_id, d.name as department_name, r.subject, r.details,
                   r.due_on, rq.display_name as requested_by, r.requested_at, r.answer, an.display_name as answered_by, r.answered_at
            from data_request r join evaluation_project p on p.id = r.project_id join department d on d.id = r.department_id
            join staff_user rq on rq.id = r.requested_by left join staff_user an on an.id = r.answered_by
            where r.id = @id and {Visible}
            """, new { id, staff = user.StaffId() });
}
