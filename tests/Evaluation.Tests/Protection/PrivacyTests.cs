using System.Collections.Concurrent;
using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Admin;
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
    private async Task<(long Consultation, long Opinion)> SubmitThroughPortalAsync(string name, string contact)
    {
        var consultation = await sites.DataSource.ConsultationAsync();
        var response = await sites.Portal.Browser().SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?>
        {
            ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = "关于停车收费的意见",
            ["Input.Name"] = name, ["Input.Contact"] = contact, ["Input.Consent"] = "true",
        });
        Assert.StartsWith("/Receipt/", response.RequestMessage!.RequestUri!.AbsolutePath);
        return (consultation, await sites.DataSource.ScalarAsync<long>("select id from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task Name_phone_and_email_are_encrypted_in_the_table_and_never_logged()
    {
        var (_, byPhone) = await SubmitThroughPortalAsync("欧阳隐私", "136 9876 5432");
        var (consultation, byEmail) = await SubmitThroughPortalAsync("司马隐私", "privacy.probe@example.cn");
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

    [Fact]
    public async Task Lists_and_the_default_export_show_personal_data_masked()
    {
        var (consultation, _) = await SubmitThroughPortalAsync("张三丰", "13812345678");
        var (organizer, _) = await sites.SignedInAsync("organizer");

        var list = await organizer.GetHtmlAsync($"/Opinions?consultationId={consultation}");
        Assert.Equal("张** · 138****5678", list.Text("#opinions td.personal"));
        var csv = await organizer.GetStringAsync($"/Opinions/Export?consultationId={consultation}");
        Assert.Contains("张**,138****5678", csv);
        Assert.DoesNotContain("张三丰", csv);
    }

    [Fact]
    public async Task An_organizer_shows_the_full_data_on_request_and_each_view_is_audited()
    {
        var (_, opinion) = await SubmitThroughPortalAsync("李雷", "lilei@example.cn");
        var (organizer, userName) = await sites.SignedInAsync("organizer");

        var masked = await organizer.GetHtmlAsync($"/Opinions/Details/{opinion}");
        Assert.Equal("李*", masked.Text("#opinion-name"));
        Assert.Equal("l***@example.cn", masked.Text("#opinion-contact"));
        Assert.Equal(0L, await AuditedViewsAsync(opinion));

        for (var i = 1; i <= 2; i++)
        {
            var shown = await (await organizer.SubmitAsync($"/Opinions/Details/{opinion}", new Dictionary<string, string?>(),
                "form[action*='handler=Reveal']")).ReadHtmlAsync();
            Assert.Equal("李雷", shown.Text("#opinion-name"));
            Assert.Equal("lilei@example.cn", shown.Text("#opinion-contact"));
            Assert.Equal(i, await AuditedViewsAsync(opinion, userName));
        }
    }

    private Task<long> AuditedViewsAsync(long opinion, string? userName = null) => sites.DataSource.ScalarAsync<long>(
        "select count(*) from audit_log where action = 'view_personal_data' and entity = 'opinion' and entity_id = @id and (@userName::text is null or actor_name = @userName)",
        new { id = opinion.ToString(), userName });

    [Fact]
    public async Task A_legal_reviewer_sees_neither_the_opinions_of_a_department_nor_their_personal_data()
    {
        var (consultation, opinion) = await SubmitThroughPortalAsync("韩梅梅", "13900001111");
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");

        // Legal reviewers see what is sent to them for review (Art. 3): a department's opinions are not found.
        var page = await reviewer.GetAsync($"/Opinions/Details/{opinion}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("韩梅梅", await page.Content.ReadAsStringAsync());
        // Posting the action anyway is refused, and nothing is shown.
        var forced = await reviewer.PostWithTokenAsync($"/Opinions/Details/{opinion}?handler=Reveal");
        Assert.DoesNotContain("韩梅梅", await forced.Content.ReadAsStringAsync());
        Assert.Equal(0L, await AuditedViewsAsync(opinion));

        var list = await reviewer.GetAsync($"/Opinions?consultationId={consultation}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, list.StatusCode);
        var masked = await reviewer.GetAsync($"/Opinions/Export?consultationId={consultation}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, masked.StatusCode);
        var full = await reviewer.GetAsync($"/Opinions/Export?consultationId={consultation}&full=true");
        Assert.DoesNotContain("韩梅梅", await full.Content.ReadAsStringAsync());
        Assert.Equal("/Account/AccessDenied", full.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task The_full_export_is_for_the_roles_that_answer_respondents_and_is_audited_as_such()
    {
        var (consultation, _) = await SubmitThroughPortalAsync("王小明", "13511112222");
        var (staff, userName) = await sites.SignedInAsync("evaluation_staff");
        var csv = await staff.GetStringAsync($"/Opinions/Export?consultationId={consultation}&full=true");
        Assert.Contains("王小明,13511112222", csv);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'export_csv' and actor_name = @userName and after->>'full' = 'true'", new { userName }));
    }
}

public class RetentionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> OpinionAsync(long consultation, string? name, string? contact)
    {
        var result = await db.DataSource.SubmitAsync(db.PersonalData, new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
            name, Contact.Parse(contact), "chuan", "保留的意见正文", name is not null || contact is not null), DateTime.UtcNow);
        return ((SubmitResult.Accepted)result).OpinionId;
    }

    [Fact]
    public async Task Contact_data_of_consultations_closed_longer_than_the_period_is_removed_and_the_opinions_stay()
    {
        var old = await db.DataSource.ConsultationAsync();
        var recent = await db.DataSource.ConsultationAsync();
        var open = await db.DataSource.ConsultationAsync();
        var oldOpinion = await OpinionAsync(old, "赵一", "13800000001");
        var anonymous = await OpinionAsync(old, null, null);
        var recentOpinion = await OpinionAsync(recent, "钱二", "13800000002");
        var openOpinion = await OpinionAsync(open, "孙三", "13800000003");
        // One closed by staff 200 days ago, one whose window ended 10 days ago; the third still open.
        await db.DataSource.ScalarAsync<long>(
            """
            update consultation set state = 'closed', opens_at = now() - interval '300 days', closes_at = now() + interval '1 day',
                   closed_at = now() - interval '200 days' where id = @old returning id
            """, new { old });
        await db.DataSource.ScalarAsync<long>(
            "update consultation set opens_at = now() - interval '40 days', closes_at = now() - interval '10 days' where id = @recent returning id", new { recent });

        var purged = await db.DataSource.PurgePersonalDataAsync(180, DateTime.UtcNow);

        Assert.Equal([new Retention.Purged(old, 1)], purged);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(long Id, string? Name, string? Contact, string Body, DateTime? RemovedAt)>(
            "select id, name, contact, body, personal_data_removed_at from opinion where id = any(@ids)",
            new { ids = new[] { oldOpinion, anonymous, recentOpinion, openOpinion } })).ToDictionary(r => r.Id);
        Assert.Null(rows[oldOpinion].Name);
        Assert.Null(rows[oldOpinion].Contact);
        Assert.NotNull(rows[oldOpinion].RemovedAt);
        Assert.Equal("保留的意见正文", rows[oldOpinion].Body);
        Assert.Null(rows[anonymous].RemovedAt);
        Assert.Equal("钱二", db.PersonalData.Unprotect(rows[recentOpinion].Name));
        Assert.Equal("孙三", db.PersonalData.Unprotect(rows[openOpinion].Name));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "select count(*) from audit_log where action = 'purge_personal_data' and entity_id = @old and (after->>'opinions')::int = 1", new { old = old.ToString() }));

        // A shorter period reaches the recently closed one; nothing is purged twice.
        Assert.Equal([new Retention.Purged(recent, 1)], await db.DataSource.PurgePersonalDataAsync(5, DateTime.UtcNow));
    }
}

public class MaskTests
{
    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("李", "李*")]
    [InlineData("任丘市某某科技有限公司", "任**********")]
    public void Names_keep_their_first_character(string name, string masked) => Assert.Equal(masked, PersonalData.MaskName(name));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData("zhangsan@example.cn", "z***@example.cn")]
    public void Contacts_keep_what_identifies_the_kind_not_the_person(string contact, string masked) =>
        Assert.Equal(masked, PersonalData.MaskContact(contact));
}
