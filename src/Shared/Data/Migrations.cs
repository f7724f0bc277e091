using System.Reflection;
using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Evaluation.Shared.Questionnaires;
using Npgsql;

namespace Evaluation.Shared.Data;

/// <summary>
/// Applies db/migrations (and, on request, db/demo) with DbUp. Each script runs once, in its own transaction,
/// and is recorded in a journal table. Run as an explicit step (the `evaluation migrate` command), never by a site.
/// </summary>
public static class Migrations
{
    private static readonly Assembly Scripts = typeof(Migrations).Assembly;

    public static DatabaseUpgradeResult Migrate(string connectionString, IUpgradeLog? log = null)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, log ?? new NoOpUpgradeLog());
        return Run(connectionString, ".Migrations.", "schema_versions", log);
    }

    /// <summary>Loads the demo data once; a second call finds it in its journal and does nothing.</summary>
    public static DatabaseUpgradeResult LoadDemoData(string connectionString, IUpgradeLog? log = null) =>
        Run(connectionString, ".Demo.", "demo_data_versions", log);

    /// <summary>The demo questionnaires are written as working definitions; publishing freezes their first version.</summary>
    public static async Task<int> PublishDemoQuestionnairesAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var ids = (await conn.QueryAsync<long>(
            """
            select q.id from questionnaire q join consultation c on c.id = q.consultation_id join decision d on d.id = c.decision_id
            where d.is_demo and q.current_version_id is null
            """)).ToList();
        foreach (var id in ids)
        {
            await using var tx = await conn.BeginTransactionAsync();
            var (version, errors) = await conn.PublishAsync(tx, id, new Audit.Actor(null, "demo"));
            if (version is null) throw new InvalidOperationException($"demo questionnaire {id} does not publish: {string.Join(", ", errors)}");
            await tx.CommitAsync();
        }
        return ids.Count;
    }

    private static DatabaseUpgradeResult Run(string connectionString, string folder, string journal, IUpgradeLog? log)
    {
        var result = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Scripts, name => name.Contains(folder, StringComparison.Ordinal))
            .JournalToPostgresqlTable("public", journal)
            .WithTransactionPerScript()
            .WithVariablesDisabled() // dollar-quoted strings ($seed$ ... $seed$) are SQL, not DbUp variables
            .LogTo(log ?? new NoOpUpgradeLog())
            .Build()
            .PerformUpgrade();
        return result;
    }
}
