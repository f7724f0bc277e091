using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Staff;
using Npgsql;

namespace Evaluation.Admin;

/// <summary>Art. 12(1): how many opinions in how many days make "many opinions" on a decision.</summary>
public sealed class TriggerOptions
{
    /// <summary>At least this many opinions across the decision's consultations ...</summary>
    public int MinimumOpinions { get; set; } = 50;
    /// <summary>... received within this many days before now.</summary>
    public int WindowDays { get; set; } = 90;

    public bool IsValid() => MinimumOpinions > 0 && WindowDays is > 0 and <= 3650;
}

/// <summary>
/// When a decision is due for evaluation (Art. 12): its validity ends within six months, it received many opinions,
/// or the city government office or the justice bureau deems an evaluation necessary. Computed from the data on every
/// request (Admin page 评估提醒), never copied.
/// </summary>
public static class Triggers
{
    /// <summary>Art. 12(3): the evaluation is organized six months before a document's validity ends.</summary>
    public const int MonthsBeforeExpiry = 6;

    public static IServiceCollection AddTriggers(this IServiceCollection services)
    {
        services.AddOptions<TriggerOptions>().BindConfiguration("Triggers")
            .Validate(o => o.IsValid(), "Triggers: MinimumOpinions and WindowDays must be positive").ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Art. 12(2): the department for which the user marks a decision as necessary to evaluate: the city government
    /// office for the organizer, else the user's own department when it is the city government office or the justice
    /// bureau. Null: the user may not mark.
    /// </summary>
    public static Task<long?> NecessityDepartmentAsync(this NpgsqlConnection conn, ClaimsPrincipal user) =>
        conn.ExecuteScalarAsync<long?>(
            $"""
            select case when s.role = '{StaffRoles.Organizer}'
                        then (select id from department where kind = '{DepartmentKinds.CityOffice}' order by sort_order limit 1)
                        when d.kind in ('{DepartmentKinds.CityOffice}', '{DepartmentKinds.JusticeBureau}') then d.id end
            from staff_user s left join department d on d.id = s.department_id
            where s.id = @staff and s.is_active
            """, new { staff = user.StaffId() });
}
