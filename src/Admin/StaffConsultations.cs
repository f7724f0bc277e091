using System.Security.Claims;
using Dapper;
using Npgsql;

namespace Evaluation.Admin;

/// <summary>
/// The consultations a staff member may record opinions for and assign mails to: published ones within the user's
/// scope (staff_decisions, the one home of Admin scopes).
/// </summary>
public static class StaffConsultations
{
    public sealed record Summary(long Id, string Title, string State, DateTime OpensAt, DateTime ClosesAt);

    /// <summary>A consultation that takes opinions at all: published, whether open or closed (a late letter may still
    /// count by its postmark).</summary>
    public static async Task<Summary?> FindForStaffAsync(this NpgsqlConnection conn, long id, ClaimsPrincipal user) =>
        await conn.QuerySingleOrDefaultAsync<Summary>(
            """
            select id, title, state, opens_at, ends_at as closes_at
            from consultation
            where id = @id and state <> 'draft' and decision_id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = user.StaffId() });

    public static async Task<IReadOnlyList<Summary>> ListForStaffAsync(this NpgsqlConnection conn, ClaimsPrincipal user) =>
        (await conn.QueryAsync<Summary>(
            """
            select id, title, state, opens_at, ends_at as closes_at
            from consultation
            where state <> 'draft' and decision_id in (select decision_id from staff_decisions(@staff))
            order by opens_at desc, id desc
            """, new { staff = user.StaffId() })).ToList();
}
