using System.Net;
using Dapper;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.FollowUps;

/// <summary>Art. 30-33: a project is closed only when every follow-up action is done or cancelled with a reason.</summary>
public class CloseTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<(string Stage, DateTime? ClosedAt)> ProjectAsync(long project)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, DateTime?)>("select stage, closed_at from evaluation_project where id = @project", new { project });
    }

    [Fact]
    public async Task Closing_is_refused_while_actions_are_open_listing_them_and_allowed_once_all_are_done_or_cancelled()
    {
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(
            ("修订第五条", "任丘市教育局", new DateOnly(2099, 6, 30)), ("制定实施细则", "任丘市财政局", new DateOnly(2099, 6, 30)));
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var refused = await (await evaluator.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "#close-project")).ReadHtmlAsync();
        var errors = refused.Text(".validation-summary-errors");
        Assert.Contains(Resx.Get("FollowUp.Close.Unfinished", 2), errors);
        Assert.Contains("修订第五条", errors);
        Assert.Contains("制定实施细则", errors);
        Assert.Equal(("follow_up", (DateTime?)null), await ProjectAsync(project));

        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("update follow_up_action set status = 'done', finished_at = now() where id = @id", new { id = actions[0] });
        refused = await (await evaluator.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "#close-project")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Close.Unfinished", 1), refused.Text(".validation-summary-errors"));
        Assert.DoesNotContain("修订第五条", refused.Text(".validation-summary-errors"));

        await evaluator.SubmitAsync($"/FollowUps/Details/{actions[1]}", new Dictionary<string, string?> { ["CancelReason"] = "并入第五条修订" }, "#cancel-form");
        var closed = await evaluator.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "#close-project");
        Assert.Equal($"/Projects/Details/{project}", closed.RequestMessage!.RequestUri!.AbsolutePath);
        var (stage, closedAt) = await ProjectAsync(project);
        Assert.Equal("closed", stage);
        Assert.NotNull(closedAt);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'close_project'", new { id = project.ToString() }));
        Assert.Null((await evaluator.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelector("#close-project"));
    }

    [Fact]
    public async Task A_decision_without_actions_lets_the_project_close_at_once()
    {
        var (project, _) = await sites.DataSource.ProjectInFollowUpAsync();
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        await evaluator.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "#close-project");
        Assert.Equal("closed", (await ProjectAsync(project)).Stage);
    }

    [Fact]
    public async Task Closing_is_for_managing_staff_who_see_the_project_and_only_in_follow_up()
    {
        var (project, _) = await sites.DataSource.ProjectInFollowUpAsync();
        var (other, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/FollowUps/Close/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/FollowUps/Close/{project}")).StatusCode);
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        Assert.Equal("/Account/AccessDenied", (await reviewer.PostWithTokenAsync($"/FollowUps/Close/{project}")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("follow_up", (await ProjectAsync(project)).Stage);

        var deliberating = await sites.DataSource.ProjectInDeliberationAsync();
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var early = await (await evaluator.PostWithTokenAsync($"/FollowUps/Close/{deliberating}")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Close.NotInFollowUp", Resx.Get("Stage.deliberation")), early.Body!.TextContent);
        Assert.Equal("deliberation", (await ProjectAsync(deliberating)).Stage);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'close_project' and entity_id in (@a, @b)",
            new { a = project.ToString(), b = deliberating.ToString() }));
    }
}
