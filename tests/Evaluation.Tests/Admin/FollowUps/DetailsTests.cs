using System.Net;
using Dapper;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.FollowUps;

/// <summary>Art. 30-33: the addressed department reports on its action with evidence; the project's staff may cancel it
/// with a reason; other departments do not find it.</summary>
public class DetailsTests(ClockedSitesFixture sites) : IClassFixture<ClockedSitesFixture>
{
    private async Task<(string Status, DateTime? FinishedAt, string? CancelReason)> ActionAsync(long action)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(string, DateTime?, string?)>(
            "select status, finished_at, cancel_reason from follow_up_action where id = @action", new { action });
    }

    [Fact]
    public async Task The_addressed_department_updates_its_action_with_evidence_without_seeing_the_project_and_others_get_not_found()
    {
        sites.AdminClock.Set(DateTimeOffset.UtcNow);
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(("修订《办法》第五条", "任丘市教育局", new DateOnly(2099, 6, 30)));
        var action = actions[0];
        var (education, _, _) = await sites.StaffOfAsync("任丘市教育局");
        Assert.Equal(HttpStatusCode.NotFound, (await education.GetAsync($"/Projects/Details/{project}")).StatusCode);
        var list = await education.GetHtmlAsync("/FollowUps");
        Assert.Contains("修订《办法》第五条", list.Text("#follow-ups"));
        Assert.Contains(Resx.Get("FollowUp.ForMyDepartment"), list.Text("#follow-ups"));

        var page = await education.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Null(page.QuerySelector("#cancel-form"));   // cancelling is the project's staff's
        var noNote = await (await education.SubmitWithFilesAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["Status"] = "in_progress", ["Note"] = " " }, [], "#update-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Note.Required"), noNote.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from follow_up_update where action_id = @action", new { action }));

        await education.SubmitWithFilesAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["Status"] = "in_progress", ["Note"] = "修订草案已起草，正在征求意见" },
            [new MultipartForms.Upload("Evidence", "修订草案.pdf", MultipartForms.Pdf())], "#update-form");
        Assert.Equal("in_progress", (await ActionAsync(action)).Status);
        var attachment = await sites.DataSource.ScalarAsync<long>("select attachment_id from follow_up_update where action_id = @action", new { action });
        var shown = await education.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Contains("修订草案已起草", shown.Text("#updates"));
        var fileUrl = $"/FollowUps/File/{action}/{attachment}";
        Assert.NotNull(shown.QuerySelector($"a[href='{fileUrl}']"));
        var download = await education.GetAsync(fileUrl);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(MultipartForms.Pdf(), await download.Content.ReadAsByteArrayAsync());

        // Another department: not in its list, not found, nothing changed; its forged posts neither.
        var (transport, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.DoesNotContain("修订《办法》第五条", (await transport.GetHtmlAsync("/FollowUps?show=all")).Body!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await transport.GetAsync($"/FollowUps/Details/{action}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await transport.GetAsync(fileUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await transport.PostWithTokenAsync($"/FollowUps/Details/{action}",
            new() { ["Status"] = "done", ["Note"] = "伪造" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await transport.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=Cancel",
            new() { ["CancelReason"] = "伪造" })).StatusCode);
        Assert.Equal("in_progress", (await ActionAsync(action)).Status);

        // The department may not cancel: it reports, the project's staff decide.
        var denied = await education.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=Cancel", new() { ["CancelReason"] = "不再需要" });
        Assert.Equal("/Account/AccessDenied", denied.RequestMessage!.RequestUri!.AbsolutePath);

        await education.SubmitWithFilesAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["Status"] = "done", ["Note"] = "修订后的《办法》已印发" }, [], "#update-form");
        var done = await ActionAsync(action);
        Assert.Equal("done", done.Status);
        Assert.NotNull(done.FinishedAt);
        var finished = await education.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Null(finished.QuerySelector("#update-form"));
        var late = await education.PostWithTokenAsync($"/FollowUps/Details/{action}", new() { ["Status"] = "open", ["Note"] = "重开" });
        Assert.Equal("/Account/AccessDenied", late.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("done", (await ActionAsync(action)).Status);
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'update_follow_up'", new { id = project.ToString() }));
    }

    [Fact]
    public async Task Cancelling_needs_a_reason_and_is_for_the_projects_managing_staff()
    {
        sites.AdminClock.Set(DateTimeOffset.UtcNow);
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(("制定配套实施细则", "任丘市财政局", new DateOnly(2099, 1, 1)));
        var action = actions[0];
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");   // the justice bureau runs the project
        var noReason = await (await evaluator.SubmitAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["CancelReason"] = "" }, "#cancel-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.CancelReason.Required"), noReason.Body!.TextContent);
        Assert.Equal("open", (await ActionAsync(action)).Status);

        await evaluator.SubmitAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["CancelReason"] = "上位法已修改，细则不再需要" }, "#cancel-form");
        var cancelled = await ActionAsync(action);
        Assert.Equal(("cancelled", "上位法已修改，细则不再需要"), (cancelled.Status, cancelled.CancelReason));
        Assert.NotNull(cancelled.FinishedAt);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'cancel_follow_up'", new { id = project.ToString() }));
    }

    [Fact]
    public async Task An_action_past_its_due_date_and_not_finished_is_flagged_overdue_by_the_clock()
    {
        // 2026-06-30 12:00 in China.
        sites.AdminClock.Set(new DateTimeOffset(2026, 6, 30, 4, 0, 0, TimeSpan.Zero));
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(
            ("修订第五条", "任丘市教育局", new DateOnly(2026, 6, 30)), ("清理配套文件", "任丘市教育局", new DateOnly(2026, 6, 1)));
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("update follow_up_action set status = 'done', finished_at = now() where id = @id", new { id = actions[1] });
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        Assert.Empty((await evaluator.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelectorAll("#project-follow-ups tr.overdue"));
        Assert.Empty((await evaluator.GetHtmlAsync("/FollowUps?show=overdue")).QuerySelectorAll($"tr[data-id='{actions[0]}']"));

        sites.AdminClock.Set(new DateTimeOffset(2026, 7, 1, 4, 0, 0, TimeSpan.Zero));
        (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var projectPage = await evaluator.GetHtmlAsync($"/Projects/Details/{project}");
        var flagged = Assert.Single(projectPage.QuerySelectorAll("#project-follow-ups tr.overdue"));
        Assert.Contains("修订第五条", flagged.TextContent);
        Assert.Contains(Resx.Get("FollowUp.Overdue"), flagged.TextContent);
        var overdue = await evaluator.GetHtmlAsync("/FollowUps?show=overdue");
        Assert.NotNull(overdue.QuerySelector($"tr.overdue[data-id='{actions[0]}']"));
        Assert.Null(overdue.QuerySelector($"tr[data-id='{actions[1]}']"));   // done in time or late, it is not overdue
        var done = await evaluator.GetHtmlAsync("/FollowUps?show=done");
        Assert.NotNull(done.QuerySelector($"tr[data-id='{actions[1]}']"));
        Assert.Null(done.QuerySelector($"tr[data-id='{actions[0]}']"));
        Assert.Equal(Resx.Get("FollowUp.Overdue"), (await evaluator.GetHtmlAsync($"/FollowUps/Details/{actions[0]}")).Text("#overdue"));
    }
}
