using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Admin.Reviews;

/// <summary>
/// Projects brought to the later stages straight in the test database: the stages before (and the report's drafting,
/// another feature) are not what these tests are about.
/// </summary>
public static class ReviewData
{
    public sealed record Rec(string Kind, string Reasoning, string? Department = null);

    private static int _authors;

    /// <summary>The staff user who wrote, sent or recorded what these helpers insert (a test database starts without staff).</summary>
    private static Task<long> AuthorAsync(NpgsqlDataSource db) =>
        db.StaffAsync($"author{Interlocked.Increment(ref _authors)}", "correct horse battery", "evaluation_staff");

    /// <summary>A project of the justice bureau (the tests' default department) in the given stage.</summary>
    public static async Task<long> ProjectInStageAsync(this NpgsqlDataSource db, string stage, string title = "测试评估项目",
        string department = "任丘市司法局")
    {
        var project = await db.ProjectAsync(await db.DecisionAsync(department: department), agency: department, title: title);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(
            "update evaluation_project set stage = @stage, closed_at = case when @stage = 'closed' then now() end where id = @project",
            new { project, stage });
        return project;
    }

    /// <summary>A report version of a normative document's form (Art. 21), finalized unless asked otherwise, with its
    /// recommendations.</summary>
    public static async Task<long> ReportVersionAsync(this NpgsqlDataSource db, long project, int version, bool finalized = true,
        params Rec[] recommendations)
    {
        var content = JsonSerializer.Serialize(new
        {
            parts = new Dictionary<string, string>
            {
                ["basic_facts"] = $"第{version}版：评估工作基本情况",
                ["implementation_analysis"] = "实施情况与制度设计分析",
                ["conclusions"] = "结论与建议：建议修改第五条",
                ["other_matters"] = "其他事项",
            },
        });
        await using var conn = await db.OpenConnectionAsync();
        var id = await conn.ExecuteScalarAsync<long>(
            """
            insert into report_version (project_id, version, form, content, figures, saved_by, saved_at, finalized_by, finalized_at, content_hash)
            select @project, @version, 'normative_document', @content::jsonb, '{}'::jsonb, s.id, now(),
                   case when @finalized then s.id end, case when @finalized then now() end, case when @finalized then @hash end
            from (select @author::bigint as id) s
            returning id
            """, new { project, version, content, finalized, hash = SHA256.HashData(Encoding.UTF8.GetBytes(content)), author = await AuthorAsync(db) });
        var position = 0;
        foreach (var r in recommendations)
            await conn.ExecuteAsync(
                """
                insert into report_recommendation (report_version_id, position, kind, reasoning, department_id)
                values (@id, @position, @Kind, @Reasoning, (select id from department where name = @Department))
                """, new { id, position = ++position, r.Kind, r.Reasoning, r.Department });
        return id;
    }

    /// <summary>A legality review of the version, with an outcome or still open.</summary>
    public static async Task<long> LegalityReviewAsync(this NpgsqlDataSource db, long project, long versionId, string? outcome)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<long>(
            """
            insert into legality_review (project_id, report_version_id, sent_by, sent_at, outcome, reasons, changes, reviewed_by, reviewed_at, reviewed_on)
            select @project, @versionId, s.id, now(), @outcome, case when @outcome = 'returned' then '理由' end,
                   case when @outcome = 'passed_with_changes' then '修改' end, case when @outcome is not null then s.id end,
                   case when @outcome is not null then now() end, case when @outcome is not null then @ReviewedOn end
            from (select @author::bigint as id) s
            returning id
            """, new { project, versionId, outcome, author = await AuthorAsync(db), ReviewedOn });
    }

    /// <summary>The day the reviews made here were given (Art. 24): before the meetings the tests record.</summary>
    public static readonly DateOnly ReviewedOn = new(2026, 2, 1);

    /// <summary>A project in deliberation: a finalized version with the recommendations, passed by the legality review.</summary>
    public static async Task<long> ProjectInDeliberationAsync(this NpgsqlDataSource db, params Rec[] recommendations)
    {
        var project = await db.ProjectInStageAsync("deliberation");
        var version = await db.ReportVersionAsync(project, 1, true, recommendations);
        await db.LegalityReviewAsync(project, version, "passed");
        return project;
    }

    /// <summary>A project in follow-up with its decision and the given actions (what, department, due date).</summary>
    public static async Task<(long Project, long[] Actions)> ProjectInFollowUpAsync(this NpgsqlDataSource db,
        params (string What, string Department, DateOnly DueOn)[] actions)
    {
        var project = await db.ProjectInStageAsync("follow_up");
        var version = await db.ReportVersionAsync(project, 1, true, new Rec("amend", "建议修改"));
        var review = await db.LegalityReviewAsync(project, version, "passed");
        var author = await AuthorAsync(db);
        await using var conn = await db.OpenConnectionAsync();
        await conn.ExecuteAsync(
            """
            insert into executive_decision (project_id, legality_review_id, meeting_on, meeting_reference, outcome, details, recorded_by, recorded_at)
            select @project, @review, date '2026-03-01', '市政府第5次常务会议', 'amend', '同意修改', @author, now()
            """, new { project, review, author });
        var ids = new List<long>();
        foreach (var a in actions)
            ids.Add(await conn.ExecuteScalarAsync<long>(
                """
                insert into follow_up_action (project_id, what, department_id, due_on, created_by, created_at)
                select @project, @What, (select id from department where name = @Department), @DueOn, @author, now()
                returning id
                """, new { project, a.What, a.Department, a.DueOn, author }));
        return (project, ids.ToArray());
    }
}
