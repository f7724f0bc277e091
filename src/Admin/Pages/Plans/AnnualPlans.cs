using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Data;
using Npgsql;

namespace Evaluation.Admin.Pages.Plans;

public sealed record PlanHeader(long Id, int Year, string State);

/// <summary>Writes to the annual plan (Art. 13) that more than one page makes: the plan of a year, and an item.</summary>
public static class AnnualPlans
{
    /// <summary>Starts the plan of a year as a draft, audited. The caller catches <c>annual_plan_year_key</c>.</summary>
    public static async Task<PlanHeader> CreatePlanAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, Audit.Actor actor, int year, TimeProvider clock)
    {
        var plan = await conn.QuerySingleAsync<PlanHeader>(
            "insert into annual_plan (year, created_at) values (@year, @now) returning id, year, state",
            new { year, now = clock.GetUtcNow().UtcDateTime }, tx);
        await conn.WriteAsync(tx, actor, AuditActions.Create, AuditEntities.AnnualPlan, plan.Id, after: new { plan.Year, plan.State });
        return plan;
    }

    /// <summary>Inserts an item (the caller audits it). The row has the item's columns by their C# names.</summary>
    public static Task<long> InsertPlanItemAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, object row, TimeProvider clock) =>
        conn.ExecuteScalarAsync<long>(
            """
            insert into annual_plan_item (plan_id, decision_id, scope, parts, agency_department_id, commissioned_institution,
                                          planned_start, planned_end, is_amendment, amendment_reason, created_at)
            values (@PlanId, @DecisionId, @Scope, @Parts, @AgencyDepartmentId, @CommissionedInstitution,
                    @PlannedStart, @PlannedEnd, @IsAmendment, @AmendmentReason, @now)
            returning id
            """, new DynamicParameters(row).With(new { now = clock.GetUtcNow().UtcDateTime }), tx);

    /// <summary>Only the organizer (the city government office, Art. 13) and the administrator submit and approve.</summary>
    public static bool DecidesOnPlans(this ClaimsPrincipal user) => user.ActsForEveryDepartment();
}
