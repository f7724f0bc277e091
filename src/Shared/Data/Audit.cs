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

    public static Task WriteAsync(this IDbConnection conn, IDbTransaction? tx, Actor actor, string action, string entity,
        object? entityId, object? before = null, object? after = null) =>
        conn.ExecuteAsync(
            """
            insert into audit_log (actor_id, actor_name, action, entity, entity_id, before, after)
            values (@ActorId, @ActorName, @Action, @Entity, @EntityId, @Before::jsonb, @After::jsonb)
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
            },
            tx);
}
