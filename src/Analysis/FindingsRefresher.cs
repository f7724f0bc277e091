using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Analysis;

/// <summary>
/// Computes a consultation's findings in the background while the findings page shows the last complete result with
/// its time (FindingsStore.GetRecentAsync): at most one computation per consultation at a time. Results that took
/// less than "Findings:ServeStaleAfterMs" (default 1000) are recomputed on the request instead, so small consultations
/// always show current figures.
/// </summary>
public sealed class FindingsRefresher(NpgsqlDataSource db, IOptions<FindingsOptions> options, TimeProvider clock,
    IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<FindingsRefresher> log)
{
    private readonly Dictionary<long, Task> running = [];

    public TimeSpan ServeStaleAfter { get; } = TimeSpan.FromMilliseconds(configuration.GetValue("Findings:ServeStaleAfterMs", 1000));

    /// <summary>Starts computing the consultation's findings unless that is under way; the computation under way.</summary>
    public Task Refresh(long consultationId)
    {
        lock (running)
        {
            if (running.TryGetValue(consultationId, out var task)) return task;
            return running[consultationId] = RunAsync(consultationId);
        }
    }

    /// <summary>The computation under way for the consultation, or a completed task.</summary>
    public Task Pending(long consultationId)
    {
        lock (running) return running.TryGetValue(consultationId, out var task) ? task : Task.CompletedTask;
    }

    private async Task RunAsync(long consultationId)
    {
        // Returns to Refresh first, which records the task before it can be removed below.
        await Task.Yield();
        try
        {
            await FindingsStore.GetAsync(db, FindingsScope.Consultation(consultationId), options.Value, clock, lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) { }
        catch (Exception e)
        {
            log.LogError(e, "computing the findings of consultation {Consultation} failed", consultationId);
        }
        finally
        {
            lock (running) running.Remove(consultationId);
        }
    }
}
