using System.Diagnostics;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Bench;
using Evaluation.Tests.Infrastructure;

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
Console.WriteLine($"all findings computed:              {compute:0} ms  ({compute / floor:0.00} × the floor; target ≤ 3)");
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

using var self = Process.GetCurrentProcess();
self.Refresh();
Console.WriteLine($"peak memory of this process:        {self.PeakWorkingSet64 / 1024 / 1024} MB  (target < 1024; the benchmark hosts Admin in-process)");
await sites.DisposeAsync();
return 0;

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
