using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reviews;

/// <summary>Art. 24: the justice bureau reads the finalized report and gives its opinion; only it does, and it cannot edit the report.</summary>
public class DetailsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<string> StageAsync(long project) =>
        await sites.DataSource.ScalarAsync<string>("select stage from evaluation_project where id = @project", new { project });

    private async Task<string?> OutcomeAsync(long review)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string?>("select outcome from legality_review where id = @review", new { review });
    }

    private async Task<(long Project, long Version, long Review)> SentAsync()
    {
        var project = await sites.DataSource.ProjectInStageAsync("legality_review");
        var version = await sites.DataSource.ReportVersionAsync(project, 1, true,
            new ReviewData.Rec("amend", "第五条与上位法不一致", "任丘市教育局"), new ReviewData.Rec("improve_enforcement", "加强执法检查"));
        return (project, version, await sites.DataSource.LegalityReviewAsync(project, version, null));
    }

    [Fact]
    public async Task A_return_needs_reasons_and_brings_the_project_back_to_conclusion_for_a_new_version()
    {
        var (project, version, review) = await SentAsync();
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var queue = await reviewer.GetHtmlAsync("/Reviews");
        Assert.Contains("测试评估项目", queue.QuerySelector("#open-reviews")!.TextContent);

        var page = await reviewer.GetHtmlAsync($"/Reviews/Details/{review}");
        Assert.Contains("第1版：评估工作基本情况", page.Body!.TextContent);
        Assert.Contains("第五条与上位法不一致", page.Body.TextContent);
        Assert.Contains("任丘市教育局", page.Body.TextContent);
        var hash = await sites.DataSource.ScalarAsync<byte[]>("select content_hash from report_version where id = @version", new { version });
        Assert.Equal(Convert.ToHexString(hash).ToLowerInvariant(), page.Text("#content-hash"));
        Assert.NotNull(page.QuerySelector($"a[href='/Findings/project/{project}']"));
        Assert.NotNull(page.QuerySelector($"a[href='/Reports/{project}?version=1']"));

        var noReasons = await (await reviewer.SubmitAsync($"/Reviews/Details/{review}",
            new Dictionary<string, string?> { ["Outcome"] = "returned", ["Reasons"] = "  " })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Reasons.Required"), noReasons.Body!.TextContent);
        Assert.Null(await OutcomeAsync(review));
        Assert.Equal("legality_review", await StageAsync(project));

        await reviewer.SubmitAsync($"/Reviews/Details/{review}",
            new Dictionary<string, string?> { ["Outcome"] = "returned", ["Reasons"] = "第五条设定罚款缺乏上位法依据" });
        Assert.Equal("returned", await sites.DataSource.ScalarAsync<string>("select outcome from legality_review where id = @review", new { review }));
        Assert.Equal("第五条设定罚款缺乏上位法依据", await sites.DataSource.ScalarAsync<string>("select reasons from legality_review where id = @review", new { review }));
        Assert.Equal("conclusion", await StageAsync(project));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'record_legality_review'", new { id = project.ToString() }));

        // A decided review takes no second opinion.
        var twice = await (await reviewer.PostWithTokenAsync($"/Reviews/Details/{review}",
            new() { ["Outcome"] = "passed" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.AlreadyDecided"), twice.Body!.TextContent);
        Assert.Equal("conclusion", await StageAsync(project));

        // The evaluators answer with a new version: the returned one is not sent again.
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var resend = await (await evaluator.PostWithTokenAsync($"/Reviews/Send/{project}")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Send.VersionReturned"), resend.Body!.TextContent);
        var second = await sites.DataSource.ReportVersionAsync(project, 2);
        await evaluator.SubmitAsync($"/Reviews/Send/{project}", new Dictionary<string, string?>());
        Assert.Equal(second, await sites.DataSource.ScalarAsync<long>(
            "select report_version_id from legality_review where project_id = @project and outcome is null", new { project }));
        Assert.Equal("legality_review", await StageAsync(project));
    }

    [Fact]
    public async Task A_pass_with_changes_is_a_checklist_the_agency_answers_in_a_new_version_before_deliberation()
    {
        var (project, version, review) = await SentAsync();
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var unlisted = await (await reviewer.SubmitAsync($"/Reviews/Details/{review}",
            new Dictionary<string, string?> { ["Outcome"] = "passed_with_changes" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Changes.Required"), unlisted.Body!.TextContent);
        // Art. 24: the opinion is not dated before the report it reviews was finalized.
        var early = await (await reviewer.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?>
        {
            ["Outcome"] = "passed_with_changes", ["Changes"] = "删去第五条第二款", ["ReviewedOn"] = "2000-01-01",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Start("Dates.Review.BeforeFinalized"), early.Body!.TextContent);
        Assert.Null(await OutcomeAsync(review));

        await reviewer.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?>
        {
            ["Outcome"] = "passed_with_changes", ["Changes"] = "1. 删去第五条第二款\n2. 补充听证程序", ["Reasons"] = "不应保存",
        });
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Outcome, string Changes, string? Reasons)>(
            "select outcome, changes, reasons from legality_review where id = @review", new { review });
        Assert.Equal(("passed_with_changes", "1. 删去第五条第二款\n2. 补充听证程序", (string?)null), row);
        Assert.Equal(["删去第五条第二款", "补充听证程序"], (await conn.QueryAsync<string>(
            "select change from legality_change where review_id = @review order by position", new { review })).ToArray());
        // The project waits for the changes: no deliberation yet, and the organizer cannot record a decision.
        Assert.Equal("legality_review", await StageAsync(project));
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Null((await organizer.GetHtmlAsync($"/Projects/Decision/{project}")).QuerySelector("main form[method=post]"));

        // The agency cannot answer in the reviewed version, nor forward before every change is answered.
        var (evaluator, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await evaluator.GetHtmlAsync($"/Reviews/Details/{review}");
        Assert.Contains(Resx.Get("Review.Answer.NoNewVersion", 1), page.Text("#revised-version"));
        var first = await conn.ExecuteScalarAsync<long>("select id from legality_change where review_id = @review and position = 1", new { review });
        var noVersion = await (await evaluator.PostWithTokenAsync($"/Reviews/Details/{review}?handler=Answer",
            new() { ["ChangeId"] = first.ToString(), ["Note"] = "已删去" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Answer.NoNewVersion", 1), noVersion.Body!.TextContent);
        var early2 = await (await evaluator.PostWithTokenAsync($"/Reviews/Details/{review}?handler=Revise")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Stage.Missing.ChangesOpen"), early2.Body!.TextContent);
        Assert.Equal("legality_review", await StageAsync(project));

        // The report is open again for the revision (Art. 24), and only for it: a new version is drafted and finalized.
        var drafted = await evaluator.PostWithTokenAsync($"/Reports/{project}?handler=Draft");
        Assert.Equal(2L, await conn.ExecuteScalarAsync<long>("select count(*) from report_version where project_id = @project", new { project }));
        var revised = await sites.DataSource.ReportVersionAsync(project, 3, true, new ReviewData.Rec("amend", "删去第五条第二款并补充听证程序", "任丘市教育局"));

        page = await evaluator.GetHtmlAsync($"/Reviews/Details/{review}");
        Assert.Contains(Resx.Get("Review.Answer.InVersion", 3), page.Text("#revised-version"));
        var blank = await (await evaluator.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?> { ["Note"] = " " },
            "#change-1 form")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Answer.NoteRequired"), blank.Body!.TextContent);
        await evaluator.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?> { ["Note"] = "第3版已删去第五条第二款" }, "#change-1 form");
        await evaluator.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?> { ["Note"] = "第3版第七条补充了听证程序" }, "#change-2 form");
        Assert.Equal([revised, revised], (await conn.QueryAsync<long>(
            "select answered_version_id from legality_change where review_id = @review order by position", new { review })).ToArray());

        // The reviewer reads the answers beside the changes; it cannot forward the report itself.
        var read = await reviewer.GetHtmlAsync($"/Reviews/Details/{review}");
        Assert.Contains("第3版第七条补充了听证程序", read.Text("#change-2"));
        Assert.Contains(Resx.Get("Review.Answer.Done"), read.Text("#change-1"));
        Assert.Null(read.QuerySelector("form#revise"));
        Assert.Equal("/Account/AccessDenied", (await reviewer.PostWithTokenAsync($"/Reviews/Details/{review}?handler=Revise")).RequestMessage!.RequestUri!.AbsolutePath);

        await evaluator.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?>(), "form#revise");
        Assert.Equal("deliberation", await StageAsync(project));
        Assert.Equal(revised, await conn.ExecuteScalarAsync<long>("select revised_version_id from legality_review where id = @review", new { review }));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where entity_id = @id and action = 'revise_after_legality_review' and after->>'stage' = 'deliberation'",
            new { id = project.ToString() }));
        // The report is closed again, and the meeting deliberates on the revised version.
        Assert.Null((await evaluator.GetHtmlAsync($"/Reports/{project}")).QuerySelector("form[action*='handler=Draft']"));
        var decision = await organizer.GetHtmlAsync($"/Projects/Decision/{project}");
        Assert.Contains(Resx.Get("Review.VersionNumber", 3), decision.Body!.TextContent);
        Assert.Contains(Resx.Get("LaterStages.ChangesAnswered", 2, 2), (await organizer.GetHtmlAsync($"/Projects/Details/{project}")).Text("#later-stages + dl"));
        Assert.Contains("测试评估项目", (await reviewer.GetHtmlAsync("/Reviews")).QuerySelector("#decided-reviews")!.TextContent);
        _ = drafted;
        _ = version;
    }

    [Fact]
    public async Task The_meeting_is_not_dated_before_the_legality_review()
    {
        var (project, _, review) = await SentAsync();
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var today = DateOnly.FromDateTime(Evaluation.Shared.Web.Display.ToChinaTime(DateTime.UtcNow));
        await reviewer.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?>
        {
            ["Outcome"] = "passed", ["ReviewedOn"] = today.ToString("yyyy-MM-dd"),
        });
        Assert.Equal("deliberation", await StageAsync(project));
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var fields = new Dictionary<string, string?>
        {
            ["Input.MeetingOn"] = today.AddDays(-1).ToString("yyyy-MM-dd"), ["Input.MeetingReference"] = "市政府第12次常务会议",
            ["Input.Outcome"] = "amend", ["Input.Details"] = "同意评估报告的建议", ["Actions[0].DueOn"] = today.AddDays(90).ToString("yyyy-MM-dd"),
        };
        var refused = await (await organizer.SubmitAsync($"/Projects/Decision/{project}", fields)).ReadHtmlAsync();
        Assert.Contains(Resx.Start("Dates.Meeting.BeforeReview"), refused.Body!.TextContent);
        Assert.Equal("deliberation", await StageAsync(project));
        await organizer.SubmitAsync($"/Projects/Decision/{project}", new Dictionary<string, string?>(fields) { ["Input.MeetingOn"] = today.ToString("yyyy-MM-dd") });
        Assert.Equal("follow_up", await StageAsync(project));
    }

    [Fact]
    public async Task Only_the_legal_reviewer_records_the_opinion_and_nothing_here_edits_the_report()
    {
        var (project, version, review) = await SentAsync();
        var content = await sites.DataSource.ScalarAsync<string>("select content::text from report_version where id = @version", new { version });

        // The evaluators and the organizer read the review; their posts are refused and change nothing.
        foreach (var role in new[] { "evaluation_staff", "organizer", "administrator" })
        {
            var (client, _) = await sites.SignedInAsync(role);
            var page = await client.GetHtmlAsync($"/Reviews/Details/{review}");
            Assert.Null(page.QuerySelector("main form[method=post]"));
            var denied = await client.PostWithTokenAsync($"/Reviews/Details/{review}", new() { ["Outcome"] = "passed" });
            Assert.Equal("/Account/AccessDenied", denied.RequestMessage!.RequestUri!.AbsolutePath);
        }
        var (organizer, _) = await sites.SignedInAsync("organizer");
        Assert.Contains(Resx.Get("Review.List.HintReadOnly"), (await organizer.GetHtmlAsync("/Reviews")).Body!.TextContent);
        Assert.Null(await OutcomeAsync(review));

        // The reviewer's one form is the opinion: no field of the report's content, and the report is unchanged after it.
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var forms = (await reviewer.GetHtmlAsync($"/Reviews/Details/{review}")).QuerySelectorAll("main form[method=post]");
        var form = Assert.Single(forms);
        Assert.Equal(new[] { "Outcome", "ReviewedOn", "Changes", "Reasons", "__RequestVerificationToken" },
            form.QuerySelectorAll("[name]").Select(e => e.GetAttribute("name")!).Distinct().ToArray());
        await reviewer.PostWithTokenAsync($"/Reviews/Details/{review}?handler=Edit", new() { ["Content"] = "改写的报告" });
        Assert.Equal(content, await sites.DataSource.ScalarAsync<string>("select content::text from report_version where id = @version", new { version }));
        await reviewer.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?> { ["Outcome"] = "passed" });
        Assert.Equal("deliberation", await StageAsync(project));
        Assert.Equal(content, await sites.DataSource.ScalarAsync<string>("select content::text from report_version where id = @version", new { version }));
    }

    [Fact]
    public async Task Staff_of_another_department_get_not_found_for_the_review()
    {
        var (_, _, review) = await SentAsync();
        var (other, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Reviews/Details/{review}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Reviews/Details/{review}", new() { ["Outcome"] = "passed" })).StatusCode);
        Assert.DoesNotContain("测试评估项目", (await other.GetHtmlAsync("/Reviews")).Body!.TextContent);
        Assert.Null(await OutcomeAsync(review));
    }
}
