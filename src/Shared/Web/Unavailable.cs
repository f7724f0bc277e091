using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Shared.Web;

/// <summary>
/// How many requests a site works on at once (configuration section Overload). Beyond <see cref="MaxConcurrentRequests"/>
/// a request waits in a queue of at most <see cref="QueueLimit"/>; beyond that it is refused at once with 503 and
/// Retry-After, so that a flash crowd gets quick answers instead of time-outs and the accepted requests keep a bounded
/// latency. The defaults suit two cores and PostgreSQL's 100 connections (Npgsql's pool is 100 too).
/// </summary>
public sealed class OverloadOptions
{
    public int MaxConcurrentRequests { get; set; } = 64;
    public int QueueLimit { get; set; } = 64;
    /// <summary>Sent as Retry-After with every 503 (overload and database unavailable alike).</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    public bool IsValid() => MaxConcurrentRequests > 0 && QueueLimit >= 0 && RetryAfterSeconds > 0;
}

/// <summary>
/// 503 Service Unavailable instead of 500 or a hang, for the two ways a site cannot serve for a while: the database
/// cannot be reached (stopped, restarting, its pool exhausted for longer than the connection string's Timeout), or
/// the site has more requests than it takes (<see cref="OverloadOptions"/>). The answer has no body here: the status
/// code pages re-execute /Status with code 503, which says so in Chinese and, for a POST, shows the posted form back
/// with everything typed (<c>_Unavailable</c>), ready to be sent again.
/// </summary>
public static class Unavailable
{
    public static IServiceCollection AddOverloadProtection(this IServiceCollection services)
    {
        services.AddOptions<OverloadOptions>().BindConfiguration("Overload")
            .Validate(o => o.IsValid(), "Overload: MaxConcurrentRequests and RetryAfterSeconds must be positive, QueueLimit not negative").ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<OverloadOptions>>().Value;
            return new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = o.MaxConcurrentRequests,
                QueueLimit = o.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            });
        });
        return services;
    }

    /// <summary>After the status code pages (so that the 503 gets its page) and before everything that works.</summary>
    public static WebApplication UseOverloadProtection(this WebApplication app)
    {
        var limiter = app.Services.GetRequiredService<ConcurrencyLimiter>();
        var options = app.Services.GetRequiredService<IOptions<OverloadOptions>>().Value;
        var retryAfter = options.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Unavailable));
        var database = app.Services.GetRequiredService<NpgsqlDataSource>();
        app.Use(async (context, next) =>
        {
            // The re-executed status page and the health check must answer even when the site is full.
            if (IsExempt(context))
            {
                try
                {
                    await next(context);
                }
                catch (Exception e) when (IsDatabaseUnavailable(e) && !context.Response.HasStarted)
                {
                    // The status page itself needed the database (Admin checks a signed-in user's session there):
                    // a plain page then, still in Chinese.
                    ClearIfCut(database, e);
                    await FormBack.WritePageAsync(context, retryAfter);
                }
                return;
            }
            using var lease = await limiter.AcquireAsync(1, context.RequestAborted);
            if (!lease.IsAcquired)
            {
                // The refusal is a plain page written here, a POST's with its form back (FormBack): under a flash crowd
                // many requests are refused, and a refusal that costs a rendered page takes the CPU from the requests
                // taken (a rendered one halved the goodput of a crowd of 320 clients: 0.57 of the peak against 0.81).
                await FormBack.WritePageAsync(context, retryAfter);
                return;
            }
            try
            {
                await next(context);
            }
            catch (Exception e) when (IsDatabaseUnavailable(e) && !context.Response.HasStarted)
            {
                logger.LogWarning("Database unavailable for {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, e.Message);
                ClearIfCut(database, e);
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = retryAfter;
            }
        });
        return app;
    }

    /// <summary>A connection refused or cut (a restart) leaves the pool's idle connections dead: they are dropped, so
    /// that the first requests after the server is back get new ones. A pool merely exhausted is left alone.</summary>
    private static void ClearIfCut(NpgsqlDataSource database, Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is IOException or System.Net.Sockets.SocketException)
            {
                database.Clear();
                return;
            }
    }

    private static bool IsExempt(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
        || context.Request.Path.StartsWithSegments("/healthz")
        || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;

    /// <summary>
    /// The database cannot be reached or cannot take the connection: a failure of the connection itself (refused,
    /// broken, the pool's wait timed out), or the server saying it is shutting down, starting, or out of connections.
    /// An error in a statement (a constraint, a syntax error) is a bug or bad input and stays a 500.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                                              || p.SqlState.StartsWith("57P", StringComparison.Ordinal) // shutdown, cannot connect now
                                              || p.SqlState.StartsWith("53", StringComparison.Ordinal): // too many connections, out of resources
                    return true;
                case PostgresException:
                    return false;
                case NpgsqlException:
                    return true;
            }
        }
        return false;
    }
}
