using System.Data;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Dapper;

namespace Evaluation.Shared.Data;

/// <summary>Who did what, when, with the record before and after: written in the transaction of the change itself.</summary>
public static class Audit
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public sealed record Actor(long? Id, string Name);

    /// <summary>Where the request being served comes from: its client address and user agent.</summary>
    public sealed record Client(string? Address, string? UserAgent);

    private static readonly AsyncLocal<Client?> CurrentClient = new();

    /// <summary>The client of the request this code runs for (set by the sites for each request); null in the CLI
    /// and background jobs.</summary>
    public static Client? Current
    {
        get => CurrentClient.Value;
        set => CurrentClient.Value = value;
    }

    public static Task WriteAsync(this IDbConnection conn, IDbTransaction? tx, Actor actor, string action, string entity,
        object? entityId, object? before = null, object? after = null) =>
        conn.ExecuteAsync(
            """
            insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after, client_address, user_agent)
            values (@ActorId, @ActorName, @Action, @Entity, @EntityId, @Before::jsonb, @After::jsonb, @ClientAddress, @UserAgent)
            """,
            new
            {
                ActorId = actor.Id,
                ActorName = actor.Name,
                Action = action,
                Entity = entity,
                EntityId = entityId?.ToString(),
                Before = before is null ? null : JsonSerializer.Serialize(before, Json),
                After = after is null ? null : JsonSerializer.Serialize(after, Json),
                ClientAddress = Current?.Address,
                UserAgent = Current?.UserAgent is { Length: > 500 } ua ? ua[..500] : Current?.UserAgent,
            },
            tx);
}
