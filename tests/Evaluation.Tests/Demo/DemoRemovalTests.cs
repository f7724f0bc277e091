using Dapper;
using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Chain;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Demo;

/// <summary>`evaluation remove-demo`: every demo row goes, real data and the audit log stay, the demo does not come back.</summary>
public class DemoRemovalTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    // Every table of the schema with its row count (the journals apart).
    private async Task<Dictionary<string, long>> TableCountsAsync()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var tables = (await conn.QueryAsync<string>(
            """
            select tablename from pg_tables where schemaname = 'public'
              and tablename not in ('audit_log', 'schema_versions', 'demo_data_versions', 'data_protection_key') order by 1
            """)).ToList();
        var counts = new Dictionary<string, long>();
        foreach (var table in tables) counts[table] = await conn.ExecuteScalarAsync<long>($"select count(*) from \"{table}\"");
        return counts;
    }

    [Fact]
    public async Task Removing_the_demo_leaves_real_data_and_the_audit_log_and_seed_demo_then_loads_nothing()
    {
        var fresh = await TableCountsAsync();
        Assert.True((await DemoSeed.RunAsync(db.ConnectionString, db.DataSource, db.PersonalData, new FindingsOptions(), db.Clock)).Changed);
        // Real work after the demo: a decision, its consultation and an opinion, and a findings computation cached.
        var decision = await db.DataSource.DecisionAsync("任丘市真实决策");
        var consultation = await db.ConsultationAsync(decision);
        await db.OpinionAsync(consultation, "这是一条真实的意见，与演示数据无关。");
        // The chain step has run: the demo's rows and the real one are links of the intake chain.
        while (await db.DataSource.ChainPendingAsync(db.Now, 5000) > 0) { }
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var auditBefore = await conn.ExecuteScalarAsync<long>("select count(*) from audit_log");
        Assert.True(await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where actor_name like 'demo%'") > 0);

        var removed = await DemoRemoval.RemoveAsync(db.DataSource);
        Assert.Equal(3, removed.Decisions);   // the seed document, the due decision, the finished evaluation's
        Assert.True(removed.Opinions > 300 && removed.Responses > 500 && removed.Projects == 2);
        Assert.Equal(3, removed.Accounts);
        Assert.Equal(0, removed.AccountsKept);

        // Every table holds what it held before the demo, plus the real rows.
        var after = await TableCountsAsync();
        // The chain starts anew before real use: the real opinion waits to be chained again.
        var expected = fresh.ToDictionary(t => t.Key, t => t.Value + (t.Key is "decision" or "consultation" or "opinion" or "intake_chain_pending" ? 1 : 0));
        Assert.Equal(expected.Where(e => e.Value != after.GetValueOrDefault(e.Key)), after.Where(a => a.Value != expected.GetValueOrDefault(a.Key)));
        Assert.Equal(decision, await conn.ExecuteScalarAsync<long>("select id from decision"));
        Assert.Equal(consultation, await conn.ExecuteScalarAsync<long>("select id from consultation"));
        Assert.False(await conn.ExecuteScalarAsync<bool>("select exists (select 1 from decision where is_demo)"));

        // The audit log keeps every row and records the removal once.
        Assert.Equal(auditBefore + 1, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log"));
        Assert.Equal(1, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where action = @RemoveDemo", new { AuditActions.RemoveDemo }));

        // Chained again, the chain holds the real opinion alone and verifies.
        Assert.Equal(1, await db.DataSource.ChainPendingAsync(db.Now, 5000));
        var check = Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync());
        Assert.Equal(1, check.Links);
        after = await TableCountsAsync();

        // seed-demo now loads nothing.
        var again = await DemoSeed.RunAsync(db.ConnectionString, db.DataSource, db.PersonalData, new FindingsOptions(), db.Clock);
        Assert.True(again.Removed);
        Assert.False(again.Changed);
        Assert.Equal(after, await TableCountsAsync());
    }
}
