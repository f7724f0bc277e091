using System.Threading.RateLimiting;
using Evaluation.Shared.Web;
using Microsoft.Extensions.Options;

namespace Evaluation.Admin;

/// <summary>
/// Login attempts per user name, from whatever address: the per-address limit (policy "login") does not stop a
/// password spray from many addresses. The name comes from the posted form, so it is counted in the handler, after
/// the form is read, rather than by the middleware.
/// </summary>
public sealed class LoginThrottle(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(userName =>
        RateLimitPartition.GetFixedWindowLimiter(userName, _ => options.Value.LoginPerUserName.ToLimiter()));

    public RateLimitLease Acquire(string userName) => _limiter.AttemptAcquire(userName.Trim().ToLowerInvariant());

    public void Dispose() => _limiter.Dispose();
}
