using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evaluation.Tests.Infrastructure;

/// <summary>A clock the test sets. (Sign-in cookies expire by the same clock: sign in after moving it far.)</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    private long _utcTicks = now.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);
}

/// <summary>Portal and Admin whose Admin runs on a clock the tests set.</summary>
public class ClockedSitesFixture : SitesFixture
{
    public SettableClock AdminClock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureAdmin(IWebHostBuilder builder) => builder.ConfigureTestServices(services =>
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(AdminClock);
    });
}
