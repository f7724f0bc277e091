using Dapper;
using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Demo;

/// <summary>Admin marks demo decisions and consultations, and the demo consultation's findings page shows the six standards.</summary>
public class DemoMarkTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Demo_records_carry_the_mark_and_the_findings_page_of_the_demo_consultation_shows_every_standard()
    {
        await DemoSeed.RunAsync(sites.ConnectionString, sites.DataSource, sites.PersonalData, new FindingsOptions(), sites.Clock);
        var real = await sites.DataSource.DecisionAsync("任丘市真实决策");
        var (client, _) = await sites.SignedInAsync("organizer");

        var list = await client.GetHtmlAsync("/Decisions");
        var rows = list.QuerySelectorAll("table tbody tr").ToList();
        Assert.Equal(3, rows.Count(r => r.QuerySelector(".demo-mark") is not null));
        Assert.Null(rows.Single(r => r.TextContent.Contains("任丘市真实决策")).QuerySelector(".demo-mark"));
        Assert.Equal(Texts.Get("Demo.Mark"), rows.First(r => r.QuerySelector(".demo-mark") is not null).QuerySelector(".demo-mark")!.TextContent);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var consultation = await conn.ExecuteScalarAsync<long>("select id from consultation where title = @ConsultationTitle", new { DemoHistory.ConsultationTitle });
        Assert.NotNull((await client.GetHtmlAsync($"/Consultations/Details/{consultation}")).QuerySelector("h1 .demo-mark"));
        Assert.Null((await client.GetHtmlAsync($"/Decisions/Details/{real}")).QuerySelector("h1 .demo-mark"));

        var findings = await client.GetHtmlAsync($"/Findings/consultation/{consultation}");
        var body = findings.Body!.TextContent;
        foreach (var standard in new[] { "合法性", "合理性", "协调性", "可操作性", "规范性", "实效性" }) Assert.Contains(standard, body);
        Assert.Contains("强烈要求在办法中写明", body);   // the campaign
    }
}
