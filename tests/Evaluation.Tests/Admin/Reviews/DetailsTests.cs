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
    public async Task A_pass_with_changes_lists_the_changes_and_moves_the_project_to_deliberation()
    {
        var (project, _, review) = await SentAsync();
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var unlisted = await (await reviewer.SubmitAsync($"/Reviews/Details/{review}",
            new Dictionary<string, string?> { ["Outcome"] = "passed_with_changes" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Review.Changes.Required"), unlisted.Body!.TextContent);
        Assert.Equal("legality_review", await StageAsync(project));

        await reviewer.SubmitAsync($"/Reviews/Details/{review}", new Dictionary<string, string?>
        {
            ["Outcome"] = "passed_with_changes", ["Changes"] = "一、删去第五条第二款；二、补充听证程序", ["Reasons"] = "不应保存",
        });
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Outcome, string Changes, string? Reasons)>(
            "select outcome, changes, reasons from legality_review where id = @review", new { review });
        Assert.Equal(("passed_with_changes", "一、删去第五条第二款；二、补充听证程序", (string?)null), row);
        Assert.Equal("deliberation", await StageAsync(project));
        var page = await reviewer.GetHtmlAsync($"/Reviews/Details/{review}");
        Assert.Equal(Resx.Get("Legality.passed_with_changes"), page.Text("#review-outcome"));
        Assert.Contains("一、删去第五条第二款", page.Body!.TextContent);
        Assert.Contains("测试评估项目", (await reviewer.GetHtmlAsync("/Reviews")).QuerySelector("#decided-reviews")!.TextContent);
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
        Assert.Equal(new[] { "Outcome", "Changes", "Reasons", "__RequestVerificationToken" },
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
