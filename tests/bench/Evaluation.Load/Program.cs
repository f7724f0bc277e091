using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Evaluation.Bench;
using Evaluation.Load;
using Evaluation.Portal;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// The public site's load benchmark (issue 12). On a throwaway cluster it starts the real Portal on Kestrel (loopback,
// Production environment, the default proof-of-work captcha whose verification every POST pays, the submit limit
// raised) and, in the same process and on the same cluster, a bare floor app (minimal ASP.NET Core + Dapper) that
// reads the same rows and writes the same text, or inserts the same opinion. A C# load generator (HttpClient,
// N connections for S seconds each, after a warm-up) measures both in the same run and prints req/s, p99 and the
// ratio Evaluation / floor.
//   dotnet run -c Release --project tests/bench/Evaluation.Load -- [seconds=8] [connections=32] [opinions=1000000] [phases=page,post,questionnaire,scale] [rounds=3]
// Unhandled exceptions skip the process-exit handlers that stop the throwaway cluster: end normally instead.
AppDomain.CurrentDomain.UnhandledException += (_, e) => { Console.Error.WriteLine(e.ExceptionObject); Environment.Exit(1); };
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 8;
var connections = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var bulkOpinions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000;
var phases = (args.Length > 3 ? args[3] : "page,post,questionnaire,scale").Split(',');
// The machine is shared: every comparison alternates Evaluation and floor this many times and keeps the median round.
var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
Console.WriteLine($"Evaluation load benchmark: {connections} connections, {seconds} s per measurement, {bulkOpinions:N0} opinions for the scale test, {Environment.ProcessorCount} cores");

var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Evaluation.sln"))) root = root.Parent;
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_EVALUATION_PORTAL", Path.Combine(root!.FullName, "src", "Portal"));

await using var sites = new SitesFixture();
await sites.InitializeAsync();
await using var db = NpgsqlDataSource.Create(sites.ConnectionString + ";Command Timeout=0");
var consultation = await sites.ConsultationAsync(title: "关于城区停车收费调整的征求意见");
var crowded = await sites.ConsultationAsync(title: "关于城区停车收费调整的征求意见");
// The floor's inserts go to a consultation of their own, so the Portal's opinions can be counted apart.
var floorTarget = await sites.ConsultationAsync(title: "关于城区停车收费调整的征求意见");
var empty = await sites.ConsultationAsync(title: "关于城区停车收费调整的征求意见");

await using var portal = new ProductionPortal(sites.ConnectionString);
var portalUrl = portal.Start();
await using var floor = await Floor.StartAsync(sites.ConnectionString);
var page = $"/Consultations/{consultation}";
// The floor writes exactly the text the Portal wrote for the page.
floor.PageHtml = await new HttpClient { BaseAddress = new Uri(portalUrl) }.GetByteArrayAsync(page);
Console.WriteLine($"Portal {portalUrl}, floor {floor.Url}; the page is {floor.PageHtml.Length:N0} bytes");

async Task<(Load.Result Evaluation, Load.Result Floor)> CompareAsync(Func<int, CancellationToken, Task<bool?>> evaluation, Func<int, CancellationToken, Task<bool?>> bare)
{
    var (es, fs) = (new List<Load.Result>(), new List<Load.Result>());
    for (var r = 0; r < rounds; r++)
    {
        es.Add(await Load.RunAsync(connections, seconds, evaluation));
        fs.Add(await Load.RunAsync(connections, seconds, bare));
    }
    return (Median(es), Median(fs));
}
// A round whose prepared forms ran out before it measured anything has no rate: it is left out.
static Load.Result Median(List<Load.Result> rs)
{
    var measured = rs.Where(r => r.Count > 0).OrderBy(r => r.PerSecond).ToList();
    return measured.Count == 0 ? rs[0] : measured[measured.Count / 2];
}
void Print(string name, Load.Result e, Load.Result f, double target)
{
    var ratio = e.PerSecond / f.PerSecond;
    Console.WriteLine($"{name,-28} Evaluation {e.PerSecond,7:0} req/s p99 {e.P99,6:0.0} ms | floor {f.PerSecond,7:0} req/s p99 {f.P99,6:0.0} ms | ratio {ratio:0.00} (target ≥ {target:0.00}){(e.Errors + f.Errors > 0 ? $"  ERRORS {e.Errors}/{f.Errors}" : "")}{(e.RanOut ? "  (its prepared forms ran out while it was measured)" : "")}");
}

// 0. For profiling by hand (wrk, perf, dotnet-trace): both sites stay up until a line is read from standard input.
if (phases.Contains("serve"))
{
    Console.WriteLine($"serving: {portalUrl}{page} and {floor.Url}{page}; press Enter to stop");
    Console.ReadLine();
}

// 1. The consultation page.
if (phases.Contains("page"))
using (var client = Load.Client(portalUrl))
using (var bare = Load.Client(floor.Url))
{
    // Both warmed up first (JIT, Razor, the pools), then compared.
    await Load.RunAsync(connections, 3, async (_, _) => (await client.GetAsync(page)).StatusCode == HttpStatusCode.OK);
    await Load.RunAsync(connections, 3, async (_, _) => (await bare.GetAsync(page)).StatusCode == HttpStatusCode.OK);
    var (e, f) = await CompareAsync(
        async (_, _) => (await client.GetAsync(page)).StatusCode == HttpStatusCode.OK,
        async (_, _) => (await bare.GetAsync(page)).StatusCode == HttpStatusCode.OK);
    Print("consultation page GET", e, f, 0.70);
    var hits = portal.Services.GetRequiredService<Evaluation.Shared.Web.PageTemplates>().Hits;
    var reads = portal.Services.GetRequiredService<Evaluation.Shared.Data.JoinedReads<long, Evaluation.Portal.Pages.Consultations.KeptPage.Head?>>().Reads;
    Console.WriteLine($"  {hits:N0} pages served from their kept rendering (PageTemplates), on {reads:N0} reads of their head ({(double)hits / reads:0.0} pages per read, JoinedReads)");
}

// 2. The opinion POST, stored: antiforgery, validation, encryption, the captcha's verification and its spending, the
// limiter. Every form is prepared beforehand as a browser would (its page, its solved challenge), so the client's
// work is not timed.
if (phases.Contains("post"))
{
    // Enough for every round at 3,000 stored/s (the Portal has reached 2,400): a round that runs out measures less.
    var forms = await OpinionForms.PrepareAsync(portalUrl, page, connections, rounds * (seconds + Load.WarmUpSeconds) * 3000 + 1000);
    var before = await db.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation });
    var shown = 0L;
    using var bare = Load.Client(floor.Url);
    var (e, f) = await CompareAsync(async (worker, _) =>
    {
        if (!forms.TryTake(worker, out var post)) return null;
        var response = await forms.Clients[worker].SendAsync(post);
        var ok = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/Receipt/", StringComparison.Ordinal) == true;
        if (ok) Interlocked.Increment(ref shown);
        return ok;
    }, async (_, _) =>
    {
        var response = await bare.PostAsync($"/Consultations/{floorTarget}", new FormUrlEncodedContent(OpinionForms.Fields(Guid.NewGuid(), null)));
        return response.StatusCode == HttpStatusCode.Redirect;
    });
    var stored = await db.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }) - before;
    var counted = await db.ScalarAsync<long>("select consultation_opinion_count(@consultation)", new { consultation });
    Print("opinion POST, stored", e, f, 0.50);
    Console.WriteLine($"  {shown:N0} receipts shown, {stored:N0} opinions stored, {counted:N0} counted on the consultation (warm-up included)");
}

// 3. The questionnaire's final submit: a started draft (its start form, with its captcha, done beforehand), the one
// page answered and submitted; against a bare insert of the response and its answers.
if (phases.Contains("questionnaire"))
{
    var questionnaire = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), consultationId: consultation);
    await using (var conn = await db.OpenConnectionAsync())
    {
        floor.Questionnaire = await conn.QuerySingleAsync<(long, long, long, long)>(
            """
            select q.id, q.current_version_id,
                   (select i.id from question_item i where i.version_id = q.current_version_id and i.key = 'q1'),
                   (select i.id from question_item i where i.version_id = q.current_version_id and i.key = 'q2')
            from questionnaire q where q.id = @questionnaire
            """, new { questionnaire });
    }
    // Enough for every round at 2,000 submits/s (the Portal has reached 1,760).
    var drafts = await Drafts.PrepareAsync(portalUrl, questionnaire, floor.Questionnaire.Version, connections, rounds * (seconds + Load.WarmUpSeconds) * 2000 + 1000);
    using var bare = Load.Client(floor.Url);
    var (e, f) = await CompareAsync(async (worker, _) =>
    {
        if (!drafts.TryTake(worker, out var post)) return null;
        var response = await drafts.Clients[worker].SendAsync(post);
        return response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.StartsWith("/Questionnaires/Submitted/", StringComparison.Ordinal) == true;
    }, async (_, _) =>
    {
        var response = await bare.PostAsync($"/Questionnaires/{questionnaire}/Answer", new FormUrlEncodedContent(Drafts.Fields(floor.Questionnaire.Version, null)));
        return response.StatusCode == HttpStatusCode.Redirect;
    });
    Print("questionnaire final submit", e, f, 0.50);
}

// 4. The page with many opinions in its consultation against the page of one with none (median p95 of the rounds).
if (phases.Contains("scale") && bulkOpinions > 0)
{
    var watch = Stopwatch.StartNew();
    await BenchData.LoadOpinionsAsync(db, crowded, bulkOpinions, new Random(12), root.FullName);
    await using (var conn = await db.OpenConnectionAsync())
    {
        await conn.ExecuteAsync("update consultation set opinion_count = (select count(*) from opinion where consultation_id = @crowded) where id = @crowded", new { crowded });
        await conn.ExecuteAsync("vacuum analyze");
    }
    Console.WriteLine($"loaded {bulkOpinions:N0} opinions with COPY in {watch.Elapsed.TotalSeconds:0} s");
    using var client = Load.Client(portalUrl);
    var (nones, manys) = (new List<Load.Result>(), new List<Load.Result>());
    for (var r = 0; r < rounds; r++)
    {
        nones.Add(await Load.RunAsync(connections, seconds, async (_, _) => (await client.GetAsync($"/Consultations/{empty}")).StatusCode == HttpStatusCode.OK));
        manys.Add(await Load.RunAsync(connections, seconds, async (_, _) => (await client.GetAsync($"/Consultations/{crowded}")).StatusCode == HttpStatusCode.OK));
    }
    var none = nones.OrderBy(x => x.P95).ElementAt(rounds / 2);
    var many = manys.OrderBy(x => x.P95).ElementAt(rounds / 2);
    Console.WriteLine($"{"page p95, " + bulkOpinions.ToString("N0", CultureInfo.InvariantCulture) + " opinions",-28} {many.P95:0.0} ms vs {none.P95:0.0} ms with none: {many.P95 / none.P95:0.00} × (target ≤ 1.10); {many.PerSecond:0} vs {none.PerSecond:0} req/s");
}

using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine($"peak working set of this process (Portal, floor and load generator): {self.PeakWorkingSet64 / 1024 / 1024} MB");
await sites.DisposeAsync();
return 0;

namespace Evaluation.Load
{
    /// <summary>The Portal as it runs in production, on Kestrel on a loopback port.</summary>
    public sealed class ProductionPortal(string connectionString) : WebApplicationFactory<PortalSite>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            // As deployed: the Portal's own database role, and the key ring protected by a certificate file.
            builder.UseSetting("ConnectionStrings:Evaluation", Evaluation.Shared.Data.SiteRoles.ConnectionString(connectionString, "portal", null));
            builder.UseSetting("DataProtection:CertificatePath", Evaluation.Tests.Infrastructure.TestKeys.CertificatePath);
            builder.UseSetting("PortalUrl", "http://127.0.0.1");
            // The default provider. Its verification (a SHA-256 and an HMAC, whatever the difficulty) is what every
            // POST pays; a lower difficulty only makes the load generator prepare its forms sooner.
            builder.UseSetting("Captcha:Provider", "ProofOfWork");
            builder.UseSetting("Captcha:ProofOfWork:MaxNumber", "1000");
            builder.UseSetting("Captcha:ProofOfWork:HmacKey", "benchmark-key-benchmark-key-benchmark");
            builder.UseSetting("RateLimits:Submit:PermitLimit", "100000000");
            builder.UseSetting("RateLimits:Answer:PermitLimit", "100000000");
            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        }

        public string Start()
        {
            UseKestrel(0);
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
            return addresses.First().Replace("[::1]", "127.0.0.1").Replace("localhost", "127.0.0.1").TrimEnd('/');
        }
    }

    /// <summary>The floor: minimal ASP.NET Core + Dapper on the same cluster; the page reads the rows the Portal's page
    /// reads and writes the same bytes, the POST inserts the same opinion (no antiforgery, captcha, encryption).</summary>
    public sealed class Floor : IAsyncDisposable
    {
        private WebApplication _app = null!;
        public string Url { get; private set; } = "";
        public byte[] PageHtml { get; set; } = [];
        public (long Questionnaire, long Version, long Q1, long Q2) Questionnaire { get; set; }

        public static async Task<Floor> StartAsync(string connectionString)
        {
            var floor = new Floor();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            // The same connection defaults as the sites (bounded wait, statements prepared automatically): the floor differs
            // from the Portal only in what the Portal does per request.
            builder.Services.AddSingleton(NpgsqlDataSource.Create(Evaluation.Shared.Data.Database.WithDefaults(connectionString)));
            var app = builder.Build();
            app.MapGet("/Consultations/{id:long}", async (long id, NpgsqlDataSource db, HttpContext http) =>
            {
                await using var conn = await db.OpenConnectionAsync();
                using var rows = await conn.QueryMultipleAsync(
                    """
                    select c.id, c.title, c.description_md, c.state, c.opens_at, c.ends_at, c.opinion_count, d.title, d.document_number,
                           d.kind, d.issuing_body, d.issued_on, d.effective_on, d.valid_until, d.summary_md, d.full_text
                    from consultation c join decision d on d.id = c.decision_id where c.id = @id;
                    select id, title, audience, state from questionnaire where consultation_id = @id and current_version_id is not null order by id;
                    """, new { id });
                var view = await rows.ReadSingleOrDefaultAsync();
                await rows.ReadAsync();
                if (view is null) return Results.NotFound();
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.Body.WriteAsync(floor.PageHtml);
                return Results.Empty;
            });
            app.MapPost("/Consultations/{id:long}", async (long id, NpgsqlDataSource db, HttpContext http) =>
            {
                var form = await http.Request.ReadFormAsync();
                await using var conn = await db.OpenConnectionAsync();
                var receipt = Evaluation.Shared.Respondents.Receipt.NewNumber();
                await conn.ExecuteAsync(
                    """
                    insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, contact, region_code, body,
                                         consent_at, submission_token)
                    values (@id, @receipt, 'online', @type, @name, @contact, @region, @body, now(), @token)
                    """, new
                    {
                        id, receipt, type = form["Input.RespondentType"].ToString(), name = form["Input.Name"].ToString(),
                        contact = form["Input.Contact"].ToString(), region = form["Input.RegionCode"].ToString(),
                        body = form["Input.Body"].ToString(), token = Guid.Parse(form["Input.SubmissionToken"].ToString()),
                    });
                return Results.Redirect($"/Receipt/{receipt}");
            });
            app.MapPost("/Questionnaires/{id:long}/Answer", async (long id, NpgsqlDataSource db, HttpContext http) =>
            {
                var form = await http.Request.ReadFormAsync();
                var (questionnaire, version, q1, q2) = floor.Questionnaire;
                await using var conn = await db.OpenConnectionAsync();
                var receipt = Evaluation.Shared.Respondents.Receipt.NewNumber();
                await conn.ExecuteAsync(
                    """
                    with r as (
                        insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, submitted_at)
                        values (@questionnaire, @version, @receipt, 'citizen', 'chuan', now()) returning id
                    ), a as (
                        insert into answer (response_id, item_id, code) select id, @q1, @code from r
                    )
                    insert into answer_text (response_id, item_id, text) select id, @q2, @text from r
                    """, new { questionnaire, version, receipt, q1, q2, code = short.Parse(form["a.q1"].ToString(), CultureInfo.InvariantCulture), text = form["a.q2"].ToString() });
                return Results.Redirect($"/Questionnaires/Submitted/{receipt}");
            });
            await app.StartAsync();
            floor._app = app;
            floor.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return floor;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }

    /// <summary>Opinion forms prepared as a browser prepares them: per connection a client with its antiforgery cookie
    /// and token, per form a fresh submission token and a solved proof-of-work challenge.</summary>
    public sealed class OpinionForms
    {
        public required HttpClient[] Clients { get; init; }
        public required ConcurrentQueue<HttpRequestMessage>[] Queues { get; init; }

        public bool TryTake(int worker, out HttpRequestMessage request) => Queues[worker].TryDequeue(out request!);

        public static Dictionary<string, string> Fields(Guid token, string? antiforgery)
        {
            var fields = new Dictionary<string, string>
            {
                ["Input.RespondentType"] = "citizen", ["Input.Name"] = "张三", ["Input.Contact"] = "13812345678",
                ["Input.RegionCode"] = "xinhualu", ["Input.Consent"] = "true", ["Input.SubmissionToken"] = token.ToString(),
                ["Input.Body"] = "建议在老城区增加临时停车泊位，并对夜间停车实行优惠收费，方便周边居民。收费标准调整前应当公开听取意见。",
            };
            if (antiforgery is not null) fields["__RequestVerificationToken"] = antiforgery;
            return fields;
        }

        public static async Task<OpinionForms> PrepareAsync(string baseUrl, string page, int workers, int count)
        {
            var watch = Stopwatch.StartNew();
            var clients = Enumerable.Range(0, workers).Select(_ => Load.Client(baseUrl, cookies: true)).ToArray();
            var queues = Enumerable.Range(0, workers).Select(_ => new ConcurrentQueue<HttpRequestMessage>()).ToArray();
            var tokens = new string[workers];
            for (var w = 0; w < workers; w++)
            {
                var html = await clients[w].GetStringAsync(page);
                tokens[w] = Antiforgery(html);
            }
            await Parallel.ForAsync(0, count, async (i, ct) =>
            {
                var w = i % workers;
                var challenge = JsonDocument.Parse(await clients[w].GetStringAsync("/captcha/challenge", ct)).RootElement;
                var fields = Fields(Guid.NewGuid(), tokens[w]);
                fields["altcha"] = Solve(challenge);
                queues[w].Enqueue(new HttpRequestMessage(HttpMethod.Post, page) { Content = new FormUrlEncodedContent(fields) });
            });
            Console.WriteLine($"  prepared {count:N0} opinion forms with solved challenges in {watch.Elapsed.TotalSeconds:0.0} s");
            return new OpinionForms { Clients = clients, Queues = queues };
        }

        public static string Antiforgery(string html) =>
            Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value is { Length: > 0 } token
                ? token : throw new InvalidOperationException("no antiforgery token on the page");

        public static string Solve(JsonElement c)
        {
            var salt = c.GetProperty("salt").GetString()!;
            var target = c.GetProperty("challenge").GetString()!;
            var max = c.GetProperty("maxnumber").GetInt32();
            for (var n = 0; n <= max; n++)
                if (Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + n.ToString(CultureInfo.InvariantCulture)))) == target)
                    return Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new
                    {
                        algorithm = "SHA-256", challenge = target, number = n, salt, signature = c.GetProperty("signature").GetString(), took = 1,
                    }));
            throw new InvalidOperationException("challenge without solution");
        }
    }

    /// <summary>Questionnaire drafts started as a browser starts them (the start form with its solved challenge), and
    /// per draft its one page answered with "submit".</summary>
    public sealed class Drafts
    {
        public required HttpClient[] Clients { get; init; }
        public required ConcurrentQueue<HttpRequestMessage>[] Queues { get; init; }

        public bool TryTake(int worker, out HttpRequestMessage request) => Queues[worker].TryDequeue(out request!);

        public static Dictionary<string, string> Fields(long version, string? antiforgery)
        {
            var fields = new Dictionary<string, string>
            {
                ["Version"] = version.ToString(CultureInfo.InvariantCulture), ["a.q1"] = "4", ["a.q2"] = "增加夜间停车泊位", ["nav"] = "submit",
            };
            if (antiforgery is not null) fields["__RequestVerificationToken"] = antiforgery;
            return fields;
        }

        public static async Task<Drafts> PrepareAsync(string baseUrl, long questionnaire, long version, int workers, int count)
        {
            var watch = Stopwatch.StartNew();
            var clients = Enumerable.Range(0, workers).Select(_ => Load.Client(baseUrl, cookies: true)).ToArray();
            var queues = Enumerable.Range(0, workers).Select(_ => new ConcurrentQueue<HttpRequestMessage>()).ToArray();
            var tokens = new string[workers];
            for (var w = 0; w < workers; w++)
                tokens[w] = OpinionForms.Antiforgery(await clients[w].GetStringAsync($"/Questionnaires/{questionnaire}"));
            await Parallel.ForAsync(0, count, async (i, ct) =>
            {
                var w = i % workers;
                var challenge = JsonDocument.Parse(await clients[w].GetStringAsync("/captcha/challenge", ct)).RootElement;
                var start = await clients[w].PostAsync($"/Questionnaires/{questionnaire}?handler=Start", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["altcha"] = OpinionForms.Solve(challenge),
                    ["__RequestVerificationToken"] = tokens[w],
                }), ct);
                var answer = start.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"start answered {start.StatusCode}");
                queues[w].Enqueue(new HttpRequestMessage(HttpMethod.Post, answer) { Content = new FormUrlEncodedContent(Fields(version, tokens[w])) });
            });
            Console.WriteLine($"  started {count:N0} questionnaire drafts in {watch.Elapsed.TotalSeconds:0.0} s");
            return new Drafts { Clients = clients, Queues = queues };
        }
    }

    /// <summary>The load generator: N workers, each one request at a time, for a fixed time after a warm-up.</summary>
    public static class Load
    {
        /// <summary>Before each measurement: long enough for tiered compilation to finish the path's hot code (2 s left
        /// the questionnaire's submit measured half in the JIT).</summary>
        public const int WarmUpSeconds = 5;

        public sealed record Result(long Count, long Errors, double PerSecond, double P95, double P99, bool RanOut = false);

        public static HttpClient Client(string baseUrl, bool cookies = false) =>
            new(new SocketsHttpHandler
            {
                AllowAutoRedirect = false, UseCookies = cookies, MaxConnectionsPerServer = int.MaxValue,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

        /// <summary>Runs <paramref name="request"/> (true: success, false: error, null: nothing left to send).</summary>
        public static async Task<Result> RunAsync(int workers, int seconds, Func<int, CancellationToken, Task<bool?>> request)
        {
            var warmUp = Stopwatch.StartNew();
            var measuring = false;
            var latencies = new List<double>[workers];
            long errors = 0;
            var ranOut = false;
            var measured = new Stopwatch();
            var end = TimeSpan.FromSeconds(WarmUpSeconds + seconds);
            await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                latencies[w] = new List<double>(4096);
                while (warmUp.Elapsed < end)
                {
                    if (!measuring && warmUp.Elapsed >= TimeSpan.FromSeconds(WarmUpSeconds))
                        lock (latencies) if (!measuring) { measuring = true; measured.Start(); }
                    var started = Stopwatch.GetTimestamp();
                    bool? ok;
                    try { ok = await request(w, CancellationToken.None); }
                    catch (HttpRequestException) { ok = false; }
                    catch (TaskCanceledException) { ok = false; }
                    if (ok is null)
                    {
                        if (measuring) ranOut = true;
                        break;
                    }
                    if (!measuring) continue;
                    if (ok == false) Interlocked.Increment(ref errors);
                    else latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            })));
            measured.Stop();
            var all = latencies.SelectMany(l => l).Order().ToArray();
            double Quantile(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
            return new Result(all.Length, errors, all.Length / measured.Elapsed.TotalSeconds, Quantile(0.95), Quantile(0.99), ranOut);
        }
    }
}
