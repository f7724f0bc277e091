using System.Security.Claims;
using Dapper;
using Npgsql;

namespace Evaluation.Admin;

/// <summary>
/// The consultations a staff member may record opinions for and assign mails to. The one place such a lookup is
/// made, so that department scopes (a staff member sees the consultations of their department) are added here.
/// </summary>
public static class StaffConsultations
{
    public sealed record Summary(long Id, string Title, string State, DateTime OpensAt, DateTime ClosesAt);

    /// <summary>A consultation that takes opinions at all: published, whether open or closed (a late letter may still
    /// count by its postmark).</summary>
    public static async Task<Summary?> FindForStaffAsync(this NpgsqlConnection conn, long id, ClaimsPrincipal user) =>
        await conn.QuerySingleOrDefaultAsync<Summary>(
            """
            select id, title, state, opens_at, least(closes_at, closed_at) as closes_at
            from consultation where id = @id and state <> 'draft'
            """, new { id });

    public static async Task<IReadOnlyList<Summary>> ListForStaffAsync(this NpgsqlConnection conn, ClaimsPrincipal user) =>
        (await conn.QueryAsync<Summary>(
            """
            select id, title, state, opens_at, least(closes_at, closed_at) as closes_at
            from consultation where state <> 'draft' order by opens_at desc, id desc
            """)).ToList();
}
