using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

public class PlanTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Every_save_is_a_new_version_and_an_earlier_one_reads_without_a_form_to_change_it()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        await client.SubmitAsync($"/Projects/Plan/{project}", ProjectData.CompletePlan());
        await client.SubmitAsync($"/Projects/Plan/{project}", new Dictionary<string, string?>(ProjectData.CompletePlan()) { ["Input.Budget"] = "五万元" });

        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>("select count(*) from project_plan_version where project_id = @project", new { project }));
        var current = await client.GetHtmlAsync($"/Projects/Plan/{project}");
        Assert.Equal("五万元", current.QuerySelector("#Input_Budget")!.TextContent);
        var first = await client.GetHtmlAsync($"/Projects/Plan/{project}?version=1");
        Assert.Equal("三万元", first.QuerySelector("#Input_Budget")!.TextContent);
        Assert.Contains(Texts.Get("ProjectPlan.OldVersion", 1), first.Body!.TextContent);
        Assert.NotNull(first.QuerySelector("fieldset[disabled]"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync($"/Projects/Plan/{project}?version=9")).StatusCode);
    }

    [Fact]
    public async Task An_end_before_the_start_is_refused_and_nothing_is_saved()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var page = await (await client.SubmitAsync($"/Projects/Plan/{project}",
            new Dictionary<string, string?>(ProjectData.CompletePlan()) { ["Input.EndsOn"] = "2025-12-31" })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("ProjectPlan.EndsBeforeStart"), page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from project_plan_version where project_id = @project", new { project }));
    }
}
