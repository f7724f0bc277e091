using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>Art. 20: a standard-procedure report is finalized after the experts' 论证 of that version, or with the reason
/// why there was none; the simplified procedure (Art. 22-23) needs neither.</summary>
public class FinalizeTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    /// <summary>The message beside the reason's field (the refusal is about it).</summary>
    private static string Errors(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector("#finalize-form .field-error")?.TextContent ?? "";

    /// <summary>A project with version 2 of its report, complete but for the 论证.</summary>
    private async Task<ReportProject> ReadyAsync(string title)
    {
        var r = await sites.ConclusionProjectAsync(title: title);
        await r.Staff.DraftAsync(r.Project);
        await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?>
        {
            ["Recommendations[0].Kind"] = "continue", ["Recommendations[0].Reasoning"] = "总体运行良好。",
        });
        return r;
    }

    private Task<long> FinalizedAsync(long project) =>
        sites.DataSource.ScalarAsync<long>("select count(*) from report_version where project_id = @project and finalized_at is not null", new { project });

    private async Task<string?> ReasonAsync(long project, int version = 2)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string?>("select no_review_reason from report_version where project_id = @project and version = @version",
            new { project, version });
    }

    private Task<HttpResponseMessage> FinalizeAsync(ReportProject r, string? reason = null) =>
        r.Staff.SubmitAsync($"/Reports/{r.Project}?version=2", new Dictionary<string, string?> { ["NoReviewReason"] = reason }, "form[action*='handler=Finalize']");

    [Fact]
    public async Task A_standard_procedure_report_without_a_review_is_refused_until_the_reason_is_given_which_is_kept_shown_and_audited()
    {
        var r = await ReadyAsync("城市供热管理办法");
        var page = await r.Staff.GetHtmlAsync($"/Reports/{r.Project}?version=2");
        Assert.Contains(Resx.Get("Report.Missing.ExpertReview"), page.Text("#finalize-missing"));
        Assert.NotNull(page.QuerySelector("#finalize-form textarea[name=NoReviewReason]"));

        var refused = await (await FinalizeAsync(r, "   ")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Missing.ExpertReview"), Errors(refused));
        Assert.Equal(0L, await FinalizedAsync(r.Project));
        var tooLong = await (await FinalizeAsync(r, new string('理', 5001))).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Finalize.NoReviewReason.TooLong", 5000), Errors(tooLong));
        Assert.Equal(0L, await FinalizedAsync(r.Project));

        const string reason = "论证会因专家均为本决策起草人员、需回避而未召开，已书面征求法律顾问意见。";
        var done = await (await FinalizeAsync(r, reason)).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Finalized", 2), done.Body!.TextContent);
        Assert.Equal(reason, await sites.DataSource.ScalarAsync<string>(
            "select no_review_reason from report_version where project_id = @p and version = 2 and finalized_at is not null", new { p = r.Project }));
        Assert.Contains(reason, done.Text("#no-review-reason"));
        Assert.Equal(reason, await sites.DataSource.ScalarAsync<string>(
            "select after->>'no_review_reason' from audit_log where action = 'finalize_report' and after->>'project' = @p", new { p = r.Project.ToString() }));
        // The report says why (part one), in place of the 论证 summary.
        var docx = await (await r.Staff.GetAsync($"/Reports/Download/{r.Project}?version=2")).Content.ReadAsByteArrayAsync();
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        Assert.Contains(Resx.Get("Report.Doc.Reviews.Reason", reason), doc.MainDocumentPart!.Document!.Body!.InnerText);
    }

    [Fact]
    public async Task A_version_with_a_review_is_finalized_without_a_reason_and_a_simplified_procedure_needs_no_review()
    {
        var r = await ReadyAsync("城市排水管理办法");
        // A review of the earlier version does not count for this one.
        await sites.DataSource.ScalarAsync<long>(
            """
            insert into report_expert_review (report_version_id, project_member_id, reviewed_on, comments, recorded_by, recorded_at)
            select v.id, @MemberId, date '2026-05-01', '对初稿的意见', @StaffId, now() from report_version v where v.project_id = @Project and v.version = 1
            returning id
            """, new { r.MemberId, r.StaffId, r.Project });
        Assert.Contains(Resx.Get("Report.Missing.ExpertReview"), Errors(await (await FinalizeAsync(r)).ReadHtmlAsync()));
        await r.Staff.SubmitAsync($"/Reports/{r.Project}?version=2", new Dictionary<string, string?>
        {
            ["MemberId"] = r.MemberId.ToString(), ["ReviewedOn"] = "2026-05-20", ["Comments"] = "同意定稿。",
        }, "form[action*='handler=Review']");
        var page = await r.Staff.GetHtmlAsync($"/Reports/{r.Project}?version=2");
        Assert.Null(page.QuerySelector("#finalize-form textarea[name=NoReviewReason]"));
        var done = await (await FinalizeAsync(r)).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Finalized", 2), done.Body!.TextContent);
        Assert.Null(done.QuerySelector("#no-review-reason"));
        Assert.Null(await ReasonAsync(r.Project));
        Assert.Equal("1", await sites.DataSource.ScalarAsync<string>(
            "select after->>'expert_reviews' from audit_log where action = 'finalize_report' and after->>'project' = @p", new { p = r.Project.ToString() }));

        var simple = await ReadyAsync("城市节水管理办法");
        await sites.DataSource.ScalarAsync<long>("update evaluation_project set procedure = 'simplified' where id = @p returning id", new { p = simple.Project });
        Assert.Null((await simple.Staff.GetHtmlAsync($"/Reports/{simple.Project}?version=2")).QuerySelector("#finalize-form textarea[name=NoReviewReason]"));
        var finalized = await FinalizeAsync(simple);
        Assert.Equal(HttpStatusCode.OK, finalized.StatusCode);
        Assert.Equal(1L, await FinalizedAsync(simple.Project));
        Assert.Null(await ReasonAsync(simple.Project));
    }
}
