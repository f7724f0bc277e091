using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Shared;

/// <summary>
/// What every process of the solution needs, the sites and the command line alike: the one PostgreSQL data source,
/// the clock, the key ring with the personal-data protector, the region list, and the options with their checks.
/// The web part (encoders, localization, protection, health checks) is <see cref="Web.AppDefaults"/>.
/// </summary>
public static class CoreDefaults
{
    /// <param name="keyRing">The ring of the process's own cookies and tokens (<see cref="KeyRing"/>): Admin has its own.</param>
    public static IServiceCollection AddEvaluationCore(this IServiceCollection services, IConfiguration configuration, string keyRing = KeyRing.Shared)
    {
        services.AddEvaluationDatabase(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddKeyRing(configuration, keyRing);
        services.AddSingleton<RegionDirectory>();
        services.AddSingleton<Questionnaires.FrozenVersions>();
        services.AddOptions<RetentionOptions>().BindConfiguration("Retention")
            .Validate(o => o.ContactDataDays >= 0 && o.DraftDays >= 0, "Retention: ContactDataDays and DraftDays must not be negative").ValidateOnStart();
        return services;
    }
}
