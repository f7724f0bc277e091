using System.Text.Json;
using Evaluation.Shared.Chain;
using Npgsql;

namespace Evaluation.Portal;

/// <summary>
/// The intake chain's published heads as open data at a stable address, /Chain/heads.json: per day (China Standard
/// Time) the last link's sequence number and hash and how many links were chained that day, with the current head.
/// Anyone can keep a copy: a later chain that does not continue from a copied head was rewritten.
/// </summary>
public static class ChainData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void MapChainData(this WebApplication app) =>
        app.MapGet("/Chain/heads.json", async (NpgsqlDataSource db) =>
        {
            await using var conn = await db.OpenConnectionAsync();
            var status = await conn.StatusAsync();
            var days = await conn.DaysAsync(3650);
            var body = new
            {
                algorithm = "SHA-256",
                canonicalForm = "README.md, section Intake chain; src/Shared/Chain/IntakeChain.cs",
                current = new { seq = status.Links, head = status.Head is { } h ? Convert.ToHexStringLower(h) : null, chainedAt = status.HeadChainedAt },
                days = days.Select(d => new { day = d.Day.ToString("yyyy-MM-dd"), seq = d.Seq, head = Convert.ToHexStringLower(d.Head), chained = d.Chained }),
            };
            return Results.Text(JsonSerializer.Serialize(body, Json), "application/json; charset=utf-8");
        });
}
