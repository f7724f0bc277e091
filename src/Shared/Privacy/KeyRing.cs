using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evaluation.Shared.Privacy;

/// <summary>Data Protection for every process of the solution (Portal, Admin, the CLI, the tests): one application
/// name and one key ring in the database, so what one encrypts the others can read.</summary>
public static class KeyRing
{
    public const string ApplicationName = "Evaluation";

    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new DatabaseKeyRepository(db));
        services.AddSingleton<PersonalData>();
        return services;
    }
}
