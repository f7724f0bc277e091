using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;

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
