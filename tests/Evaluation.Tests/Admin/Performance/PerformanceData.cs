using Dapper;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Admin.Performance;

/// <summary>Sites whose database holds <see cref="PerformanceData"/> of the fixture's current year.</summary>
public sealed class PerformanceSitesFixture : SitesFixture
{
    public int Year => DateOnly.FromDateTime(Evaluation.Shared.Web.Display.ToChinaTime(Now)).Year;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await PerformanceData.SeedAsync(DataSource, Year);
    }
}

/// <summary>
/// Known evaluation work of the education bureau in one year (and a little outside it), so that every figure of
/// 绩效统计 has an expected count. Times are China time (+08).
/// </summary>
public static class PerformanceData
{
    public const string Department = "任丘市教育局";
    public const string Other = "任丘市公安局";

    public static async Task SeedAsync(NpgsqlDataSource db, int year)
    {
        var staff = await db.StaffAsync($"perf{Guid.NewGuid():N}"[..20], "correct horse battery", "evaluation_staff", Department);
        var planned = await db.DecisionAsync("计划内已按期结项的决策", department: Department);
        var plannedLate = await db.DecisionAsync("计划内逾期结项的决策", department: Department);
        var outside = await db.DecisionAsync("计划外启动的决策", department: Department);
        var others = await db.DecisionAsync("公安局的决策", department: Other);
        await using var conn = await db.OpenConnectionAsync();
        var args = new { year, staff, planned, plannedLate, outside, others, department = Department };
        await conn.ExecuteAsync(
            """
            insert into annual_plan (year) values (@year);
            insert into annual_plan_item (plan_id, decision_id, scope, agency_department_id, planned_start, planned_end)
            select a.id, d.id, 'whole', d.department_id, make_date(@year, 1, 1), make_date(@year, m, 30)
            from annual_plan a, decision d, (values (@planned, 6), (@plannedLate, 3)) v (decision_id, m)
            where a.year = @year and d.id = v.decision_id;
            -- three projects begun in the year: on plan (closed 5-01, planned 6-30), late (closed 4-15, planned 3-30), open
            insert into evaluation_project (decision_id, plan_item_id, title, procedure, scope, agency_department_id, stage, closed_at, created_at)
            select d.id, i.id, d.title || '评估', 'standard', 'whole', d.department_id,
                   case when v.closed is null then 'implementation' else 'closed' end,
                   v.closed::timestamptz, make_timestamptz(@year, 1, 10, 9, 0, 0, 'Asia/Shanghai')
            from (values (@planned, (@year || '-05-01 10:00+08')), (@plannedLate, (@year || '-04-15 10:00+08')), (@outside, null)) v (decision_id, closed)
            join decision d on d.id = v.decision_id
            left join annual_plan_item i on i.decision_id = d.id;

            insert into consultation (decision_id, title, description_md, opens_at, closes_at, state)
            values (@planned, '教育局征求意见', '说明', make_timestamptz(@year - 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'), make_timestamptz(@year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'), 'open'),
                   (@others, '公安局征求意见', '说明', make_timestamptz(@year - 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'), make_timestamptz(@year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai'), 'open');
            -- three opinions in the year, answered after 2 and 4 days and not at all; one of the year before; one to the police
            insert into opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body, created_at, status, reply, replied_at)
            select c.id, v.receipt, 'online', 'citizen', 'chuan', '意见', v.at::timestamptz,
                   case when v.days is null then 'received' else 'replied' end,
                   case when v.days is not null then '答复' end,
                   v.at::timestamptz + make_interval(days => v.days)
            from (values ('PERF-A1', (@year || '-02-01 09:00+08'), 2, @planned), ('PERF-A2', (@year || '-03-01 09:00+08'), 4, @planned),
                         ('PERF-A3', (@year || '-01-01 00:30+08'), null, @planned), ('PERF-OLD', ((@year - 1) || '-12-31 23:30+08'), 1, @planned),
                         ('PERF-POLICE', (@year || '-02-01 09:00+08'), 1, @others)) v (receipt, at, days, decision_id)
            join consultation c on c.decision_id = v.decision_id;

            -- data requests to the bureau: on time, late, open past the day, open before the day, and one of next year
            insert into data_request (project_id, department_id, subject, details, due_on, requested_by, requested_at, answer, answered_by, answered_at)
            select p.id, dep.id, v.subject, '材料', v.due::date, @staff, make_timestamptz(@year, 1, 5, 9, 0, 0, 'Asia/Shanghai'),
                   case when v.answered is not null then '已提供' end, case when v.answered is not null then @staff end, v.answered::timestamptz
            from (values ('按期答复的请求', (@year || '-03-01'), (@year || '-03-01 23:00+08')),
                         ('逾期答复的请求', (@year || '-03-01'), (@year || '-03-05 10:00+08')),
                         ('逾期未答复的请求', (@year || '-10-01'), null),
                         ('尚未到期的请求', (@year || '-12-31'), null),
                         ('明年到期的请求', ((@year + 1) || '-01-31'), null)) v (subject, due, answered),
                 evaluation_project p, department dep
            where p.decision_id = @outside and dep.name = @department;

            -- follow-up actions of the bureau: done on time, done late, overdue, not yet due, cancelled
            insert into follow_up_action (project_id, what, department_id, due_on, status, cancel_reason, created_by, created_at, finished_at)
            select p.id, v.what, dep.id, v.due::date, v.status, v.reason, @staff, make_timestamptz(@year, 5, 2, 9, 0, 0, 'Asia/Shanghai'), v.finished::timestamptz
            from (values ('按期完成的事项', (@year || '-06-30'), 'done', null, (@year || '-06-30 20:00+08')),
                         ('逾期完成的事项', (@year || '-06-30'), 'done', null, (@year || '-07-02 09:00+08')),
                         ('逾期未完成的事项', (@year || '-09-30'), 'in_progress', null, null),
                         ('尚未到期的事项', (@year || '-12-31'), 'open', null, null),
                         ('已撤销的事项', (@year || '-08-31'), 'cancelled', '情况变化，不再需要', (@year || '-08-01 09:00+08'))) v (what, due, status, reason, finished),
                 evaluation_project p, department dep
            where p.decision_id = @planned and dep.name = @department;

            -- The action done on time was reported on its last day and accepted by the organizer three days later: the
            -- department is judged by its report (Art. 31-33), so it stays on time.
            insert into follow_up_update (action_id, status, note, updated_by, updated_at, act)
            select a.id, 'reported', '已办结，附验收材料', @staff, (@year || '-06-30 20:00+08')::timestamptz, 'report'
            from follow_up_action a where a.what = '按期完成的事项';
            update follow_up_action set finished_at = (@year || '-07-03 10:00+08')::timestamptz where what = '按期完成的事项';
            """, args);
    }
}
