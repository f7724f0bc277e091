using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Projects;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>A project as its pages show it.</summary>
public sealed record ProjectHead(long Id, string Title, long DecisionId, string DecisionTitle, string DecisionKind, DateOnly EffectiveOn,
    string Procedure, string Scope, string? Parts, long AgencyDepartmentId, string AgencyName, string? CommissionedInstitution,
    DateTime? InstitutionApprovedAt, string? InstitutionApprovedByName, string SurveyOutline, string Stage, DateTime StageChangedAt,
    string? PreliminaryConclusions, DateTime? ConclusionsGeneratedAt, string? ConclusionsReviewedByName, DateTime? ConclusionsReviewedAt,
    string? ConclusionsReviewNote, long? PlanItemId, DateTime CreatedAt);

/// <summary>The queries the project pages share; each is scoped: a project outside the user's scope is not found.</summary>
public static class ProjectQueries
{
    public static Task<ProjectHead?> FindProjectAsync(this NpgsqlConnection conn, long id, ClaimsPrincipal user, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<ProjectHead>(
            """
            select p.id, p.title, p.decision_id, d.title as decision_title, d.kind as decision_kind, d.effective_on,
                   p.procedure, p.scope, p.parts, p.agency_department_id, a.name as agency_name, p.commissioned_institution,
                   p.institution_approved_at, ia.display_name as institution_approved_by_name, p.survey_outline, p.stage,
                   p.stage_changed_at, p.preliminary_conclusions::text as preliminary_conclusions, p.conclusions_generated_at,
                   cr.display_name as conclusions_reviewed_by_name, p.conclusions_reviewed_at, p.conclusions_review_note,
                   p.plan_item_id, p.created_at
            from evaluation_project p join decision d on d.id = p.decision_id join department a on a.id = p.agency_department_id
            left join staff_user ia on ia.id = p.institution_approved_by left join staff_user cr on cr.id = p.conclusions_reviewed_by
            where p.id = @id and p.id in (select project_id from staff_projects(@staff))
            """, new { id, staff = user.StaffId() }, tx);

    /// <summary>
    /// Art. 18: the agency approves a commissioned institution's team and plan as they are; a change to either during
    /// preparation needs the approval again. Called in the transaction of the change.
    /// </summary>
    public static Task WithdrawInstitutionApprovalAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, long projectId) =>
        conn.ExecuteAsync(
            """
            update evaluation_project set institution_approved_by = null, institution_approved_at = null
            where id = @projectId and commissioned_institution is not null and stage = @preparation and institution_approved_at is not null
            """, new { projectId, preparation = Stages.Preparation }, tx);

    /// <summary>Whether the user is on the project's team as staff (Art. 18: a member reviews the conclusions).</summary>
    public static Task<bool> IsTeamMemberAsync(this NpgsqlConnection conn, long projectId, ClaimsPrincipal user) =>
        conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from project_member where project_id = @projectId and staff_user_id = @staff and removed_at is null)",
            new { projectId, staff = user.StaffId() });

    /// <summary>Everything the stage rules look at, counted in one statement. The latest decided legality review is the
    /// one the later stages rest on; its changes count until the revised version was forwarded to deliberation.</summary>
    public static Task<StageFacts> StageFactsAsync(this NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleAsync<StageFacts>(
            $"""
            with linked as (select consultation_id from project_consultation where project_id = @projectId),
            plan as (
                select * from project_plan_version where project_id = @projectId order by number desc limit 1
            ),
            items as (
                -- Scale items of the linked consultations' questionnaires that have answers, by period (Art. 19(1)).
                select distinct qi.period
                from questionnaire q join question_item qi on qi.version_id in (select id from questionnaire_version v where v.questionnaire_id = q.id)
                where q.consultation_id in (select consultation_id from linked) and qi.period is not null
                  and exists (select 1 from answer a join response r on r.id = a.response_id
                              where a.item_id = qi.id and a.code > 0
                                and not exists (select 1 from analysis_exclusion x where x.response_id = r.id and x.lifted_at is null))
            )
            select p.stage, p.procedure, p.commissioned_institution is not null as has_institution,
                   p.institution_approved_at is not null as institution_approved,
                   (select count(*)::int from project_member m where m.project_id = p.id and m.removed_at is null) as team_members,
                   coalesce((select purpose <> '' and object_and_content <> '' and standards_and_methods <> '' and steps_and_schedule <> ''
                                    and budget <> '' and organization <> '' and starts_on is not null and ends_on is not null from plan), false) as plan_complete,
                   p.survey_outline <> '' as has_survey_outline,
                   (select count(*)::int from linked) as linked_consultations,
                   (select count(*)::int from questionnaire q where q.consultation_id in (select consultation_id from linked)
                      and q.current_version_id is not null) as published_questionnaires,
                   (select count(*)::int from project_method m where m.project_id = p.id and m.method in ('symposium', 'hearing')) as symposia,
                   exists (select 1 from project_method m where m.project_id = p.id and m.period = 'before')
                       or exists (select 1 from items where period = 'before') as before_recorded,
                   exists (select 1 from project_method m where m.project_id = p.id and m.period = 'after')
                       or exists (select 1 from items where period = 'after') as after_recorded,
                   p.conclusions_generated_at is not null as conclusions_generated,
                   p.conclusions_reviewed_at is not null as conclusions_reviewed,
                   lf.id is not null as finalized_version,
                   coalesce(exists (select 1 from legality_review r where r.report_version_id = lf.id and r.outcome = 'returned'), false) as version_returned,
                   exists (select 1 from legality_review r where r.project_id = p.id and r.outcome is null) as review_open,
                   lr.outcome as review_outcome,
                   case when lr.revised_version_id is null
                        then (select count(*)::int from legality_change c where c.review_id = lr.id) else 0 end as changes_asked,
                   (select count(*)::int from legality_change c where c.review_id = lr.id and c.answered_at is null) as changes_open,
                   exists (select 1 from executive_decision e where e.project_id = p.id) as decision_recorded,
                   (select count(*)::int from follow_up_action a where a.project_id = p.id and not {FollowUps.FollowUpActions.Settled}) as unfinished_actions
            from evaluation_project p
            left join lateral (select v.id from report_version v where v.project_id = p.id and v.finalized_at is not null
                               order by v.version desc limit 1) lf on true
            left join lateral (select r.id, r.outcome, r.revised_version_id from legality_review r where r.project_id = p.id and r.outcome is not null
                               order by r.reviewed_at desc, r.id desc limit 1) lr on true
            where p.id = @projectId
            """, new { projectId }, tx);
}
