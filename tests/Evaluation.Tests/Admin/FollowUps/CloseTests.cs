using System.Net;
using Dapper;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.FollowUps;

/// <summary>Art. 31-33: a project is closed only when every follow-up action is accepted by the organizer or cancelled with
/// its approval; a report or a cancellation request still awaiting the organizer keeps it open.</summary>
public class CloseTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<(string Stage, DateTime? ClosedAt)> ProjectAsync(long project)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, DateTime?)>("select stage, closed_at from evaluation_project where id = @project", new { project });
    }

    private async Task<string[]> StatusesAsync(long[] actions)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>("select status from follow_up_action where id = any(@actions) order by id", new { actions })).ToArray();
    }

    [Fact]
    public async Task Closing_is_refused_until_every_action_is_accepted_or_its_cancellation_approved()
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

        // Reported done and asked to be cancelled: both still await the organizer, closing is still refused.
        var (education, _, _) = await sites.StaffOfAsync("任丘市教育局");
        var (finance, _, _) = await sites.StaffOfAsync("任丘市财政局");
        await education.SubmitWithFilesAsync($"/FollowUps/Details/{actions[0]}",
            new Dictionary<string, string?> { ["Status"] = "reported", ["Note"] = "第五条已修订" }, [], "#update-form");
        await finance.SubmitAsync($"/FollowUps/Details/{actions[1]}", new Dictionary<string, string?> { ["CancelReason"] = "并入第五条修订" }, "#cancel-form");
        Assert.Equal(["reported", "cancel_requested"], await StatusesAsync(actions));
        refused = await (await evaluator.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "#close-project")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Close.Unfinished", 2), refused.Text(".validation-summary-errors"));
        Assert.Contains(Resx.Get("FollowUp.reported"), refused.Text(".validation-summary-errors"));

        var (organizer, _) = await sites.SignedInAsync("organizer");
        await organizer.SubmitAsync($"/FollowUps/Details/{actions[0]}", new Dictionary<string, string?>(), "#accept-form");
        refused = await (await evaluator.SubmitAsync($"/Projects/Details/{project}", new Dictionary<string, string?>(), "#close-project")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Close.Unfinished", 1), refused.Text(".validation-summary-errors"));
        Assert.DoesNotContain("修订第五条", refused.Text(".validation-summary-errors"));
        Assert.Equal("follow_up", (await ProjectAsync(project)).Stage);

        await organizer.SubmitAsync($"/FollowUps/Details/{actions[1]}", new Dictionary<string, string?>(), "#approve-cancel-form");
        Assert.Equal(["done", "cancelled"], await StatusesAsync(actions));
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
