using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>Once the report went to legality review, the project's team, plan, methods and links no longer change; the
/// data of the conclusions is fixed already in the conclusion stage, where the team still may (Art. 20: the experts).</summary>
public class LaterStagesTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<long> CountAsync(string table, long project) =>
        await sites.DataSource.ScalarAsync<long>($"select count(*) from {table} where project_id = @project", new { project });

    [Fact]
    public async Task Team_plan_methods_and_links_are_refused_once_the_project_is_past_conclusion()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var me = await sites.DataSource.ScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        var project = await sites.DataSource.ProjectInStageAsync("legality_review");
        var locked = Resx.Get("LaterStages.Locked", Resx.Get("Stage.legality_review"));

        var team = await (await client.PostWithTokenAsync($"/Projects/Team/{project}?handler=AddStaff",
            new() { ["StaffUserId"] = me.ToString(), ["TeamRole"] = "leader" })).ReadHtmlAsync();
        Assert.Contains(locked, team.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_member", project));

        var plan = await (await client.PostWithTokenAsync($"/Projects/Plan/{project}",
            ProjectData.CompletePlan().ToDictionary(f => f.Key, f => f.Value!))).ReadHtmlAsync();
        Assert.Contains(locked, plan.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_plan_version", project));

        var method = await (await client.PostWithTokenAsync($"/Projects/Method/{project}", new()
        {
            ["Input.Method"] = "symposium", ["Input.HeldOn"] = "2026-03-02", ["Input.Summary"] = "座谈会",
        })).ReadHtmlAsync();
        Assert.Contains(locked, method.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_method", project));

        var decision = await sites.DataSource.ScalarAsync<long>("select decision_id from evaluation_project where id = @project", new { project });
        var consultation = await sites.ConsultationAsync(decision);
        await client.PostWithTokenAsync($"/Projects/Details/{project}?handler=Link", new() { ["ConsultationId"] = consultation.ToString() });
        Assert.Equal(0, await CountAsync("project_consultation", project));
        Assert.Null((await client.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelector("form[action*='handler=Link']"));
    }

    [Fact]
    public async Task In_the_conclusion_stage_the_team_may_still_change_but_the_plan_may_not()
    {
        var (client, userName) = await sites.SignedInAsync("evaluation_staff");
        var me = await sites.DataSource.ScalarAsync<long>("select id from staff_user where user_name = @userName", new { userName });
        var project = await sites.DataSource.ProjectInStageAsync("conclusion");
        var (_, _, colleague) = await sites.StaffOfAsync("任丘市司法局");
        await client.PostWithTokenAsync($"/Projects/Team/{project}?handler=AddStaff", new() { ["StaffUserId"] = colleague.ToString(), ["TeamRole"] = "expert" });
        Assert.Equal(1, await CountAsync("project_member", project));
        var plan = await (await client.PostWithTokenAsync($"/Projects/Plan/{project}",
            ProjectData.CompletePlan().ToDictionary(f => f.Key, f => f.Value!))).ReadHtmlAsync();
        Assert.Contains(Resx.Get("LaterStages.Locked", Resx.Get("Stage.conclusion")), plan.Body!.TextContent);
        Assert.Equal(0, await CountAsync("project_plan_version", project));
    }

    [Fact]
    public async Task A_closed_project_is_read_only_and_shows_no_edit_form()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectInStageAsync("closed");
        var details = await client.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Contains(Resx.Get("Project.ReadOnly"), details.Text("#read-only"));
        Assert.Null(details.QuerySelector("main form[method=post]"));
        Assert.Null(details.QuerySelector("main a[href*='/DataRequests/Create']"));
        Assert.Null(details.QuerySelector("main a[href*='/Projects/Method/']"));
        foreach (var url in new[]
                 {
                     $"/Projects/Team/{project}", $"/Projects/Plan/{project}", $"/Projects/Method/{project}", $"/DataRequests/Create/{project}",
                     $"/Reports/{project}", $"/Projects/CostBenefit/{project}", $"/Projects/Evidence/{project}", $"/Projects/Decision/{project}",
                 })
            Assert.True((await client.GetHtmlAsync(url)).QuerySelector("main form[method=post] button[type=submit]") is null, url);

        // A data request posted anyway is refused in words and not stored.
        var refused = await (await client.PostWithTokenAsync($"/DataRequests/Create/{project}", new()
        {
            ["Input.DepartmentId"] = "1", ["Input.Subject"] = "补充材料", ["Input.Details"] = "请提供", ["Input.DueOn"] = "2099-01-01",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("LaterStages.Locked", Resx.Get("Stage.closed")), refused.Body!.TextContent);
        Assert.Equal(0, await sites.DataSource.ScalarAsync<long>("select count(*) from data_request where project_id = @project", new { project }));
    }
}
