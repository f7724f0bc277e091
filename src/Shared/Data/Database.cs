using System.Data;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Shared.Data;

/// <summary>The one PostgreSQL data source of each app, and Dapper's conventions for it.</summary>
public static class Database
{
    public const string ConnectionStringName = "Evaluation";

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
        services.AddNpgsqlDataSource(ConnectionString(configuration));
        return services;
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
