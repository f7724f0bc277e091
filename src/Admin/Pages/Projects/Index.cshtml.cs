using Dapper;
using Evaluation.Shared.Projects;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>评估项目: the evaluation projects the user may see, by stage.</summary>
public sealed class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long Id, string Title, string DecisionTitle, string Stage, string Procedure, string AgencyName,
        string? CommissionedInstitution, DateTime StageChangedAt, int TeamMembers);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? Stage { get; private set; }

    public async Task OnGetAsync(string? stage)
    {
        Stage = Stages.All.Contains(stage) ? stage : null;
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            """
            select p.id, p.title, d.title as decision_title, p.stage, p.procedure, a.name as agency_name, p.commissioned_institution,
                   p.stage_changed_at,
                   (select count(*)::int from project_member m where m.project_id = p.id and m.removed_at is null) as team_members
            from evaluation_project p join decision d on d.id = p.decision_id join department a on a.id = p.agency_department_id
            where p.id in (select project_id from staff_projects(@staff)) and (@Stage::text is null or p.stage = @Stage)
            order by p.created_at desc
            """, new { staff = User.StaffId(), Stage })).ToList();
    }
}
