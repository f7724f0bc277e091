using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Evaluation.Tests.Infrastructure;

/// <summary>A test class's own migrated database on the shared cluster, and the class's clock.</summary>
public class DatabaseFixture : IAsyncLifetime
{
    private ServiceProvider? _services;
    /// <summary>The time the sites read (their TimeProvider) and the test data is made at: the real time when the
    /// fixture starts, and after that it moves only when a test moves it (Advance, SetUtcNow), never backwards.
    /// The tests of a class share it and run one after another.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    /// <summary>The clock's time in UTC, as the rules take it.</summary>
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;
    /// <summary>The test's own access, as the owner of the tables (a superuser): to arrange data and read outcomes.</summary>
    public string ConnectionString { get; private set; } = "";
    /// <summary>How a site connects: as its own login role, with only the grants of its group role.</summary>
    public string SiteConnectionString(string site) => SiteRoles.ConnectionString(ConnectionString, site, null);
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    /// <summary>Encrypts and decrypts with the database's key ring, as the sites do.</summary>
    public PersonalData PersonalData { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Database.ConfigureDapper();
        ConnectionString = await CreateDatabaseAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(TestKeys.Settings).Build();
        _services = new ServiceCollection().AddLogging().AddSingleton(DataSource).AddKeyRing(configuration).BuildServiceProvider();
        PersonalData = _services.GetRequiredService<PersonalData>();
    }

    /// <summary>The class's database: on the shared cluster, or for a fixture that breaks or copies its server, on a
    /// cluster of its own (<see cref="PostgresCluster.StartPrivate"/>).</summary>
    protected virtual async Task<string> CreateDatabaseAsync() =>
        await (await PostgresCluster.GetAsync()).CreateDatabaseAsync(GetType().Name);

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
