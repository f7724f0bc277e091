using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evaluation.Shared.Data;

/// <summary>The one PostgreSQL data source of each app, and Dapper's conventions for it.</summary>
public static class Database
{
    public const string ConnectionStringName = "Evaluation";

    /// <summary>
    /// The data source for reads that may lag a moment behind the primary: analysis (findings) and exports. Set
    /// ConnectionStrings:EvaluationReadMostly to a multi-host connection string that prefers a streaming replica, e.g.
    /// <c>Host=primary:5432,replica:5432;Target Session Attributes=prefer-standby;...</c>; without it, this is the one
    /// data source. Writes (audit entries, caches) always go to <see cref="NpgsqlDataSource"/> without a key.
    /// </summary>
    public const string ReadMostly = "EvaluationReadMostly";

    /// <summary>How long a request waits for a connection (from the pool or a new one) when the connection string does
    /// not say (Timeout): short, so that an exhausted pool or a stopped server answers 503 quickly instead of hanging.</summary>
    public const int DefaultConnectionTimeoutSeconds = 5;

    static Database()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>Applies Dapper's conventions once per process; safe to call many times.</summary>
    public static void ConfigureDapper() { }

    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set (environment variable ConnectionStrings__{ConnectionStringName}).");

    public static IServiceCollection AddEvaluationDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        ConfigureDapper();
        services.AddNpgsqlDataSource(WithDefaults(ConnectionString(configuration)));
        if (configuration.GetConnectionString(ReadMostly) is { Length: > 0 } readMostly)
            services.AddNpgsqlDataSource(WithDefaults(readMostly), serviceKey: ReadMostly);
        else
            services.AddKeyedSingleton(ReadMostly, (sp, _) => sp.GetRequiredService<NpgsqlDataSource>());
        return services;
    }

    /// <summary>How many statements each connection keeps prepared (Npgsql's automatic preparation) unless the
    /// connection string says otherwise: the sites send the same few statements again and again, and a prepared one
    /// skips PostgreSQL's parsing and planning (issue 12: the one-statement intake is a large statement).</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>The connection string with the sites' defaults for what it does not name: Timeout (the bounded wait
    /// for a connection, <see cref="DefaultConnectionTimeoutSeconds"/>), Max Auto Prepare
    /// (<see cref="DefaultMaxAutoPrepare"/>) and No Reset On Close.
    /// <para>No Reset On Close: by default Npgsql resets a pooled connection's session before its next use, seven
    /// statements (SET SESSION AUTHORIZATION DEFAULT, RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(),
    /// DISCARD SEQUENCES, DISCARD TEMP) sent with every request's first query, which cost PostgreSQL more than the
    /// consultation page's own query. Nothing here leaves session state behind: no SET outside a transaction, no
    /// LISTEN, temporary tables ON COMMIT DROP, the one session advisory lock (the mail outbox) released in a finally;
    /// a transaction left open is still rolled back when its connection returns to the pool.</para></summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!new[] { "Timeout", "Connect Timeout", "Connection Timeout" }.Any(given.ContainsKey)) builder.Timeout = DefaultConnectionTimeoutSeconds;
        if (!new[] { "Max Auto Prepare", "MaxAutoPrepare" }.Any(given.ContainsKey)) builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        if (!new[] { "No Reset On Close", "NoResetOnClose" }.Any(given.ContainsKey)) builder.NoResetOnClose = true;
        return builder.ConnectionString;
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => throw new InvalidCastException($"Cannot read {value.GetType()} as DateOnly."),
        };
    }
}
