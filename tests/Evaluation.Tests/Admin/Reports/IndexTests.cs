using System.Net;
using System.Text.Json;
using Dapper;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>The report page: drafts pre-filled from the data, figures flagged when their data changes, versions kept,
/// finalizing freezes, expert review, and who may read and who may change.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private async Task<Dictionary<string, string>> FiguresAsync(long project, int version)
    {
        var json = await sites.DataSource.ScalarAsync<string>(
            "select figures::text from report_version where project_id = @project and version = @version", new { project, version });
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!.ToDictionary(f => f.Key, f => f.Value.GetProperty("value").GetString()!);
    }

    private static string Errors(AngleSharp.Html.Dom.IHtmlDocument page) => page.QuerySelector(".validation-summary-errors")?.TextContent ?? "";

    [Fact]
    public async Task A_draft_is_pre_filled_with_the_findings_of_the_linked_data_and_the_reviewed_conclusions()
    {
        var r = await sites.ConclusionProjectAsync();
        var page = await (await r.Staff.DraftAsync(r.Project)).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Drafted", 1), page.Body!.TextContent);

        var figures = await FiguresAsync(r.Project, 1);
        var findings = (await FindingsStore.GetAsync(sites.DataSource, FindingsScope.Project(r.Project), new FindingsOptions(), sites.Clock))!;
        var legality = findings.Criteria.Single(c => c.Criterion == "legality");
        // Known data: three opinions, five responses; the conclusion rests on the five answers about now (after), the
        // five "before" answers compare.
        Assert.Equal("3", figures["participation.opinions"]);
        Assert.Equal("3", figures[$"participation.consultation.{r.Consultation}.opinions"]);
        Assert.Equal("5", figures[$"participation.consultation.{r.Consultation}.responses"]);
        Assert.Equal("5", figures[$"participation.questionnaire.{r.Questionnaire}.submitted"]);
        Assert.Equal("5", figures[$"participation.questionnaire.{r.Questionnaire}.respondent_type.citizen"]);
        Assert.Equal("5", figures["criterion.legality.answers"]);
        Assert.Equal(legality.Conclusion.Answers.ToString(), figures["criterion.legality.answers"]);
        // The index and the mean with the respondent-clustered interval (README, Analysis).
        var (low, high) = legality.IndexInterval!.Value;
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{legality.Index:0.0} [{low:0.0}, {high:0.0}]"),
            figures["criterion.legality.index"]);
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{legality.Clustered!.Mean:0.00} [{legality.Clustered.CiLow:0.00}, {legality.Clustered.CiHigh:0.00}]"), figures["criterion.legality.mean"]);
        var diff = legality.BeforeAfter!.Difference!;
        Assert.StartsWith("+1.40 [", figures["criterion.legality.before_after"]);   // after 4.2 − before 2.8
        Assert.EndsWith($"{Statistics.FormatP(diff.P)}（{Resx.Get("Findings.Method.paired")}）", figures["criterion.legality.before_after"]);
        Assert.StartsWith(Resx.Get($"Conclusion.{legality.Conclusion.Level}"), figures["conclusion.legality"]);
        Assert.Equal("2", figures["methods.count"]);   // the linked consultation and the symposium
        Assert.Equal("0", figures["exclusions.count"]);

        // The prose starts from the same figures; the page shows every figure with its evidence link.
        var content = await sites.DataSource.ScalarAsync<string>("select content::text from report_version where project_id = @p", new { p = r.Project });
        var parts = JsonDocument.Parse(content).RootElement.GetProperty("parts");
        Assert.Contains(ReportSetup.ConsultationTitle, parts.GetProperty("basic_facts").GetString());
        Assert.Contains(Resx.Get("Method.symposium"), parts.GetProperty("basic_facts").GetString());
        Assert.Contains(Resx.Get("Criterion.legality"), parts.GetProperty("implementation_analysis").GetString());
        Assert.Contains(Resx.Get($"Conclusion.{legality.Conclusion.Level}"), parts.GetProperty("conclusions").GetString());
        var row = page.QuerySelector("#figure-list tr[data-key='criterion.legality.index']")!;
        Assert.Contains(figures["criterion.legality.index"], row.TextContent);
        Assert.Equal($"/Findings/project/{r.Project}#criterion-legality", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#changed-figures"));

        // The project page links to the report and says where it stands.
        var details = await r.Staff.GetHtmlAsync($"/Projects/Details/{r.Project}");
        Assert.Contains(Resx.Get("Report.Status.Draft", 1), details.Text("#report"));
    }

    [Fact]
    public async Task Another_decision_matter_gets_the_parts_and_recommendations_of_Art_28()
    {
        var r = await sites.ConclusionProjectAsync(title: "公交线网优化方案", kind: "other_matter");
        var page = await (await r.Staff.DraftAsync(r.Project)).ReadHtmlAsync();
        Assert.Equal(["part-overall_evaluation", "part-basis", "part-problems_and_remedies", "part-recommendation"],
            page.QuerySelectorAll("h2[id^='part-']").Select(h => h.Id!).ToArray());
        Assert.Contains(Resx.Get("Criterion.purpose_achieved"), page.Text("#part-overall_evaluation + p"));
        Assert.Equal("5", page.Text("#figure-list tr[data-key='criterion.purpose_achieved.answers'] td.plain"));
        var edit = await r.Staff.GetHtmlAsync($"/Reports/Edit/{r.Project}");
        Assert.Equal(["", "continue", "promote", "adjust", "terminate"],
            edit.QuerySelectorAll("#rec-kind-0 option").Select(o => o.GetAttribute("value")!).ToArray());
        await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?>
        {
            ["Recommendations[0].Kind"] = "promote", ["Recommendations[0].Reasoning"] = "在全市推广。",
        });
        Assert.Equal("promote", await sites.DataSource.ScalarAsync<string>(
            "select r.kind from report_recommendation r join report_version v on v.id = r.report_version_id where v.project_id = @p and v.version = 2",
            new { p = r.Project }));
    }

    [Fact]
    public async Task A_figure_whose_data_changed_after_drafting_is_flagged_with_its_old_and_new_value()
    {
        var r = await sites.ConclusionProjectAsync(title: "户外广告管理办法");
        await r.Staff.DraftAsync(r.Project);
        var late = await sites.OpinionAsync(r.Consultation, "补充一条意见。");
        await ReportSetup.RaiseAsync(sites, r.Consultation, 1);
        Assert.Equal(ExclusionOutcome.Done, await Exclusions.ExcludeAsync(sites.DataSource, ExclusionSubject.Opinion(r.Opinions[0]), "重复提交的测试内容",
            new Evaluation.Shared.Data.Audit.Actor(r.StaffId, "test")));

        var page = await r.Staff.GetHtmlAsync($"/Reports/{r.Project}");
        string Cells(string key) => string.Join("|", page.QuerySelectorAll($"#changed-figures tr[data-key='{key}'] td").Skip(1).Select(c => c.TextContent.Trim()));
        Assert.Equal("3|4", Cells("participation.opinions"));
        Assert.Equal("0|1", Cells("participation.opinions_excluded"));
        Assert.Equal("0|1", Cells("exclusions.count"));
        Assert.Equal("—|重复提交的测试内容", Cells($"exclusion.opinion.{r.Opinions[0]}"));
        Assert.Empty(Cells("criterion.legality.index"));   // the questionnaire did not change
        Assert.NotNull(page.QuerySelector("#figure-list tr.overdue[data-key='participation.opinions']"));
        // The stored version is not touched; an edit that takes in the current data clears the flags.
        Assert.Equal("3", (await FiguresAsync(r.Project, 1))["participation.opinions"]);
        var saved = await (await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?> { ["RefreshFigures"] = "true" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Saved", 2), saved.Body!.TextContent);
        Assert.Equal("4", (await FiguresAsync(r.Project, 2))["participation.opinions"]);
        Assert.Null(saved.QuerySelector("#changed-figures"));
        Assert.True(late > 0);
    }

    [Fact]
    public async Task Every_saved_version_is_kept_and_finalizing_freezes_one_with_its_content_hash()
    {
        var r = await sites.ConclusionProjectAsync(title: "城市绿化条例实施办法");
        await r.Staff.DraftAsync(r.Project);
        var v1 = await sites.DataSource.ScalarAsync<string>("select content::text from report_version where project_id = @p and version = 1", new { p = r.Project });

        // No recommendation yet: finalizing is refused with the reason, nothing is stored.
        var refused = await (await r.Staff.SubmitAsync($"/Reports/{r.Project}", new Dictionary<string, string?>(), "form[action*='handler=Finalize']")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Missing.Recommendation"), Errors(refused));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from report_version where project_id = @p and content_hash is not null", new { p = r.Project }));

        var department = await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市住房和城乡建设局'");
        await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?>
        {
            ["Parts[other_matters]"] = "无其他需要说明的事项。",
            ["Recommendations[0].Kind"] = "amend", ["Recommendations[0].Reasoning"] = "收费标准应按时段细化。",
            ["Recommendations[0].DepartmentId"] = department.ToString(),
        });
        Assert.Equal(v1, await sites.DataSource.ScalarAsync<string>("select content::text from report_version where project_id = @p and version = 1", new { p = r.Project }));
        // Art. 20: no 论证 of this version, so the reason why (FinalizeTests has the rule).
        var page = await (await r.Staff.SubmitAsync($"/Reports/{r.Project}", new Dictionary<string, string?> { ["NoReviewReason"] = "专家书面意见已并入第一版。" },
            "form[action*='handler=Finalize']")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Finalized", 2), page.Body!.TextContent);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var hash = await conn.ExecuteScalarAsync<byte[]>("select content_hash from report_version where project_id = @p and version = 2", new { p = r.Project });
        Assert.Equal(32, hash!.Length);
        Assert.Equal(Convert.ToHexStringLower(hash), page.Text("#content-hash"));
        var v2 = (await conn.VersionsAsync(r.Project)).Single(v => v.Version == 2);
        Assert.Equal(hash, ReportContent.Hash(v2, await conn.RecommendationsAsync(v2.Id)));   // the one canonical form, recomputable
        Assert.Equal("amend", (await conn.RecommendationsAsync(v2.Id)).Single().Kind);
        Assert.Null(page.QuerySelector("form[action*='handler=Finalize']"));

        // Editing after finalizing makes version 3, a draft; version 2 stays finalized with its hash.
        await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?> { ["Parts[other_matters]"] = "补充说明。" });
        Assert.Equal(3L, await sites.VersionCountAsync(r.Project));
        Assert.Equal(hash, await conn.ExecuteScalarAsync<byte[]>("select content_hash from report_version where project_id = @p and version = 2", new { p = r.Project }));
        Assert.Null(await conn.ExecuteScalarAsync<byte[]?>("select content_hash from report_version where project_id = @p and version = 3", new { p = r.Project }));
        var latest = await conn.LatestFinalizedAsync(r.Project);
        Assert.Equal((2, "normative_document"), (latest!.Version, latest.Form));
        Assert.Equal(hash, latest.ContentHash);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where action = 'finalize_report' and entity_id = @id",
            new { id = v2.Id.ToString() }));
    }

    [Fact]
    public async Task The_report_cannot_be_drafted_or_edited_outside_the_conclusion_stage()
    {
        var r = await sites.ConclusionProjectAsync(title: "共享单车管理办法");
        await sites.DataSource.ScalarAsync<long>("update evaluation_project set stage = 'implementation' where id = @p returning id", new { p = r.Project });
        var page = await r.Staff.GetHtmlAsync($"/Reports/{r.Project}");
        Assert.Null(page.QuerySelector("form[action*='handler=Draft']"));
        var refused = await (await r.Staff.PostAsync($"/Reports/{r.Project}?handler=Draft", new Dictionary<string, string?>())).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.OnlyInConclusion"), refused.Body!.TextContent);
        Assert.Equal(0L, await sites.VersionCountAsync(r.Project));

        await sites.DataSource.ScalarAsync<long>("update evaluation_project set stage = 'conclusion' where id = @p returning id", new { p = r.Project });
        await r.Staff.DraftAsync(r.Project);
        var edit = await r.Staff.GetHtmlAsync($"/Reports/Edit/{r.Project}");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)edit.QuerySelector("main form[method=post]")!;
        await sites.DataSource.ScalarAsync<long>("update evaluation_project set stage = 'legality_review' where id = @p returning id", new { p = r.Project });
        var late = await (await r.Staff.PostFormAsync(form, $"/Reports/Edit/{r.Project}", new Dictionary<string, string?> { ["Parts[other_matters]"] = "迟到的修改" })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.OnlyInConclusion"), late.Body!.TextContent);
        var finalize = await (await r.Staff.PostAsync($"/Reports/{r.Project}?handler=Finalize&version=1", new Dictionary<string, string?>())).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.OnlyInConclusion"), finalize.Body!.TextContent);
        Assert.Equal(1L, await sites.VersionCountAsync(r.Project));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from report_version where project_id = @p and finalized_at is not null", new { p = r.Project }));
        Assert.Contains(Resx.Get("Report.StageNote", Resx.Get("Stage.legality_review")), (await r.Staff.GetHtmlAsync($"/Reports/{r.Project}")).Text("#stage-note"));
    }

    [Fact]
    public async Task Staff_of_another_department_get_not_found_for_every_request_and_change_nothing()
    {
        var r = await sites.ConclusionProjectAsync(title: "农贸市场管理办法");
        await r.Staff.DraftAsync(r.Project);
        var (other, _, _) = await sites.StaffOfAsync("任丘市教育局");
        var audits = await sites.DataSource.ScalarAsync<long>("select count(*) from audit_log");
        foreach (var url in new[] { $"/Reports/{r.Project}", $"/Reports/{r.Project}?version=1", $"/Reports/Edit/{r.Project}", $"/Reports/Download/{r.Project}" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        var posts = new (string Url, Dictionary<string, string?> Fields)[]
        {
            ($"/Reports/{r.Project}?handler=Draft", []),
            ($"/Reports/{r.Project}?handler=Finalize&version=1", []),
            ($"/Reports/{r.Project}?handler=Review&version=1", new() { ["MemberId"] = r.MemberId.ToString(), ["ReviewedOn"] = "2026-01-05", ["Comments"] = "越权" }),
            ($"/Reports/Edit/{r.Project}", new() { ["BaseVersion"] = "1", ["Parts[other_matters]"] = "越权修改" }),
        };
        foreach (var (url, fields) in posts)
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(url, fields)).StatusCode);
        Assert.Equal(1L, await sites.VersionCountAsync(r.Project));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from report_expert_review e join report_version v on v.id = e.report_version_id where v.project_id = @p", new { p = r.Project }));
        Assert.Equal(audits, await sites.DataSource.ScalarAsync<long>("select count(*) from audit_log"));
    }

    [Fact]
    public async Task The_legal_reviewer_reads_a_report_sent_to_review_but_cannot_change_it()
    {
        var r = await sites.ConclusionProjectAsync(title: "殡葬管理办法");
        await r.Staff.DraftAsync(r.Project);
        var (reviewer, _, _) = await sites.StaffOfAsync("任丘市司法局", "legal_reviewer");
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/Reports/{r.Project}")).StatusCode);

        await sites.DataSource.ScalarAsync<long>(
            """
            insert into legality_review (project_id, report_version_id, sent_by, sent_at)
            select @p, id, @s, now() from report_version where project_id = @p and version = 1 returning id
            """, new { p = r.Project, s = r.StaffId });
        var page = await reviewer.GetHtmlAsync($"/Reports/{r.Project}");
        Assert.Contains(Resx.Get("ReportPart.basic_facts"), page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("#figure-list"));
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/Reports/Download/{r.Project}")).StatusCode);

        foreach (var handler in new[] { "Draft", "Finalize&version=1", "Review&version=1" })
            Assert.Equal("/Account/AccessDenied", (await reviewer.PostAsync($"/Reports/{r.Project}?handler={handler}",
                new Dictionary<string, string?> { ["MemberId"] = r.MemberId.ToString(), ["ReviewedOn"] = "2026-01-05", ["Comments"] = "审查意见" }))
                .RequestMessage!.RequestUri!.AbsolutePath);
        var edit = await reviewer.PostAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?> { ["BaseVersion"] = "1", ["Parts[other_matters]"] = "改" });
        Assert.Equal("/Account/AccessDenied", edit.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(1L, await sites.VersionCountAsync(r.Project));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from report_expert_review e join report_version v on v.id = e.report_version_id where v.project_id = @p", new { p = r.Project }));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from report_version where finalized_at is not null and project_id = @p", new { p = r.Project }));
    }

    [Fact]
    public async Task An_expert_review_by_a_team_member_is_recorded_on_the_version_and_audited()
    {
        var r = await sites.ConclusionProjectAsync(title: "物业管理办法");
        await r.Staff.DraftAsync(r.Project);
        var outsider = await sites.DataSource.ScalarAsync<long>(
            "insert into project_member (project_id, member_kind, team_role, affiliation, name, removed_at) values (@p, 'legal_expert', 'expert', '某大学', 'x', now()) returning id",
            new { p = r.Project });

        var refused = await (await r.Staff.SubmitAsync($"/Reports/{r.Project}", new Dictionary<string, string?>
        {
            ["MemberId"] = outsider.ToString(), ["ReviewedOn"] = "2026-01-05", ["Comments"] = "意见",
        }, "form[action*='handler=Review']")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Review.NotMember"), refused.Text("main"));
        var empty = await (await r.Staff.SubmitAsync($"/Reports/{r.Project}", new Dictionary<string, string?> { ["Comments"] = " " },
            "form[action*='handler=Review']")).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Review.CommentsRequired"), empty.Text("main"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from report_expert_review e join report_version v on v.id = e.report_version_id where v.project_id = @p", new { p = r.Project }));

        var page = await (await r.Staff.SubmitAsync($"/Reports/{r.Project}", new Dictionary<string, string?>
        {
            ["MemberId"] = r.MemberId.ToString(), ["ReviewedOn"] = "2026-01-05", ["Comments"] = "第二部分应补充执法数据。",
        }, "form[action*='handler=Review']")).ReadHtmlAsync();
        Assert.Contains("第二部分应补充执法数据。", page.Text("#review-list"));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var review = await conn.QuerySingleAsync<(long VersionId, long MemberId, DateTime On)>(
            "select report_version_id, project_member_id, reviewed_on::timestamp from report_expert_review where project_member_id = @MemberId", new { r.MemberId });
        Assert.Equal(r.MemberId, review.MemberId);
        Assert.Equal(await conn.ExecuteScalarAsync<long>("select id from report_version where project_id = @p and version = 1", new { p = r.Project }), review.VersionId);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where action = 'review_report' and entity_id = @id",
            new { id = review.VersionId.ToString() }));
    }
}
