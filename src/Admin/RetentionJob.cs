using Evaluation.Shared.Privacy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin;

public static class RetentionJobRegistration
{
    /// <summary>The retention purge every six hours (its options are part of the core).</summary>
    public static IServiceCollection AddRetentionJob(this IServiceCollection services) => services.AddHostedService<RetentionJob>();
}

/// <summary>Removes contact data past the retention period every six hours, so that no cron job is needed; the
/// same purge runs on demand as `evaluation purge-personal-data`.</summary>
public sealed class RetentionJob(NpgsqlDataSource db, TimeProvider clock, IOptions<RetentionOptions> options,
    ILogger<RetentionJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6), clock);
        do
        {
            try
            {
                var purged = await db.PurgePersonalDataAsync(options.Value.ContactDataDays, clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (purged.Count > 0)
                    log.LogInformation("Removed contact data of {Opinions} opinions in {Consultations} closed consultations",
                        purged.Sum(p => p.Opinions), purged.Count);
                var drafts = await db.PurgeStaleDraftsAsync(options.Value.DraftDays, clock.GetUtcNow().UtcDateTime, stoppingToken);
                if (drafts > 0) log.LogInformation("Deleted {Drafts} questionnaire drafts untouched for {Days} days", drafts, options.Value.DraftDays);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                log.LogWarning(e, "Removing contact data past retention failed; the next run tries again");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
