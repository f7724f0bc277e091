using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evaluation.Shared.Web;

/// <summary>So many requests per window; the window is fixed and the count starts again after it.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }
    public int WindowSeconds { get; set; }

    public FixedWindowRateLimiterOptions ToLimiter() => new()
    {
        PermitLimit = PermitLimit,
        Window = TimeSpan.FromSeconds(WindowSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// The limits, from configuration section RateLimits. The defaults leave room for many people behind one address
/// (an office, a carrier's NAT) while a bot posting in a loop is stopped within a minute.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Opinions (and other public submissions) per client address.</summary>
    public RateLimit Submit { get; set; } = new() { PermitLimit = 20, WindowSeconds = 600 };
    /// <summary>Questionnaire pages sent per client address: every page, every autosave, so a long questionnaire
    /// answered by several people behind one address still fits.</summary>
    public RateLimit Answer { get; set; } = new() { PermitLimit = 600, WindowSeconds = 600 };
    /// <summary>Receipt look-ups per client address: guessing receipt numbers stays hopeless.</summary>
    public RateLimit Lookup { get; set; } = new() { PermitLimit = 30, WindowSeconds = 600 };
    /// <summary>Admin login attempts per client address.</summary>
    public RateLimit Login { get; set; } = new() { PermitLimit = 20, WindowSeconds = 600 };
    /// <summary>Admin login attempts per user name, from any address (password spraying from many addresses).</summary>
    public RateLimit LoginPerUserName { get; set; } = new() { PermitLimit = 10, WindowSeconds = 600 };

    public bool IsValid() => new[] { Submit, Answer, Lookup, Login, LoginPerUserName }.All(l => l.PermitLimit > 0 && l.WindowSeconds > 0);
}

/// <summary>The rate limit policies; a page opts in with [EnableRateLimiting(RateLimits.Submit)]. Only POSTs count:
/// reading a page is never limited.</summary>
public static class RateLimits
{
    public const string Submit = "submit";
    public const string Answer = "answer";
    public const string Lookup = "lookup";
    public const string Login = "login";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("RateLimits")
            .Validate(o => o.IsValid(), "RateLimits: every PermitLimit and WindowSeconds must be positive").ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                    context.HttpContext.Response.Headers.RetryAfter =
                        Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask; // the status code page writes the page in Chinese
            };
            o.AddPolicy(Submit, context => PerClient(context, l => l.Submit));
            o.AddPolicy(Answer, context => PerClient(context, l => l.Answer));
            o.AddPolicy(Lookup, context => PerClient(context, l => l.Lookup));
            o.AddPolicy(Login, context => PerClient(context, l => l.Login));
        });
        return services;
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, Func<RateLimitOptions, RateLimit> pick)
    {
        if (!HttpMethods.IsPost(context.Request.Method)) return RateLimitPartition.GetNoLimiter("read");
        var limit = pick(context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(ClientAddress.PartitionKey(context), _ => limit.ToLimiter());
    }

    /// <summary>Sets Retry-After from a refused lease, for limits checked in a handler rather than by the middleware.</summary>
    public static void SetRetryAfter(HttpResponse response, RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
