using AngleSharp.Html.Dom;
using Dapper;
using Evaluation.Analysis.Reports;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>Editing the report: every save is a new version; recommendations are structured and checked; an edit over
/// an older version or outside the conclusion stage changes nothing.</summary>
public class EditTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static string Errors(IHtmlDocument page) => page.QuerySelector(".validation-summary-errors")?.TextContent ?? "";

    [Fact]
    public async Task Recommendations_need_a_kind_of_the_reports_form_and_reasoning_and_are_saved_in_order_with_the_new_version()
    {
        var r = await sites.ConclusionProjectAsync(title: "养犬管理规定");
        await r.Staff.DraftAsync(r.Project);

        // "promote" belongs to the other form (Art. 29), the second row lacks reasoning: nothing is saved.
        var bad = await (await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?>
        {
            ["Recommendations[0].Kind"] = "promote", ["Recommendations[0].Reasoning"] = "推广", ["Recommendations[1].Kind"] = "amend",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Edit.KindRequired", 1), Errors(bad));
        Assert.Contains(Resx.Get("Report.Edit.ReasoningRequired", 2), Errors(bad));
        Assert.Equal("推广", ((IHtmlTextAreaElement)bad.QuerySelector("#rec-reasoning-0")!).Value);   // what was typed stays
        Assert.Equal(1L, await sites.VersionCountAsync(r.Project));

        var department = await sites.DataSource.ScalarAsync<long>("select id from department where name = '任丘市公安局'");
        var saved = await (await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?>
        {
            ["Parts[basic_facts]"] = "本次评估由市司法局组织。",
            ["Recommendations[0].Kind"] = "improve_enforcement", ["Recommendations[0].Reasoning"] = "加强夜间执法。",
            ["Recommendations[0].DepartmentId"] = department.ToString(),
            ["Recommendations[2].Kind"] = "continue", ["Recommendations[2].Reasoning"] = "总体运行良好。",
        })).ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Saved", 2), saved.Body!.TextContent);
        Assert.Contains("本次评估由市司法局组织。", saved.Text("#part-basic_facts + p"));
        Assert.Contains("任丘市公安局", saved.Text("#recommendation-list"));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var v2 = (await conn.VersionsAsync(r.Project))[0];
        Assert.Equal(2, v2.Version);
        var recommendations = await conn.RecommendationsAsync(v2.Id);
        Assert.Equal([(1, "improve_enforcement", (long?)department), (2, "continue", null)],
            recommendations.Select(x => (x.Position, x.Kind, x.DepartmentId)).ToArray());
        // The edit keeps the figures of the version it started from.
        Assert.Equal(await conn.ExecuteScalarAsync<string>("select figures::text from report_version where project_id = @p and version = 1", new { p = r.Project }),
            v2.Figures);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from audit_log where action = 'save_report' and entity_id = @id",
            new { id = v2.Id.ToString() }));
    }

    [Fact]
    public async Task An_edit_of_a_version_that_is_no_longer_the_newest_is_refused_and_nothing_is_overwritten()
    {
        var r = await sites.ConclusionProjectAsync(title: "燃放烟花爆竹管理规定");
        await r.Staff.DraftAsync(r.Project);
        var first = await r.Staff.GetHtmlAsync($"/Reports/Edit/{r.Project}");
        var form = (IHtmlFormElement)first.QuerySelector("main form[method=post]")!;
        await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?> { ["Parts[other_matters]"] = "甲的修改" });

        var stale = await (await r.Staff.PostFormAsync(form, $"/Reports/Edit/{r.Project}", new Dictionary<string, string?> { ["Parts[other_matters]"] = "乙的修改" }))
            .ReadHtmlAsync();
        Assert.Contains(Resx.Get("Report.Edit.Stale", 2), Errors(stale));
        Assert.Equal(2L, await sites.VersionCountAsync(r.Project));
        Assert.Contains("甲的修改", await sites.DataSource.ScalarAsync<string>(
            "select content::text from report_version where project_id = @p and version = 2", new { p = r.Project }));
    }

    [Fact]
    public async Task The_edit_page_sends_back_to_the_report_when_there_is_no_draft_or_the_stage_is_past()
    {
        var r = await sites.ConclusionProjectAsync(title: "城市道路挖掘管理办法");
        var none = await r.Staff.GetAsync($"/Reports/Edit/{r.Project}");
        Assert.Equal($"/Reports/{r.Project}", none.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Resx.Get("Report.None"), (await none.ReadHtmlAsync()).Text("main"));

        await r.Staff.DraftAsync(r.Project);
        await sites.DataSource.ScalarAsync<long>("update evaluation_project set stage = 'deliberation' where id = @p returning id", new { p = r.Project });
        var past = await r.Staff.GetAsync($"/Reports/Edit/{r.Project}");
        Assert.Equal($"/Reports/{r.Project}", past.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Resx.Get("Report.OnlyInConclusion"), (await past.ReadHtmlAsync()).Body!.TextContent);
        Assert.Equal(1L, await sites.VersionCountAsync(r.Project));
    }
}
