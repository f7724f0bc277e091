using Dapper;
using Evaluation.Shared.Chain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.AuditLog;

/// <summary>The audit log, newest first, filterable by what was changed.</summary>
public sealed class IndexModel(NpgsqlDataSource db, TimeProvider clock) : PageModel
{
    public const int PageSize = 100;

    public sealed record Row(long Id, DateTime At, string ActorName, string Action, string Entity, string? EntityId,
        string? Before, string? After, string? ClientAddress, string? UserAgent);

    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityId { get; set; }
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    /// <summary>The intake chain's state: links, head and lag (the age of the oldest row waiting to be chained).</summary>
    public ChainStatus Chain { get; private set; } = new(0, null, null, 0, null);
    public TimeSpan ChainLag { get; private set; }

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Chain = await conn.StatusAsync();
        ChainLag = Chain.Lag(clock.GetUtcNow().UtcDateTime);
        Rows = (await conn.QueryAsync<Row>(
            """
            select id, at, actor_name, action, entity, entity_id, before::text as before, after::text as after,
                   client_address, user_agent
            from audit_log
            where (@Entity is null or entity = @Entity) and (@EntityId is null or entity_id = @EntityId)
              and (@Before is null or id < @Before)
            order by id desc
            limit @PageSize
            """, new { Entity = Empty(Entity), EntityId = Empty(EntityId), Before, PageSize })).ToList();
    }

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
