using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Portal;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evaluation.Tests.Scale;

/// <summary>
/// More than one node on loopback, with no code of ours for it: two Portal instances on real Kestrel servers behind
/// Debian's nginx running deploy/nginx/evaluation.conf (ports replaced, the submit burst lowered to 2), a streaming
/// replica made with pg_basebackup -R of a cluster of the class's own, and Admin reading analysis and exports from it
/// through ConnectionStrings:EvaluationReadMostly.
/// </summary>
public sealed class ScaleOutFixture : SitesFixture
{
    public const int SubmitBurst = 2;
    public PostgresCluster Primary { get; private set; } = null!;
    public PostgresCluster Replica { get; private set; } = null!;
    public SiteFactory<PortalSite> SecondPortal { get; private set; } = null!;
    public string PortalA { get; private set; } = "";
    public string PortalB { get; private set; } = "";
    public string Nginx { get; private set; } = "";
    private string _nginxFolder = "";
    private Process? _nginx;

    protected override Task<string> CreateDatabaseAsync()
    {
        Primary = PostgresCluster.StartPrivate("scale");
        Replica = Primary.MakeReplica();
        return Task.FromResult(Primary.ConnectionString("scale"));
    }

    public string ReadMostlyConnectionString =>
        $"Host=127.0.0.1:{Primary.Port},127.0.0.1:{Replica.Port};Database=scale;Username=postgres;Target Session Attributes=prefer-standby;Timeout=5";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        SecondPortal = new SiteFactory<PortalSite>(ConnectionString, Clock, ConfigurePortal);
        PortalA = Portal.StartOnKestrel();
        PortalB = SecondPortal.StartOnKestrel();
        StartNginx();
    }

    protected override void ConfigurePortal(IWebHostBuilder builder) =>
        builder.UseSetting("ForwardedHeaders:KnownProxies:0", "127.0.0.1");

    protected override void ConfigureAdmin(IWebHostBuilder builder) =>
        builder.UseSetting($"ConnectionStrings:{Database.ReadMostly}", ReadMostlyConnectionString);

    /// <summary>Stops the second Portal instance, as a crash would: its port refuses connections from now on.</summary>
    public async Task StopSecondPortalAsync() => await SecondPortal.DisposeAsync();

    private void StartNginx()
    {
        _nginxFolder = Directory.CreateTempSubdirectory("evaluation-nginx-").FullName;
        var port = FreePort();
        var template = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "nginx", "evaluation.conf"));
        var site = template
            .Replace("listen 80;", $"listen 127.0.0.1:{port};")
            .Replace("server 127.0.0.1:5001 ", $"server {PortalA.Replace("http://", "")} ")
            .Replace("server 127.0.0.1:5002 ", $"server {PortalB.Replace("http://", "")} ");
        site = Regex.Replace(site, @"(zone=evaluation_submit burst=)\d+", $"${{1}}{SubmitBurst}");
        Assert.Contains($"burst={SubmitBurst} nodelay", site);
        File.WriteAllText(Path.Combine(_nginxFolder, "evaluation.conf"), site);
        // A whole nginx.conf in the temporary folder: no daemon, its pid, logs and temporary files there.
        var temp = (string name) => Path.Combine(_nginxFolder, name);
        File.WriteAllText(temp("nginx.conf"),
            $$"""
            {{(Environment.UserName == "root" ? "user root;" : "")}}
            daemon off;
            worker_processes 1;
            pid {{temp("nginx.pid")}};
            error_log {{temp("error.log")}} warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{temp("body")}};
                proxy_temp_path {{temp("proxy")}};
                fastcgi_temp_path {{temp("fastcgi")}};
                uwsgi_temp_path {{temp("uwsgi")}};
                scgi_temp_path {{temp("scgi")}};
                include {{temp("evaluation.conf")}};
            }
            """);
        var start = new ProcessStartInfo("/usr/sbin/nginx") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", _nginxFolder, "-e", temp("error.log"), "-c", temp("nginx.conf") }) start.ArgumentList.Add(a);
        _nginx = Process.Start(start)!;
        Nginx = $"http://127.0.0.1:{port}";
        // Ready when it accepts connections; an nginx that stopped (a bad config) fails here with its log.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            if (_nginx.HasExited) throw new InvalidOperationException($"nginx stopped: {File.ReadAllText(temp("error.log"))}");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                _nginx.WaitForExit(50);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_nginx is { HasExited: false }) _nginx.Kill(entireProcessTree: true);
        _nginx?.Dispose();
        await SecondPortal.DisposeAsync();
        await base.DisposeAsync();
        Replica.Dispose();
        Primary.Dispose();
        if (_nginxFolder != "") Directory.Delete(_nginxFolder, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Evaluation.sln"))) return dir.FullName;
        throw new InvalidOperationException("Evaluation.sln not found above the test assembly");
    }
}

public class ScaleOutTests(ScaleOutFixture sites) : IClassFixture<ScaleOutFixture>
{
    private static Dictionary<string, string?> Opinion(string body) => new()
    {
        ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Consent"] = "true", ["Input.Body"] = body,
    };

    [Fact]
    public async Task Behind_nginx_a_receipt_is_read_on_the_other_instance_the_submit_limit_holds_across_both_and_a_stopped_instance_is_left_out()
    {
        var consultation = await sites.ConsultationAsync();

        // Submitted on instance A, its receipt read on instance B (same database, same key ring).
        var onA = SiteFactory<PortalSite>.KestrelClient(sites.PortalA);
        var submitted = await onA.SubmitAsync($"/Consultations/{consultation}", Opinion("经由第一个实例提交的意见"));
        Assert.StartsWith("/Receipt/", submitted.RequestMessage!.RequestUri!.AbsolutePath);
        var onB = SiteFactory<PortalSite>.KestrelClient(sites.PortalB);
        var number = submitted.RequestMessage.RequestUri.AbsolutePath["/Receipt/".Length..];
        var receipt = await onB.GetHtmlAsync($"/Receipt/{number}");
        Assert.Contains(Evaluation.Shared.Respondents.Receipt.Format(number), receipt.Body!.TextContent);

        // The limit is nginx's, over both instances (each Portal alone would take 100,000). The forms are fetched first
        // (GETs are not limited), then posted: nginx deals the requests out in turn to A and B, and the antiforgery
        // token of a form made by one instance is good on the other (shared key ring).
        var throughNginx = SiteFactory<PortalSite>.KestrelClient(sites.Nginx, followRedirects: false);
        var forms = new List<IHtmlFormElement>();
        for (var i = 0; i <= ScaleOutFixture.SubmitBurst + 1; i++)
            forms.Add((IHtmlFormElement)(await throughNginx.GetHtmlAsync($"/Consultations/{consultation}")).QuerySelector("main form[method=post]")!);
        for (var i = 0; i <= ScaleOutFixture.SubmitBurst; i++)
        {
            var accepted = await throughNginx.PostFormAsync(forms[i], $"/Consultations/{consultation}", Opinion($"经由代理提交的第{i + 1}条意见"));
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }
        var refused = await throughNginx.PostFormAsync(forms[^1], $"/Consultations/{consultation}", Opinion("超出限额的意见"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(Texts.Get("Status.429.Title"), (await refused.ReadHtmlAsync()).Text("h1"));
        Assert.Equal(ScaleOutFixture.SubmitBurst + 2, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from opinion where consultation_id = @consultation", new { consultation }));

        // Instance B stops: every request through nginx is still answered (by A), none fails.
        await sites.StopSecondPortalAsync();
        for (var i = 0; i < 6; i++)
        {
            var page = await throughNginx.GetAsync($"/Consultations/{consultation}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    [Fact]
    public async Task Admin_reads_exports_from_the_streaming_replica_and_writes_to_the_primary()
    {
        var admin = sites.Admin.Services;
        await using (var conn = await admin.GetRequiredKeyedService<NpgsqlDataSource>(Database.ReadMostly).OpenConnectionAsync())
            Assert.True(await conn.ExecuteScalarAsync<bool>("select pg_is_in_recovery()"));
        await using (var conn = await admin.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
            Assert.False(await conn.ExecuteScalarAsync<bool>("select pg_is_in_recovery()"));

        var (staff, userName) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        await sites.OpinionAsync(consultation, "复制之前的意见");
        await CaughtUpAsync();

        // With replay paused on the replica, an opinion written now is on the primary only: the export does not
        // have it, so the export's rows came from the replica; its audit entry is on the primary.
        await using (var replica = new NpgsqlConnection(sites.Replica.ConnectionString("scale", pooling: false)))
        {
            await replica.OpenAsync();
            await replica.ExecuteAsync("select pg_wal_replay_pause()");
            await sites.OpinionAsync(consultation, "暂停复制期间的意见");
            var csv = await staff.GetStringAsync($"/Opinions/Export?consultationId={consultation}");
            Assert.Contains("复制之前的意见", csv);
            Assert.DoesNotContain("暂停复制期间的意见", csv);
            Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
                "select count(*) from audit_log where action = 'export_csv' and actor_name = @userName", new { userName }));
            await replica.ExecuteAsync("select pg_wal_replay_resume()");
        }
        await CaughtUpAsync();
        Assert.Contains("暂停复制期间的意见", await staff.GetStringAsync($"/Opinions/Export?consultationId={consultation}"));
    }

    /// <summary>Waits (bounded) until the replica has replayed everything the primary has written so far.</summary>
    private async Task CaughtUpAsync()
    {
        // The insert position, not the write position: with synchronous_commit off a commit record may still be in memory.
        var target = await sites.DataSource.ScalarAsync<string>("select pg_current_wal_insert_lsn()::text");
        await using var replica = new NpgsqlConnection(sites.Replica.ConnectionString("scale", pooling: false));
        await replica.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await replica.ExecuteScalarAsync<bool>("select pg_last_wal_replay_lsn() >= @target::pg_lsn", new { target }))
        {
            Assert.True(DateTime.UtcNow < deadline, "the replica did not catch up within 20 s");
            await replica.ExecuteScalarAsync("select pg_sleep(0.05)");
        }
    }
}
