using Evaluation.Shared.Chain;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin;

public static class ChainJobRegistration
{
    /// <summary>The intake chain's step (Chain__IntervalSeconds, Chain__BatchSize).</summary>
    public static IServiceCollection AddChainJob(this IServiceCollection services)
    {
        services.AddOptions<ChainOptions>().BindConfiguration("Chain")
            .Validate(o => o.IntervalSeconds >= 1 && o.BatchSize >= 1, "Chain: IntervalSeconds and BatchSize must be at least 1").ValidateOnStart();
        return services.AddHostedService<ChainJob>();
    }
}

/// <summary>
/// Chains new opinions and responses every few seconds (<see cref="IntakeChain"/>). Admin hosts it, not the Portal: the
/// public site only reads the chain, so a compromised Portal cannot write links. With several Admin instances, the
/// advisory lock lets one chain at a time; the others skip that run.
/// </summary>
public sealed class ChainJob(NpgsqlDataSource db, TimeProvider clock, IOptions<ChainOptions> options, ILogger<ChainJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first run after one interval, not at start: the site is up before the step competes for the database.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var chained = await db.ChainPendingAsync(clock.GetUtcNow().UtcDateTime, options.Value.BatchSize, stoppingToken);
                if (chained > 0) log.LogDebug("Chained {Links} opinions and responses", chained);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                log.LogWarning(e, "Chaining opinions and responses failed; the next run tries again");
            }
        }
    }
}
