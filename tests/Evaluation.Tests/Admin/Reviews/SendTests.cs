using System.Net;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reviews;

/// <summary>Art. 24: the latest finalized report version of a project in the conclusion stage goes to legality review.</summary>
public class SendTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<string> StageAsync(long project) =>
        await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project });

    private async Task<long> ReviewsAsync(long project) =>
        await sites.DataSource.ScalarAsync<long>("select count(*) from legality_review where project_id = @project", new { project });

    [Fact]
    public async Task Sending_needs_a_finalized_version_and_sends_the_latest_finalized_one()
    {
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectInStageAsync("conclusion");
        await sites.DataSource.ReportVersionAsync(project, 1, finalized: false);

        var page = await evaluator.GetHtmlAsync($"/Reviews/Send/{project}");
        Assert.Contains(Resx.Get("Review.Send.NoFinalizedVersion"), page.Body!.TextContent);
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var refused = await (await evaluator.PostWithTokenAsync($"/Reviews/Send/{project}")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Send.NoFinalizedVersion"), refused.Body!.TextContent);
        Assert.Equal(0, await ReviewsAsync(project));
        Assert.Equal("conclusion", await StageAsync(project));

        var finalized = await sites.DataSource.ReportVersionAsync(project, 2);
        await sites.DataSource.ReportVersionAsync(project, 3, finalized: false);   // a later draft is not the report yet
        var details = await evaluator.GetHtmlAsync($"/Projects/Details/{project}");
        Assert.Equal($"/Reports/{project}?version=2", details.QuerySelector("#later-stages ~ dl a[href^='/Reports/']")!.GetAttribute("href"));
        Assert.NotNull(details.QuerySelector("#send-to-review"));

        var sent = await evaluator.SubmitAsync($"/Reviews/Send/{project}", new Dictionary<string, string?>());
        Assert.Equal($"/Projects/Details/{project}", sent.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("legality_review", await StageAsync(project));
        Assert.Equal(finalized, await sites.DataSource.ScalarAsync<long>(
            "select report_version_id from legality_review where project_id = @project and outcome is null", new { project }));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'evaluation_project' and entity_id = @id and action = 'send_to_legality_review'",
            new { id = project.ToString() }));

        // Sent once: a second send is refused, with the stage named.
        var again = await (await evaluator.PostWithTokenAsync($"/Reviews/Send/{project}")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Send.NotInConclusion", Resx.Get("Stage.legality_review")), again.Body!.TextContent);
        Assert.Equal(1, await ReviewsAsync(project));
    }

    [Fact]
    public async Task A_project_outside_the_scope_is_not_found_and_the_legal_reviewer_may_not_send()
    {
        var project = await sites.DataSource.ProjectInStageAsync("conclusion");
        await sites.DataSource.ReportVersionAsync(project, 1);
        var (other, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Reviews/Send/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Reviews/Send/{project}")).StatusCode);

        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var denied = await reviewer.PostWithTokenAsync($"/Reviews/Send/{project}");
        Assert.Equal("/Account/AccessDenied", denied.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(0, await ReviewsAsync(project));
        Assert.Equal("conclusion", await StageAsync(project));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity = 'evaluation_project' and entity_id = @id", new { id = project.ToString() }));
    }
}
