using Dapper;
using Npgsql;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>Projects written straight to the test database.</summary>
public static class ProjectData
{
    public static async Task<long> ProjectAsync(this NpgsqlDataSource db, long decisionId, string procedure = "standard",
        string? institution = null, string agency = "任丘市司法局", string title = "测试评估项目")
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id, commissioned_institution)
            values (@decisionId, @title, @procedure, 'whole', (select id from department where name = @agency), @institution)
            returning id
            """, new { decisionId, procedure, institution, agency, title });
    }

    /// <summary>A staff member on the project's team, as the agency would have added them (nobody adds themselves).</summary>
    public static async Task MemberAsync(this NpgsqlDataSource db, long project, long staffId, string teamRole = "member")
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(
            "insert into project_member (project_id, staff_user_id, member_kind, team_role) values (@project, @staffId, 'staff', @teamRole)",
            new { project, staffId, teamRole });
    }

    /// <summary>The fields of a complete evaluation plan (Art. 18).</summary>
    public static Dictionary<string, string?> CompletePlan() => new()
    {
        ["Input.Purpose"] = "检验《办法》实施效果",
        ["Input.ObjectAndContent"] = "《办法》全文及配套制度",
        ["Input.StandardsAndMethods"] = "第十五条六项标准；问卷调查、座谈会",
        ["Input.StepsAndSchedule"] = "准备一个月，实施两个月，形成结论一个月",
        ["Input.StartsOn"] = "2026-01-05",
        ["Input.EndsOn"] = "2026-05-29",
        ["Input.Budget"] = "三万元",
        ["Input.Organization"] = "市司法局牵头",
    };
}
