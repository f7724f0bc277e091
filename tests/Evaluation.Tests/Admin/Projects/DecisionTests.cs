using System.Net;
using Dapper;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>Art. 29-33: the organizer records the executive meeting's decision, possibly not the report's recommendation,
/// and the follow-up actions it causes.</summary>
public class DecisionTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<string> StageAsync(long project) =>
        await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project });

    private static readonly ReviewData.Rec[] Recommendations =
        [new("amend", "修改第五条", "任丘市教育局"), new("improve_enforcement", "加强执法检查")];

    [Fact]
    public async Task A_decision_differing_from_the_recommendation_must_say_so_and_is_shown_beside_it()
    {
        var project = await sites.DataSource.ProjectInDeliberationAsync(Recommendations);
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var page = await organizer.GetHtmlAsync($"/Projects/Decision/{project}");
        // Pre-filled from the recommendation that names a department; the outcomes are those of a normative document.
        Assert.Contains("修改第五条", page.QuerySelector("textarea[name='Actions[0].What']")!.TextContent);
        Assert.Equal("任丘市教育局", page.QuerySelector("select[name='Actions[0].DepartmentId'] option[selected]")!.TextContent);
        Assert.Null(page.QuerySelector("textarea[name='Actions[4].What']"));
        Assert.Equal(new[] { "", "continue", "amend", "repeal", "complete_systems", "improve_enforcement" },
            page.QuerySelectorAll("select[name='Input.Outcome'] option").Select(o => o.GetAttribute("value")!).ToArray());

        var fields = new Dictionary<string, string?>
        {
            ["Input.MeetingOn"] = "2026-03-01", ["Input.MeetingReference"] = "市政府第12次常务会议", ["Input.Outcome"] = "repeal",
            ["Input.Details"] = "会议认为该文件已不适应实际，决定废止", ["Actions[0].DueOn"] = "2026-12-31",
        };
        var unexplained = await (await organizer.SubmitAsync($"/Projects/Decision/{project}", fields)).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Deliberation.Differs.Unexplained"), unexplained.Body!.TextContent);
        Assert.Contains(Resx.Get("Deliberation.Differs"), unexplained.Text("#differs"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from executive_decision where project_id = @project", new { project }));
        Assert.Equal("deliberation", await StageAsync(project));

        var incompleteRow = await (await organizer.SubmitAsync($"/Projects/Decision/{project}",
            new Dictionary<string, string?>(fields) { ["Input.DifferenceExplained"] = "true", ["Actions[1].What"] = "清理配套文件" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Row.Incomplete", 2), incompleteRow.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from follow_up_action where project_id = @project", new { project }));

        var recorded = await organizer.SubmitAsync($"/Projects/Decision/{project}",
            new Dictionary<string, string?>(fields) { ["Input.DifferenceExplained"] = "true", ["Actions[0].CarriesDecision"] = "true" });
        Assert.Equal($"/Projects/Details/{project}", recorded.RequestMessage!.RequestUri!.AbsolutePath);
        // Art. 29, 31-33: the action carrying out the repeal is marked: it is cancelled only by a later decision.
        Assert.True(await sites.DataSource.ScalarAsync<bool>("select bool_and(carries_decision) from follow_up_action where project_id = @project", new { project }));
        Assert.Equal("follow_up", await StageAsync(project));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(("repeal", "市政府第12次常务会议"), await conn.QuerySingleAsync<(string, string)>(
            "select outcome, meeting_reference from executive_decision where project_id = @project", new { project }));
        var action = await conn.QuerySingleAsync<(string What, string Department, DateOnly DueOn, string Status)>(
            """
            select a.what, d.name, a.due_on, a.status from follow_up_action a join department d on d.id = a.department_id
            where a.project_id = @project
            """, new { project });
        Assert.Contains("修改第五条", action.What);
        Assert.Equal(("任丘市教育局", new DateOnly(2026, 12, 31), "open"), (action.Department, action.DueOn, action.Status));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'record_executive_decision'", new { id = project.ToString() }));

        // Both are shown, the difference named, on the decision page and on the project.
        var shown = await organizer.GetHtmlAsync($"/Projects/Decision/{project}");
        Assert.Equal(Resx.Get("Deliberation.Differs"), shown.Text("#differs"));
        Assert.Contains(Resx.Get("Outcome.amend"), shown.Text("#recommended"));
        Assert.Contains(Resx.Get("Outcome.repeal"), shown.Text("#decision"));
        Assert.Contains(Resx.Get("Deliberation.Differs"), (await organizer.GetHtmlAsync($"/Projects/Details/{project}")).Body!.TextContent);

        // Recorded once.
        var twice = await (await organizer.PostWithTokenAsync($"/Projects/Decision/{project}", new()
        {
            ["Input.MeetingOn"] = "2026-03-01", ["Input.MeetingReference"] = "第13次", ["Input.Outcome"] = "amend", ["Input.Details"] = "再议",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Deliberation.NotInDeliberation", Resx.Get("Stage.follow_up")), twice.Body!.TextContent);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from executive_decision where project_id = @project", new { project }));
    }

    [Fact]
    public async Task A_decision_as_recommended_needs_no_confirmation_and_shows_no_difference()
    {
        var project = await sites.DataSource.ProjectInDeliberationAsync(Recommendations);
        var (organizer, _) = await sites.SignedInAsync("organizer");
        await organizer.SubmitAsync($"/Projects/Decision/{project}", new Dictionary<string, string?>
        {
            ["Input.MeetingOn"] = "2026-03-01", ["Input.MeetingReference"] = "市政府第12次常务会议", ["Input.Outcome"] = "amend",
            ["Input.Details"] = "同意报告建议", ["Actions[0].What"] = null, ["Actions[0].DepartmentId"] = "",
        });
        Assert.Equal("follow_up", await StageAsync(project));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from follow_up_action where project_id = @project", new { project }));
        Assert.Null((await organizer.GetHtmlAsync($"/Projects/Decision/{project}")).QuerySelector("#differs"));
    }

    [Fact]
    public async Task Only_the_organizer_records_the_decision_and_other_departments_do_not_find_it()
    {
        var project = await sites.DataSource.ProjectInDeliberationAsync(Recommendations);
        var fields = new Dictionary<string, string>
        {
            ["Input.MeetingOn"] = "2026-03-01", ["Input.MeetingReference"] = "市政府第12次常务会议", ["Input.Outcome"] = "amend", ["Input.Details"] = "同意",
        };
        foreach (var role in new[] { "administrator", "evaluation_staff", "legal_reviewer" })
        {
            var (client, _) = await sites.SignedInAsync(role);
            var page = await client.GetHtmlAsync($"/Projects/Decision/{project}");
            Assert.Null(page.QuerySelector("main form[method=post]"));
            var denied = await client.PostWithTokenAsync($"/Projects/Decision/{project}", fields);
            Assert.Equal("/Account/AccessDenied", denied.RequestMessage!.RequestUri!.AbsolutePath);
        }
        var (other, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Projects/Decision/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Projects/Decision/{project}", fields)).StatusCode);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from executive_decision where project_id = @project", new { project }));
        Assert.Equal("deliberation", await StageAsync(project));
    }
}
