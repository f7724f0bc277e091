using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_list_shows_the_projects_in_scope_filtered_by_stage()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync(), title: "本部门的项目");
        await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync(department: "任丘市教育局"), agency: "任丘市教育局", title: "别部门的项目");

        var all = await client.GetHtmlAsync("/Projects");
        Assert.Contains("本部门的项目", all.Body!.TextContent);
        Assert.DoesNotContain("别部门的项目", all.Body.TextContent);
        var inImplementation = await client.GetHtmlAsync("/Projects?stage=implementation");
        Assert.DoesNotContain("本部门的项目", inImplementation.Body!.TextContent);
    }
}
