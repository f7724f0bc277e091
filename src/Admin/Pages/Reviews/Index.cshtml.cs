using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Reviews;

/// <summary>
/// 合法性审查 (Art. 24): the justice bureau's queue of reports waiting for its opinion, and the reviews it gave. The
/// organizer and the administrator read the same list; only the legal reviewer records opinions. Everyone sees the
/// reviews of the projects in their scope (staff_projects, which gives the legal reviewer every project sent to it).
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, long ProjectId, string ProjectTitle, string AgencyName, int Version, DateTime SentAt, string SentBy,
        string? Outcome, DateTime? ReviewedAt, string? ReviewedBy);

    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<Row> Decided { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<Row>(
            """
            select r.id, r.project_id, p.title as project_title, a.name as agency_name, v.version, r.sent_at, s.display_name as sent_by,
                   r.outcome, r.reviewed_at, rv.display_name as reviewed_by
            from legality_review r join evaluation_project p on p.id = r.project_id join department a on a.id = p.agency_department_id
            join report_version v on v.id = r.report_version_id join staff_user s on s.id = r.sent_by
            left join staff_user rv on rv.id = r.reviewed_by
            where r.project_id in (select project_id from staff_projects(@staff))
            order by r.reviewed_at desc nulls first, r.sent_at, r.id
            """, new { staff = User.StaffId() })).ToList();
        Open = rows.Where(r => r.Outcome is null).ToList();
        Decided = rows.Where(r => r.Outcome is not null).ToList();
    }
}
