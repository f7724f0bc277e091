using System.Net;
using Dapper;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.FollowUps;

/// <summary>Art. 31-33: the addressed department reports on its action with evidence and reports it done; the organizer
/// accepts (done) or returns it; the department asks for cancellation, the organizer approves or refuses it, and an action
/// carrying out the meeting's decision is cancelled only with a later decision; other departments do not find it.</summary>
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
        Assert.NotNull(page.QuerySelector("#cancel-form"));   // the department asks; the organizer decides
        Assert.Null(page.QuerySelector("#accept-form"));
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

        // The department reports done with its note; that is not done yet: the organizer accepts it.
        var noReportNote = await (await education.SubmitWithFilesAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["Status"] = "reported", ["Note"] = "" }, [], "#update-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Report.NoteRequired"), noReportNote.Body!.TextContent);
        await education.SubmitWithFilesAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["Status"] = "reported", ["Note"] = "修订后的《办法》已印发" },
            [new MultipartForms.Upload("Evidence", "印发通知.pdf", MultipartForms.Pdf(120))], "#update-form");
        var reported = await ActionAsync(action);
        Assert.Equal(("reported", (DateTime?)null), (reported.Status, reported.FinishedAt));
        var awaiting = await education.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Null(awaiting.QuerySelector("#update-form"));
        Assert.Null(awaiting.QuerySelector("#accept-form"));
        Assert.Equal(Resx.Get("FollowUp.Awaiting.Organizer"), awaiting.Text("#awaiting"));

        // The department may not accept its own report: the refusal names who may and the status stays.
        var selfAccept = await education.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=Accept", new());
        Assert.Equal(HttpStatusCode.Forbidden, selfAccept.StatusCode);
        Assert.Contains(Resx.Get("FollowUp.Who.Organizer", Resx.Get("FollowUp.Act.accept")), (await selfAccept.ReadHtmlAsync()).Text(".validation-summary-errors"));
        // Nor report again while the report awaits the organizer.
        var again = await education.PostWithTokenAsync($"/FollowUps/Details/{action}", new() { ["Status"] = "in_progress", ["Note"] = "补充" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains(Resx.Get("FollowUp.Refused.Status", Resx.Get("FollowUp.reported"), Resx.Get("FollowUp.Act.progress"), Resx.Get("FollowUp.Needs.progress")),
            (await again.ReadHtmlAsync()).Text(".validation-summary-errors"));
        Assert.Equal("reported", (await ActionAsync(action)).Status);

        var (organizer, _) = await sites.SignedInAsync("organizer");
        var toAccept = await organizer.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Contains("修订后的《办法》已印发", toAccept.Text("#updates"));
        Assert.NotNull(toAccept.QuerySelector("#return-form"));
        await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["Note"] = "经核查，已印发" }, "#accept-form");
        var done = await ActionAsync(action);
        Assert.Equal("done", done.Status);
        Assert.NotNull(done.FinishedAt);
        var finished = await education.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Null(finished.QuerySelector("#update-form"));
        Assert.Null(finished.QuerySelector("#cancel-form"));
        Assert.Equal(Resx.Get("FollowUp.done"), finished.Text("#status").Split('（')[0]);
        var late = await education.PostWithTokenAsync($"/FollowUps/Details/{action}", new() { ["Status"] = "in_progress", ["Note"] = "重开" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("done", (await ActionAsync(action)).Status);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'update_follow_up'", new { id = project.ToString() }));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'report_follow_up'", new { id = project.ToString() }));
        Assert.Equal("reported|done|经核查，已印发", await sites.DataSource.ScalarAsync<string>(
            """
            select concat_ws('|', before ->> 'follow_up', after ->> 'follow_up', after ->> 'note') from audit_log
            where entity_id = @id and action = 'accept_follow_up'
            """, new { id = project.ToString() }));
    }

    [Fact]
    public async Task The_organizer_returns_a_report_with_a_reason_back_to_in_progress_and_evaluators_may_not_accept()
    {
        sites.AdminClock.Set(DateTimeOffset.UtcNow);
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(("清理配套文件", "任丘市教育局", new DateOnly(2099, 6, 30)));
        var action = actions[0];
        var (education, _, _) = await sites.StaffOfAsync("任丘市教育局");
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var early = await organizer.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=Accept", new());
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains(Resx.Get("FollowUp.Needs.accept"), (await early.ReadHtmlAsync()).Text(".validation-summary-errors"));
        var byOrganizer = await organizer.PostWithTokenAsync($"/FollowUps/Details/{action}", new() { ["Status"] = "reported", ["Note"] = "代为报告" });
        Assert.Equal(HttpStatusCode.Forbidden, byOrganizer.StatusCode);
        Assert.Contains(Resx.Get("FollowUp.Who.Department", Resx.Get("FollowUp.Act.report"), "任丘市教育局"), (await byOrganizer.ReadHtmlAsync()).Text(".validation-summary-errors"));

        await education.SubmitWithFilesAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["Status"] = "reported", ["Note"] = "已清理" }, [], "#update-form");
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var byEvaluator = await evaluator.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=Accept", new());
        Assert.Equal(HttpStatusCode.Forbidden, byEvaluator.StatusCode);
        var noReason = await (await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["Reason"] = "" }, "#return-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Return.ReasonRequired"), noReason.Body!.TextContent);
        Assert.Equal("reported", (await ActionAsync(action)).Status);

        await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["Reason"] = "未附清理目录，请补充" }, "#return-form");
        var returned = await ActionAsync(action);
        Assert.Equal(("in_progress", (DateTime?)null), (returned.Status, returned.FinishedAt));
        var page = await education.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.Contains("未附清理目录，请补充", page.Text("#updates"));
        Assert.Contains(Resx.Get("FollowUp.Act.return"), page.Text("#updates"));
        Assert.NotNull(page.QuerySelector("#update-form"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'return_follow_up'", new { id = project.ToString() }));
    }

    [Fact]
    public async Task The_department_requests_cancellation_with_a_reason_and_only_the_organizer_approves_or_refuses_it()
    {
        sites.AdminClock.Set(DateTimeOffset.UtcNow);
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(("制定配套实施细则", "任丘市财政局", new DateOnly(2099, 1, 1)));
        var action = actions[0];
        var (finance, _, _) = await sites.StaffOfAsync("任丘市财政局");
        var noReason = await (await finance.SubmitAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["CancelReason"] = "" }, "#cancel-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.CancelReason.Required"), noReason.Body!.TextContent);
        Assert.Equal("open", (await ActionAsync(action)).Status);
        // The project's evaluators no longer cancel: the request is the department's, the decision the organizer's.
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=Cancel",
            new() { ["CancelReason"] = "不再需要" })).StatusCode);

        await finance.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["CancelReason"] = "上位法已修改，细则不再需要" }, "#cancel-form");
        var requested = await ActionAsync(action);
        Assert.Equal(("cancel_requested", "上位法已修改，细则不再需要", (DateTime?)null), (requested.Status, requested.CancelReason, requested.FinishedAt));
        var selfApprove = await finance.PostWithTokenAsync($"/FollowUps/Details/{action}?handler=ApproveCancel", new());
        Assert.Equal(HttpStatusCode.Forbidden, selfApprove.StatusCode);
        Assert.Contains(Resx.Get("FollowUp.Who.Organizer", Resx.Get("FollowUp.Act.approve_cancel")), (await selfApprove.ReadHtmlAsync()).Text(".validation-summary-errors"));

        // Refused with a reason: back to in progress, the request's reason gone.
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var noRefusalReason = await (await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["Reason"] = "" }, "#refuse-cancel-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Refuse.ReasonRequired"), noRefusalReason.Body!.TextContent);
        await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["Reason"] = "细则仍有必要" }, "#refuse-cancel-form");
        Assert.Equal(("in_progress", (string?)null), ((await ActionAsync(action)).Status, (await ActionAsync(action)).CancelReason));

        // Asked again and approved: cancelled with the department's reason, by the organizer.
        await finance.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["CancelReason"] = "已并入新办法第五条" }, "#cancel-form");
        await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?>(), "#approve-cancel-form");
        var cancelled = await ActionAsync(action);
        Assert.Equal(("cancelled", "已并入新办法第五条"), (cancelled.Status, cancelled.CancelReason));
        Assert.NotNull(cancelled.FinishedAt);
        Assert.NotNull(await sites.DataSource.ScalarAsync<long?>("select decided_by from follow_up_action where id = @action", new { action }));
        foreach (var (audit, count) in new[] { ("request_follow_up_cancel", 2L), ("refuse_follow_up_cancel", 1L), ("cancel_follow_up", 1L) })
            Assert.Equal(count, await sites.DataSource.ScalarAsync<long>(
                "select count(*) from audit_log where entity_id = @id and action = @audit", new { id = project.ToString(), audit }));
    }

    [Fact]
    public async Task An_action_carrying_out_the_decision_is_cancelled_only_with_a_later_decisions_number_and_date()
    {
        // 2026-06-30 12:00 in China; the meeting was on 2026-03-01.
        sites.AdminClock.Set(new DateTimeOffset(2026, 6, 30, 4, 0, 0, TimeSpan.Zero));
        var (_, actions) = await sites.DataSource.ProjectInFollowUpAsync(("修改《办法》", "任丘市教育局", new DateOnly(2099, 6, 30)));
        var action = actions[0];
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("update follow_up_action set carries_decision = true where id = @action", new { action });
        var (education, _, _) = await sites.StaffOfAsync("任丘市教育局");
        await education.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?> { ["CancelReason"] = "不再修改" }, "#cancel-form");
        Assert.Equal("cancel_requested", (await ActionAsync(action)).Status);

        var (organizer, _) = await sites.SignedInAsync("organizer");
        var page = await organizer.GetHtmlAsync($"/FollowUps/Details/{action}");
        Assert.NotNull(page.QuerySelector("#carries-decision"));
        var without = await (await organizer.SubmitAsync($"/FollowUps/Details/{action}", new Dictionary<string, string?>(), "#approve-cancel-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Later.Required"), without.Body!.TextContent);
        var before = await (await organizer.SubmitAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["LaterReference"] = "任政字〔2026〕9号", ["LaterOn"] = "2026-02-01" }, "#approve-cancel-form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("FollowUp.Later.Date", "2026年3月1日"), before.Body!.TextContent);
        Assert.Equal("cancel_requested", (await ActionAsync(action)).Status);

        await organizer.SubmitAsync($"/FollowUps/Details/{action}",
            new Dictionary<string, string?> { ["LaterReference"] = "任政字〔2026〕9号", ["LaterOn"] = "2026-06-15" }, "#approve-cancel-form");
        Assert.Equal("cancelled", (await ActionAsync(action)).Status);
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            Assert.Equal(("任政字〔2026〕9号", new DateOnly(2026, 6, 15)), await conn.QuerySingleAsync<(string, DateOnly)>(
                "select later_decision_reference, later_decision_on from follow_up_action where id = @action", new { action }));
        Assert.Contains("任政字〔2026〕9号", (await organizer.GetHtmlAsync($"/FollowUps/Details/{action}")).Text("#later-decision"));
    }

    [Fact]
    public async Task An_action_past_its_due_date_and_not_finished_is_flagged_overdue_by_the_clock()
    {
        // 2026-06-30 12:00 in China.
        sites.AdminClock.Set(new DateTimeOffset(2026, 6, 30, 4, 0, 0, TimeSpan.Zero));
        var (project, actions) = await sites.DataSource.ProjectInFollowUpAsync(
            ("修订第五条", "任丘市教育局", new DateOnly(2026, 6, 30)), ("清理配套文件", "任丘市教育局", new DateOnly(2026, 6, 1)));
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("update follow_up_action set status = 'done', finished_at = now(), decided_by = created_by where id = @id", new { id = actions[1] });
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
