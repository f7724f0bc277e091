using Dapper;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// On the project page, after the conclusions (Art. 24, 29-33): the latest finalized report version and sending it to
/// legality review, the reviews, the executive meeting's decision, the follow-up actions (overdue ones flagged) and
/// closing. The caller has found the project in the user's scope.
/// </summary>
public sealed class LaterStagesViewComponent(NpgsqlDataSource db, TimeProvider clock) : ViewComponent
{
    public sealed record ReviewRow(long Id, int Version, DateTime SentAt, string? Outcome, DateTime? ReviewedAt, int Changes, int Answered);
    public sealed record DecisionRow(DateOnly MeetingOn, string MeetingReference, string Outcome, bool Differs);
    public sealed record ActionRow(long Id, string What, string DepartmentName, DateOnly DueOn, string Status);

    public sealed record Model(long ProjectId, string Stage, FinalizedVersion? Latest, IReadOnlyList<ReviewRow> Reviews, DecisionRow? Decision,
        IReadOnlyList<ActionRow> Actions, DateOnly Today);

    public async Task<IViewComponentResult> InvokeAsync(long projectId, string stage)
    {
        await using var conn = await db.OpenConnectionAsync();
        var latest = await conn.LatestFinalizedAsync(projectId);
        var reviews = (await conn.QueryAsync<ReviewRow>(
            """
            select r.id, v.version, r.sent_at, r.outcome, r.reviewed_at,
                   (select count(*)::int from legality_change c where c.review_id = r.id) as changes,
                   (select count(*)::int from legality_change c where c.review_id = r.id and c.answered_at is not null) as answered
            from legality_review r join report_version v on v.id = r.report_version_id where r.project_id = @projectId order by r.sent_at desc, r.id desc
            """, new { projectId })).ToList();
        var decision = await conn.QuerySingleOrDefaultAsync<DecisionRow>(
            """
            select e.meeting_on, e.meeting_reference, e.outcome,
                   exists (select 1 from report_recommendation x where x.report_version_id = coalesce(r.revised_version_id, r.report_version_id))
                   and not exists (select 1 from report_recommendation x
                                   where x.report_version_id = coalesce(r.revised_version_id, r.report_version_id) and x.kind = e.outcome) as differs
            from executive_decision e join legality_review r on r.id = e.legality_review_id where e.project_id = @projectId
            """, new { projectId });
        var actions = (await conn.QueryAsync<ActionRow>(
            """
            select a.id, a.what, d.name as department_name, a.due_on, a.status
            from follow_up_action a join department d on d.id = a.department_id where a.project_id = @projectId order by a.due_on, a.id
            """, new { projectId })).ToList();
        return View(new Model(projectId, stage, latest, reviews, decision, actions, Display.Today(clock)));
    }
}
