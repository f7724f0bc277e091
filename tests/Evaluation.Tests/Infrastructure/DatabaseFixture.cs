using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>A test class's own migrated database on the shared cluster.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? _services;
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    /// <summary>Encrypts and decrypts with the database's key ring, as the sites do.</summary>
    public PersonalData PersonalData { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Database.ConfigureDapper();
        var cluster = await PostgresCluster.GetAsync();
        ConnectionString = await cluster.CreateDatabaseAsync(GetType().Name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        _services = new ServiceCollection().AddLogging().AddSingleton(DataSource).AddSharedKeyRing().BuildServiceProvider();
        PersonalData = _services.GetRequiredService<PersonalData>();
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
