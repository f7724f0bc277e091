using Evaluation.Shared.Data;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>A test class's own migrated database on the shared cluster.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Database.ConfigureDapper();
        var cluster = await PostgresCluster.GetAsync();
        ConnectionString = await cluster.CreateDatabaseAsync(GetType().Name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public virtual async Task DisposeAsync() => await DataSource.DisposeAsync();
}
