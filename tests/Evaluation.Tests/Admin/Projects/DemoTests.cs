using Evaluation.Cli;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>A fresh run shows the seed document's own evaluation as a project in implementation.</summary>
public class DemoTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_demo_project_is_in_implementation_with_its_team_plan_methods_and_data_request_once()
    {
        Assert.True(Migrations.LoadDemoData(sites.ConnectionString).Successful);
        await Migrations.PublishDemoQuestionnairesAsync(sites.ConnectionString);
        Assert.True(await DemoProject.EnsureAsync(sites.DataSource, sites.PersonalData, sites.Now));
        Assert.False(await DemoProject.EnsureAsync(sites.DataSource, sites.PersonalData, sites.Now));

        var (client, _) = await sites.SignedInAsync("organizer");
        var list = await client.GetHtmlAsync("/Projects");
        var row = list.QuerySelectorAll("table.list tbody tr").Single(r => r.TextContent.Contains("实施情况后评估"));
        Assert.Contains(Texts.Get("Stage.implementation"), row.TextContent);

        var details = await client.GetHtmlAsync(row.QuerySelector("a")!.GetAttribute("href")!);
        Assert.Contains(Texts.Get("Project.Team.Count", 3), details.Body!.TextContent);
        Assert.Contains(Texts.Get("Method.symposium"), details.Text("#methods ~ table"));
        Assert.Contains("规范性文件备案审查和清理数据", details.Body.TextContent);
        Assert.NotNull(details.QuerySelector("tr.linked"));   // the seed document's consultations are linked

        var team = await client.GetHtmlAsync(details.QuerySelector("a[href*='/Projects/Team/']")!.GetAttribute("href")!);
        Assert.Contains("王**", team.Body!.TextContent);
        Assert.DoesNotContain("王立法", team.Body.TextContent);
    }
}
