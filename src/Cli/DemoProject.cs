using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Projects;
using Npgsql;

namespace Evaluation.Cli;

/// <summary>
/// The seed document's own evaluation as a demo project in implementation (Art. 17-19): a team with an outside legal
/// expert and an NPC deputy (their names encrypted like every personal datum, so this is C#, not a SQL script), a
/// complete plan, the survey outline, a symposium and a field visit in the methods log, a data request to the justice
/// bureau, and the decision's consultations linked. Created once; run again, it finds the project and does nothing.
/// </summary>
public static class DemoProject
{
    public static async Task<bool> EnsureAsync(NpgsqlDataSource db, PersonalData personalData, DateTime now)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Two seed-demo runs at once: the second waits here, then finds the project.
        await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('evaluation.demo_project'))", transaction: tx);
        // The first demo decision is the seed document (db/demo/0001).
        var decision = await conn.ExecuteScalarAsync<long?>("select id from decision where is_demo order by id limit 1", transaction: tx);
        if (decision is null || await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from evaluation_project where decision_id = @decision)", new { decision }, tx))
            return false;

        var office = await conn.ExecuteScalarAsync<long>("select id from department where kind = 'city_office' order by sort_order limit 1", transaction: tx);
        var justice = await conn.ExecuteScalarAsync<long>("select id from department where kind = 'justice_bureau' order by sort_order limit 1", transaction: tx);
        // The demo's evaluator: an account that cannot sign in (inactive, no usable password), the author of the records.
        var evaluator = (await DemoAccounts.EnsureAsync(conn, tx)).Evaluator;
        var actor = new Audit.Actor(null, DemoAccounts.EvaluatorName);

        var project = await conn.ExecuteScalarAsync<long>(
            """
            insert into evaluation_project (decision_id, title, procedure, scope, agency_department_id, survey_outline, stage,
                                            stage_changed_at, created_by, created_at)
            values (@decision, '《任丘市重大行政决策实施情况跟踪反馈和后评估办法（试行）》实施情况后评估', 'standard', 'whole', @office,
                    '一、《办法》的知晓和执行情况；二、跟踪反馈渠道的使用情况；三、后评估程序是否简便易行；四、评估结果的运用；五、存在的问题和建议。',
                    @stage, @now, @evaluator, @now)
            returning id
            """, new { decision, office, evaluator, now, stage = Stages.Implementation }, tx);
        await conn.ExecuteAsync(
            "insert into project_consultation (project_id, consultation_id) select @project, id from consultation where decision_id = @decision and state <> 'draft'",
            new { project, decision }, tx);
        await conn.ExecuteAsync(
            """
            insert into project_member (project_id, staff_user_id, member_kind, team_role) values (@project, @evaluator, 'staff', 'leader');
            insert into project_member (project_id, member_kind, team_role, name, contact, affiliation)
            values (@project, 'legal_expert', 'expert', @expert, @expertContact, '河北某大学法学院（示例）'),
                   (@project, 'npc_deputy', 'member', @deputy, null, '任丘市人大代表（示例）');
            """, new
            {
                project, evaluator,
                expert = personalData.Protect("王立法（示例）"), expertContact = personalData.Protect("wang.lifa@example.cn"),
                deputy = personalData.Protect("李代表（示例）"),
            }, tx);
        var today = DateOnly.FromDateTime(now);
        await conn.ExecuteAsync(
            """
            insert into project_plan_version (project_id, number, purpose, object_and_content, standards_and_methods, steps_and_schedule,
                                              starts_on, ends_on, budget, organization, saved_by, saved_at)
            values (@project, 1, '检验《办法》施行以来跟踪反馈和后评估工作的效果、效益和效率，为修改完善提供依据。',
                    '《办法》全文及其实施情况，重点是第八条意见渠道、第十二条启动情形和第十七条至第二十条评估程序。',
                    '按第十五条六项标准评估；采用问卷调查、网上征求意见、座谈会、实地调研和案卷评查。',
                    '准备阶段一个月；实施阶段两个月（问卷、座谈、调研）；结论形成阶段一个月（报告、论证、合法性审查）。',
                    @starts, @ends, '评估工作经费 3 万元（示例）', '市政府办公室牵头，市司法局配合，邀请法律专家和人大代表参加评估组。',
                    @evaluator, @now)
            """, new { project, evaluator, now, starts = today.AddDays(-30), ends = today.AddDays(90) }, tx);
        await conn.ExecuteAsync(
            """
            insert into project_method (project_id, method, held_on, place, participant_count, participant_kinds, period, summary, recorded_by, recorded_at)
            values (@project, 'symposium', @symposium, '市政府第三会议室', 14, '部门代表、企业代表、人大代表、法律专家', 'after',
                    '与会代表认为《办法》确立的跟踪反馈渠道总体可行；建议明确“公众意见较多”的具体标准，简化简易程序的报告要求。', @evaluator, @now),
                   (@project, 'case_file_review', @review, '市司法局', 3, '评估组成员', 'before',
                    '抽查《办法》施行前三件规范性文件的清理记录：均未开展系统的实施后评估，意见收集依赖座谈会。', @evaluator, @now)
            """, new { project, evaluator, now, symposium = today.AddDays(-7), review = today.AddDays(-14) }, tx);
        await conn.ExecuteAsync(
            """
            insert into data_request (project_id, department_id, subject, details, due_on, requested_by, requested_at)
            values (@project, @justice, '规范性文件备案审查和清理数据',
                    '请提供 2023 年 8 月以来市政府规范性文件的备案审查、清理和后评估情况统计（件数、结果）。', @due, @evaluator, @now)
            """, new { project, justice, evaluator, now, due = today.AddDays(10) }, tx);
        await conn.WriteAsync(tx, actor, AuditActions.Create, AuditEntities.EvaluationProject, project, after: new { demo = true });
        await tx.CommitAsync();
        return true;
    }
}
