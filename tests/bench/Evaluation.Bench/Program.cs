using System.Diagnostics;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Bench;
using Evaluation.Shared.Opinions;
using Evaluation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

// The analysis benchmark (issue 5): a consultation with N questionnaire responses of 20 questions and M opinions of
// Chinese text with a few campaigns, generated from a fixed seed on a throwaway cluster. Prints the time to compute
// all findings against a hand-written SQL aggregate over the same answers (the floor) measured in the same run, the
// findings page once computed, and peak memory.
//   dotnet run -c Release --project tests/bench/Evaluation.Bench -- [responses=1000000] [opinions=100000]
// Unhandled exceptions skip the process-exit handlers that stop the throwaway cluster: end normally instead.
AppDomain.CurrentDomain.UnhandledException += (_, e) => { Console.Error.WriteLine(e.ExceptionObject); Environment.Exit(1); };
var responses = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
var opinions = args.Length > 1 ? int.Parse(args[1]) : 100_000;
Console.WriteLine($"Evaluation analysis benchmark: {responses:N0} responses × 20 questions, {opinions:N0} opinions");

// The sites run from this checkout's source folders (their content roots), wherever the benchmark is started.
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !File.Exists(Path.Combine(root.FullName, "Evaluation.sln"))) root = root.Parent;
foreach (var site in new[] { "Portal", "Admin" })
    Environment.SetEnvironmentVariable($"ASPNETCORE_TEST_CONTENTROOT_EVALUATION_{site.ToUpperInvariant()}", Path.Combine(root!.FullName, "src", site));

// The sites as deployed: the findings page serves its last result "as of" when computing takes a second or more.
Environment.SetEnvironmentVariable("EVALUATION_SERVE_STALE_AFTER_MS", "1000");
await using var sites = new SitesFixture();
await sites.InitializeAsync();
// Loading and indexing tens of millions of rows takes longer than the default command timeout.
await using var db = Npgsql.NpgsqlDataSource.Create(sites.ConnectionString + ";Command Timeout=0");
var random = new Random(20231731);

var watch = Stopwatch.StartNew();
var consultation = await sites.ConsultationAsync(title: "基准测试征求意见");
var questionnaire = await sites.PublishedQuestionnaireAsync(BenchData.Definition(), consultationId: consultation, title: "基准测试问卷");
await BenchData.LoadResponsesAsync(db, questionnaire, responses, random);
await BenchData.LoadOpinionsAsync(db, consultation, opinions, random, root!.FullName);
await using (var conn = await db.OpenConnectionAsync())
{
    await conn.ExecuteAsync("update consultation set data_version = data_version + 1 where id = @consultation", new { consultation });
    await conn.ExecuteAsync("vacuum analyze", commandTimeout: 600);
}
var answers = await db.ScalarAsync<long>("select count(*) from answer");
Console.WriteLine($"generated {answers:N0} answers and {opinions:N0} opinions in {watch.Elapsed.TotalSeconds:0.0} s");

// Segmentation and similarity signatures are computed once per opinion and stored (a backfill here; analyses after
// it compute only what is new), so they are timed apart from the findings.
await using (var conn = await db.OpenConnectionAsync())
{
    var features = await Evaluation.Analysis.Text.TextFeatures.ComputeMissingAsync(conn, [consultation]);
    Console.WriteLine($"text features, once per opinion:    {features.Elapsed.TotalSeconds:0.0} s for {features.Opinions:N0} opinions");
}

// The floor: one hand-written aggregate over the same answers.
var floor = await BestOfAsync(3, async () =>
{
    await using var conn = await db.OpenConnectionAsync();
    await conn.QueryAsync(
        """
        select a.item_id, a.code, count(*) from answer a join response r on r.id = a.response_id
        where r.questionnaire_id = @questionnaire group by a.item_id, a.code
        """, new { questionnaire }, commandTimeout: 600);
});
var options = new FindingsOptions();
var compute = await BestOfAsync(3, async () =>
{
    await using var conn = await db.OpenConnectionAsync();
    await FindingsEngine.ComputeAsync(conn, FindingsScope.Consultation(consultation), options, TimeProvider.System);
});
Console.WriteLine($"hand-written SQL aggregate (floor): {floor:0} ms");
Console.WriteLine($"all findings computed:              {compute:0} ms  ({compute / floor:0.00} × the floor; target ≤ 1.5)");
await using (var conn = await db.OpenConnectionAsync())
{
    var text = await Evaluation.Analysis.Text.TextFindings.ComputeAsync(conn, consultation);
    Console.WriteLine($"  of which text findings:           {text!.Elapsed.TotalMilliseconds:0} ms ({text.Opinions:N0} opinions, {text.DistinctTexts:N0} distinct texts, "
                      + $"{text.Campaigns.Count:N0} campaigns holding {text.OpinionsInCampaigns:N0} opinions, {text.FeaturesComputed} features computed anew)");
}

// The Admin findings page: the first request computes and caches, later ones read the cache until new data arrives.
var (client, _) = await sites.SignedInAsync("evaluation_staff");
var first = Stopwatch.StartNew();
(await client.GetAsync($"/Findings/consultation/{consultation}")).EnsureSuccessStatusCode();
first.Stop();
var page = await BestOfAsync(5, async () => (await client.GetAsync($"/Findings/consultation/{consultation}")).EnsureSuccessStatusCode());
Console.WriteLine($"findings page, first request:       {first.ElapsedMilliseconds} ms (computes and caches)");
Console.WriteLine($"findings page, once computed:       {page:0} ms  (target < 1000)");

// While opinions keep arriving: every view finds newer data than its cached result. The page answers at once with the
// last complete result and says as of when (截至), and computes the next one in the background (FindingsRefresher).
var personalData = sites.Admin.Services.GetRequiredService<Evaluation.Shared.Privacy.PersonalData>();
var arriving = new List<double>();
var shownEarlier = 0;
for (var i = 0; i < 5; i++)
{
    var submitted = await db.SubmitAsync(personalData, new NewOpinion(consultation, "online", "citizen", null, null,
        "xinhualu", $"基准测试期间到达的意见 {i}", true), DateTime.UtcNow);
    if (submitted is not SubmitResult.Accepted) throw new InvalidOperationException($"opinion refused: {submitted}");
    var view = Stopwatch.StartNew();
    var html = await (await client.GetAsync($"/Findings/consultation/{consultation}")).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    arriving.Add(view.Elapsed.TotalMilliseconds);
    if (html.Contains("id=\"as-of\"", StringComparison.Ordinal)) shownEarlier++;
}
Console.WriteLine($"findings page, opinions arriving:   {arriving.Max():0} ms at most over {arriving.Count} views, {shownEarlier} of them showing the last complete result with 截至 (target < 1000)");

// The export of all responses as CSV (Admin) against PostgreSQL's COPY of the same responses and answers, with the
// working set sampled while it streams.
using (var sampler = Process.GetCurrentProcess())
{
    sampler.Refresh();
    var baseline = sampler.WorkingSet64;
    var peak = baseline;
    using var sampling = new CancellationTokenSource();
    var sampled = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            sampler.Refresh();
            peak = Math.Max(peak, sampler.WorkingSet64);
            await Task.Delay(50);
        }
    });
    var exportWatch = Stopwatch.StartNew();
    long exportBytes;
    using (var response = await client.GetAsync($"/Questionnaires/Export/{questionnaire}?format=csv", HttpCompletionOption.ResponseHeadersRead))
    {
        response.EnsureSuccessStatusCode();
        exportBytes = await CountAsync(await response.Content.ReadAsStreamAsync());
    }
    var exportMs = exportWatch.Elapsed.TotalMilliseconds;
    await sampling.CancelAsync();
    await sampled;
    var copyWatch = Stopwatch.StartNew();
    long copyBytes;
    await using (var conn = await db.OpenConnectionAsync())
    using (var copy = await conn.BeginTextExportAsync(
        $"""
        copy (select r.id, r.receipt_number, r.respondent_type, r.region_code, r.submitted_at, array_agg(a.code order by a.item_id) as codes
              from response r join answer a on a.response_id = r.id where r.questionnaire_id = {questionnaire} group by r.id order by r.id)
        to stdout (format csv, header)
        """))
    {
        var buffer = new char[81920];
        copyBytes = 0;
        int read;
        while ((read = await copy.ReadAsync(buffer)) > 0) copyBytes += read;
    }
    var copyMs = copyWatch.Elapsed.TotalMilliseconds;
    Console.WriteLine($"export of {responses:N0} responses (CSV): {exportMs / 1000:0.0} s, {exportBytes / 1024 / 1024:N0} MB; COPY of the same rows {copyMs / 1000:0.0} s, "
                      + $"{copyBytes / 1024 / 1024:N0} MB; speed {copyMs / exportMs:0.00} of COPY's (target ≥ 0.5); working set {baseline / 1024 / 1024:N0} MB before, "
                      + $"{peak / 1024 / 1024:N0} MB at most while exporting");
}

using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine($"peak memory of this process:        {self.PeakWorkingSet64 / 1024 / 1024} MB  (target < 1024; the benchmark hosts Admin in-process)");
await sites.DisposeAsync();
return 0;

static async Task<long> CountAsync(Stream stream)
{
    var buffer = new byte[81920];
    long total = 0;
    int read;
    while ((read = await stream.ReadAsync(buffer)) > 0) total += read;
    return total;
}

static async Task<double> BestOfAsync(int runs, Func<Task> action)
{
    var best = double.MaxValue;
    for (var i = 0; i < runs; i++)
    {
        var w = Stopwatch.StartNew();
        await action();
        best = Math.Min(best, w.Elapsed.TotalMilliseconds);
    }
    return best;
}
