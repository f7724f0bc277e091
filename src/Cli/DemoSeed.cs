using DbUp.Engine.Output;
using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Npgsql;

namespace Evaluation.Cli;

/// <summary>
/// `evaluation seed-demo`: every demo step in order, each once — the scripts of db/demo (journal demo_data_versions),
/// the questionnaires published, the project in implementation, the finished evaluation, the closed consultation's
/// history. Nothing once remove-demo has run on this database.
/// </summary>
public static class DemoSeed
{
    public sealed record Outcome(bool Removed, int Scripts, int Published, bool Project, bool Results, DemoHistory.Loaded? History, TimeSpan Elapsed)
    {
        public bool Changed => Scripts > 0 || Project || Results || History is not null;
    }

    public static async Task<Outcome> RunAsync(string connectionString, NpgsqlDataSource db, PersonalData personalData, FindingsOptions options,
        TimeProvider clock, IUpgradeLog? log = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using (var conn = await db.OpenConnectionAsync())
            if (await DemoRemoval.WasRemovedAsync(conn))
                return new Outcome(true, 0, 0, false, false, null, watch.Elapsed);
        var result = Migrations.LoadDemoData(connectionString, log ?? new NoOpUpgradeLog());
        if (!result.Successful) throw new InvalidOperationException($"demo data did not load: {result.Error}");
        var published = await Migrations.PublishDemoQuestionnairesAsync(connectionString);
        var project = await DemoProject.EnsureAsync(db, personalData, clock.GetUtcNow().UtcDateTime);
        var results = await DemoResults.EnsureAsync(db, personalData, options, clock);
        var history = await DemoHistory.EnsureAsync(db, personalData, clock.GetUtcNow().UtcDateTime);
        return new Outcome(false, result.Scripts.Count(), published, project, results, history, watch.Elapsed);
    }
}
