using System.Collections.Concurrent;
using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Evaluation.Tests.Protection;

/// <summary>Keeps every log message of the sites, at every level, from every category (Npgsql and ASP.NET Core too).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);
    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public sealed class LoggedSitesFixture : SitesFixture
{
    public CapturedLogs Logs { get; } = new();
    protected override void ConfigurePortal(IWebHostBuilder builder) => Capture(builder);
    protected override void ConfigureAdmin(IWebHostBuilder builder) => Capture(builder);

    private void Capture(IWebHostBuilder builder) => builder.ConfigureLogging(l =>
    {
        l.AddProvider(Logs);
        // A rule for this provider alone beats the categories appsettings.json quietens (Npgsql, Microsoft.AspNetCore).
        l.AddFilter<CapturedLogs>(null, LogLevel.Trace);
        l.SetMinimumLevel(LogLevel.Trace);
    });
}

public class PrivacyTests(LoggedSitesFixture sites) : IClassFixture<LoggedSitesFixture>
{
    [Fact]
    public async Task Name_phone_and_email_are_encrypted_in_the_table_and_never_logged()
    {
        var (_, byPhone) = await sites.OpinionThroughPortalAsync("欧阳隐私", "136 9876 5432");
        var (consultation, byEmail) = await sites.OpinionThroughPortalAsync("司马隐私", "privacy.probe@example.cn");
        // Staff read them too, in full and exported: nothing of that may reach a log either.
        var (staff, _) = await sites.SignedInAsync("organizer");
        await staff.GetStringAsync($"/Opinions?consultationId={consultation}");
        await staff.SubmitAsync($"/Opinions/Details/{byPhone}", new Dictionary<string, string?>(), "form[action*='handler=Reveal']");
        await staff.SubmitAsync($"/Opinions/Details/{byEmail}", new Dictionary<string, string?>(), "form[action*='handler=Reveal']");
        await staff.GetStringAsync($"/Opinions/Export?consultationId={consultation}&full=true");

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Name, string Contact)>(
            "select name, contact from opinion where id in (@byPhone, @byEmail) order by id", new { byPhone, byEmail })).ToList();
        var table = string.Join("|", rows.Select(r => r.Name + r.Contact));
        foreach (var secret in new[] { "欧阳", "司马", "隐私", "13698765432", "5432", "privacy.probe", "example.cn" })
            Assert.DoesNotContain(secret, table);
        Assert.Equal("欧阳隐私", sites.PersonalData.Unprotect(rows[0].Name));
        Assert.Equal("privacy.probe@example.cn", sites.PersonalData.Unprotect(rows[1].Contact));

        var logs = string.Join("\n", sites.Logs.Lines);
        Assert.Contains("insert into opinion", logs); // the capture sees Npgsql's commands: the check below means something
        foreach (var secret in new[] { "欧阳隐私", "司马隐私", "13698765432", "136 9876 5432", "privacy.probe" })
            Assert.DoesNotContain(secret, logs);
    }
}
