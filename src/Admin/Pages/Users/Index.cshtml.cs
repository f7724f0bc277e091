using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Users;

public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public sealed record Row(long Id, string UserName, string DisplayName, string Role, string? Department, bool IsActive,
        DateTime? LockedUntil, DateTime? LastLogin);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public DateTime Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            """
            select u.id, u.user_name, u.display_name, u.role, coalesce(d.name, u.institution) as department, u.is_active, u.locked_until,
                   (select max(a.at) from audit_log a where a.entity = 'staff_user' and a.entity_id = u.id::text and a.action = 'login') as last_login
            from staff_user u left join department d on d.id = u.department_id order by u.is_active desc, u.user_name
            """)).ToList();
    }
}
