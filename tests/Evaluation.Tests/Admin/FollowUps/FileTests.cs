using System.Net;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.FollowUps;

/// <summary>The evidence of a follow-up update opens for those who see the action, audited; for others it is not found.</summary>
public class FileTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Evidence_opens_for_the_project_and_the_department_audited_and_is_not_found_elsewhere()
    {
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(("整改执法程序", "任丘市财政局", new DateOnly(2099, 3, 1)));
        var (finance, _, _) = await sites.StaffOfAsync("任丘市财政局");
        await finance.SubmitWithFilesAsync($"/FollowUps/Details/{actions[0]}",
            new Dictionary<string, string?> { ["Status"] = "in_progress", ["Note"] = "已开展培训" },
            [new MultipartForms.Upload("Evidence", "培训签到.pdf", MultipartForms.Pdf(200))], "#update-form");
        var attachment = await sites.DataSource.ScalarAsync<long>(
            "select attachment_id from follow_up_update where action_id = @action", new { action = actions[0] });
        var url = $"/FollowUps/File/{actions[0]}/{attachment}";

        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");   // runs the project
        var opened = await evaluator.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(MultipartForms.Pdf(200), await opened.Content.ReadAsByteArrayAsync());
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'view_attachment'", new { id = project.ToString() }));

        var (transport, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.Equal(HttpStatusCode.NotFound, (await transport.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await evaluator.GetAsync($"/FollowUps/File/{actions[0]}/{attachment + 1000}")).StatusCode);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'view_attachment'", new { id = project.ToString() }));
    }
}
