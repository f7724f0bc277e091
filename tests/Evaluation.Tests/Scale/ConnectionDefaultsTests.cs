using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Scale;

/// <summary>The sites' connection defaults (Database.WithDefaults): a pooled connection is not reset before each use,
/// which is safe only because nothing a request leaves behind outlives it.</summary>
public class ConnectionDefaultsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public void What_the_connection_string_names_wins_and_the_rest_gets_the_defaults()
    {
        var defaults = new NpgsqlConnectionStringBuilder(Database.WithDefaults("Host=h;Username=u"));
        Assert.Equal((Database.DefaultConnectionTimeoutSeconds, Database.DefaultMaxAutoPrepare, true),
            (defaults.Timeout, defaults.MaxAutoPrepare, defaults.NoResetOnClose));
        var given = new NpgsqlConnectionStringBuilder(Database.WithDefaults("Host=h;Username=u;Timeout=30;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.Equal((30, 0, false), (given.Timeout, given.MaxAutoPrepare, given.NoResetOnClose));
    }

    [Fact]
    public async Task A_transaction_left_open_is_rolled_back_before_the_pooled_connection_is_used_again()
    {
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Database.WithDefaults(db.ConnectionString)) { MaxPoolSize = 1 }.ConnectionString);
        var token = Guid.NewGuid().ToString();
        int backend;
        await using (var conn = await source.OpenConnectionAsync())
        {
            backend = await conn.ExecuteScalarAsync<int>("select pg_backend_pid()");
            // A handler that fails between its statements and never commits or rolls back.
            await conn.ExecuteAsync("begin; insert into audit_log (actor_name, action, entity, entity_id) values ('test', @token, 'test', 0)", new { token });
        }
        await using (var conn = await source.OpenConnectionAsync())
        {
            Assert.Equal(backend, await conn.ExecuteScalarAsync<int>("select pg_backend_pid()"));
            // Still in that transaction, it would see its own row.
            Assert.Equal(0, await conn.ExecuteScalarAsync<int>("select count(*)::int from audit_log where action = @token", new { token }));
        }
    }
}
