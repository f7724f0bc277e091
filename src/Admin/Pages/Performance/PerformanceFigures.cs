using Dapper;
using Npgsql;

namespace Evaluation.Admin.Pages.Performance;

/// <summary>
/// Art. 34: the figures of each department's evaluation work for one year (China time), as counted in the performance
/// assessment of lawful administration. Every figure is a count of items, and one query yields the items, so that the
/// table and its drill-down can never disagree: the table groups the items, the drill-down lists them.
/// </summary>
public static class PerformanceFigures
{
    // The figures, in the order of the table (texts "Performance.Figure.<key>").
    public const string ProjectsDue = "projects_due";                 // in the year's annual plan, or started outside it after a trigger
    public const string ProjectsStarted = "projects_started";         // projects the department runs as agency, begun in the year
    public const string ProjectsOnPlan = "projects_on_plan";          // closed in the year by the planned end (or not planned)
    public const string ProjectsLate = "projects_late";               // closed in the year after the planned end
    public const string OpinionsReceived = "opinions_received";       // on consultations of the department's decisions
    public const string OpinionsAnswered = "opinions_answered";
    public const string DataRequests = "data_requests";               // addressed to the department, due in the year (Art. 10)
    public const string DataRequestsOnTime = "data_requests_on_time";
    public const string DataRequestsLate = "data_requests_late";      // answered after the day, or still open past it
    public const string FollowUps = "follow_ups";                     // actions of the department, due in the year (Art. 30-33)
    public const string FollowUpsOnTime = "follow_ups_on_time";
    public const string FollowUpsLate = "follow_ups_late";            // done after the due day
    public const string FollowUpsOverdue = "follow_ups_overdue";      // not finished, past the due day

    public static readonly string[] All =
    [
        ProjectsDue, ProjectsStarted, ProjectsOnPlan, ProjectsLate, OpinionsReceived, OpinionsAnswered,
        DataRequests, DataRequestsOnTime, DataRequestsLate, FollowUps, FollowUpsOnTime, FollowUpsLate, FollowUpsOverdue,
    ];

    /// <summary>What an item is, for its link: a decision, a project, an opinion, a data request, a follow-up action.</summary>
    public static class ItemKinds
    {
        public const string Decision = "decision";
        public const string Project = "project";
        public const string Opinion = "opinion";
        public const string DataRequest = "data_request";
        public const string FollowUp = "follow_up";
    }

    public sealed record Item(long DepartmentId, string Figure, string Kind, long Id, string Label, DateTime? At, DateOnly? DueOn);

    public sealed record Row(long DepartmentId, string Department, IReadOnlyDictionary<string, int> Counts, double? MedianDaysToAnswer)
    {
        public int this[string figure] => Counts.GetValueOrDefault(figure);
    }

    // The items of every figure for the departments in @departments and the year @year; "on time" compares China dates.
    // A day is late when the answer (or the end) came on a later China date than the one due.
    /// <summary>
    /// When an opinion (o) was answered (Art. 34, 意见答复): its reply, or else the publication of the results holding its
    /// disposition (Art. 7, "you said, we did") — a published disposition answers the opinion in public, as the Portal's
    /// receipt look-up shows it. The earlier of the two counts.
    /// </summary>
    private const string AnsweredAtSql =
        """
        select least(o.replied_at,
                     (select min(rp.published_at)
                      from opinion_disposition od
                      join project_consultation pc on pc.consultation_id = o.consultation_id
                      join results_publication rp on rp.project_id = pc.project_id and rp.published_at >= od.set_at
                      where od.opinion_id = o.id)) as answered_at
        """;

    private const string ItemsSql =
        $"""
        with bounds as (
            select make_timestamptz(@year, 1, 1, 0, 0, 0, 'Asia/Shanghai') as starts,
                   make_timestamptz(@year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai') as ends
        ),
        planned as (   -- Art. 13: the year's plan, by evaluation agency
            select i.decision_id, i.agency_department_id as department_id, i.planned_end, i.id as item_id
            from annual_plan_item i join annual_plan a on a.id = i.plan_id
            where a.year = @year and i.agency_department_id = any(@departments)
        ),
        projects as (
            select p.id, p.title, p.decision_id, p.agency_department_id as department_id, p.created_at, p.closed_at, pl.planned_end
            from evaluation_project p left join annual_plan_item pl on pl.id = p.plan_item_id
            where p.agency_department_id = any(@departments)
        ),
        items as (
            select planned.department_id, 'projects_due' as figure, 'decision' as kind, d.id, d.title as label, null::timestamptz as at, planned.planned_end as due_on
            from planned join decision d on d.id = planned.decision_id
            union all   -- started in the year outside the plan: due by a trigger of Art. 12 (评估提醒)
            select p.department_id, 'projects_due', 'decision', d.id, d.title, p.created_at, null
            from projects p join decision d on d.id = p.decision_id, bounds b
            where p.created_at >= b.starts and p.created_at < b.ends
              and not exists (select 1 from planned where planned.decision_id = p.decision_id and planned.department_id = p.department_id)
            union all
            select p.department_id, 'projects_started', 'project', p.id, p.title, p.created_at, p.planned_end
            from projects p, bounds b where p.created_at >= b.starts and p.created_at < b.ends
            union all
            select p.department_id,
                   case when p.planned_end is null or (p.closed_at at time zone 'Asia/Shanghai')::date <= p.planned_end
                        then 'projects_on_plan' else 'projects_late' end,
                   'project', p.id, p.title, p.closed_at, p.planned_end
            from projects p, bounds b where p.closed_at >= b.starts and p.closed_at < b.ends
            union all
            select d.department_id, f.figure, 'opinion', o.id, o.receipt_number, o.created_at, null
            from opinion o join consultation c on c.id = o.consultation_id join decision d on d.id = c.decision_id, bounds b,
                 lateral ({AnsweredAtSql}) a,
                 lateral (values ('opinions_received'), (case when a.answered_at is not null then 'opinions_answered' end)) f (figure)
            where d.department_id = any(@departments) and o.created_at >= b.starts and o.created_at < b.ends and f.figure is not null
            union all
            select r.department_id, f.figure, 'data_request', r.id, r.subject, r.answered_at, r.due_on
            from data_request r,
                 lateral (values ('data_requests'),
                                 (case when r.answered_at is not null and (r.answered_at at time zone 'Asia/Shanghai')::date <= r.due_on then 'data_requests_on_time'
                                       when r.answered_at is not null or r.due_on < @today then 'data_requests_late' end)) f (figure)
            where r.department_id = any(@departments) and extract(year from r.due_on) = @year and f.figure is not null
            union all
            -- A department is judged by when it reported the action done (the report the organizer accepted, the last
            -- one), not by when the organizer got round to accepting it; actions done before reports existed: finished_at.
            select a.department_id, f.figure, 'follow_up', a.id, a.what, done.at, a.due_on
            from follow_up_action a
                 left join lateral (select coalesce(max(u.updated_at) filter (where u.act = 'report'), a.finished_at) as at
                                    from follow_up_update u where u.action_id = a.id) done on true,
                 lateral (values ('follow_ups'),
                                 (case when a.status = 'done' and (done.at at time zone 'Asia/Shanghai')::date <= a.due_on then 'follow_ups_on_time'
                                       when a.status = 'done' then 'follow_ups_late'
                                       when a.finished_at is null and a.due_on < @today then 'follow_ups_overdue' end)) f (figure)
            where a.department_id = any(@departments) and extract(year from a.due_on) = @year and f.figure is not null
        )
        """;

    /// <summary>The table: one row per department (in their usual order), with the count of each figure.</summary>
    public static async Task<IReadOnlyList<Row>> TableAsync(NpgsqlConnection conn, long[] departments, int year, DateOnly today)
    {
        var counts = (await conn.QueryAsync<(long DepartmentId, string Figure, int Count)>(
            ItemsSql + " select department_id, figure, count(*)::int from items group by department_id, figure",
            new { departments, year, today })).ToLookup(c => c.DepartmentId);
        // Median days from receipt to the reply, over the opinions answered (received in the year).
        var medians = (await conn.QueryAsync<(long DepartmentId, double Median)>(
            $"""
            select d.department_id,
                   percentile_cont(0.5) within group (order by extract(epoch from a.answered_at - o.created_at) / 86400.0)
            from opinion o join consultation c on c.id = o.consultation_id join decision d on d.id = c.decision_id,
                 lateral ({AnsweredAtSql}) a
            where d.department_id = any(@departments) and a.answered_at is not null
              and o.created_at >= make_timestamptz(@year, 1, 1, 0, 0, 0, 'Asia/Shanghai')
              and o.created_at < make_timestamptz(@year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
            group by d.department_id
            """, new { departments, year })).ToDictionary(m => m.DepartmentId, m => m.Median);
        var names = await conn.QueryAsync<(long Id, string Name)>(
            "select id, name from department where id = any(@departments) order by sort_order, id", new { departments });
        return names.Select(d => new Row(d.Id, d.Name,
                counts[d.Id].ToDictionary(c => c.Figure, c => c.Count),
                medians.TryGetValue(d.Id, out var m) ? Math.Round(m, 1) : null))
            .ToList();
    }

    /// <summary>The items behind one figure of one department.</summary>
    public static async Task<IReadOnlyList<Item>> ItemsAsync(NpgsqlConnection conn, long department, string figure, int year, DateOnly today) =>
        (await conn.QueryAsync<Item>(
            ItemsSql + """
             select department_id, figure, kind, id, label, at, due_on from items
             where figure = @figure order by at nulls last, id
            """, new { departments = new[] { department }, year, today, figure })).ToList();

    /// <summary>
    /// The departments whose figures the user sees: the city government office and the administrator see every
    /// department (Art. 34 is their assessment); everyone else sees their own.
    /// </summary>
    public static async Task<long[]> VisibleDepartmentsAsync(NpgsqlConnection conn, System.Security.Claims.ClaimsPrincipal user) =>
        user.ActsForEveryDepartment()
            ? (await conn.QueryAsync<long>("select id from department where is_active order by sort_order, id")).ToArray()
            : (await conn.DepartmentIdAsync(user)) is { } own ? [own] : [];
}
