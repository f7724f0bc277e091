using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Admin;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

public class FindingsPagesTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static Definition OneItem() => new([new Section("s1", "评价", null, null,
        [new Question("q1", QuestionTypes.Likert, "《办法》的规定符合法律法规。", Required: true, Criterion: "legality")])]);

    private async Task<(long Consultation, List<long> Responses)> WithAnswersAsync(params int[] points)
    {
        var consultation = await sites.DataSource.ConsultationAsync();
        var questionnaire = await sites.DataSource.PublishedQuestionnaireAsync(OneItem(), consultationId: consultation);
        var ids = await sites.DataSource.AddResponsesAsync(questionnaire,
            points.Select(p => ("citizen", "chuan", new Dictionary<string, int> { ["q1"] = p })));
        return (consultation, ids);
    }

    [Fact]
    public async Task The_findings_page_shows_each_standard_with_its_figures_and_the_evidence_behind_them()
    {
        var (consultation, _) = await WithAnswersAsync(1, 1, 2, 4, 5);
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var page = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");

        var legality = page.QuerySelector("#conclusion-legality")!;
        Assert.Contains("合法性", legality.TextContent);
        Assert.Contains("数据不足", legality.TextContent);   // 5 answers, fewer than the 30 the rules ask for
        Assert.Contains("60.0%", legality.TextContent);        // disagree: 3 of 5
        Assert.Equal(6, page.QuerySelectorAll("#conclusions tbody tr").Length);
        Assert.NotNull(page.QuerySelector(".chart[data-chart]"));
        Assert.NotNull(page.QuerySelector("script[src*='/lib/echarts/echarts.min']"));

        // From the "disagree" figure to the responses behind it.
        var link = page.QuerySelectorAll("a").First(a => a.GetAttribute("href")!.Contains("points=1,2")).GetAttribute("href")!;
        var evidence = await staff.GetHtmlAsync(link);
        Assert.Contains("共 3 份答卷", evidence.Text("#evidence-total"));
        Assert.Equal(3, evidence.QuerySelectorAll("#evidence tbody tr").Length);

        var echarts = await staff.GetAsync(page.QuerySelector("script[src*='echarts']")!.GetAttribute("src"));
        Assert.Equal(HttpStatusCode.OK, echarts.StatusCode);
    }

    [Fact]
    public async Task Excluding_a_response_needs_a_reason_changes_the_figures_and_is_listed()
    {
        var (consultation, responses) = await WithAnswersAsync(5, 1);
        var (staff, userName) = await sites.SignedInAsync("evaluation_staff");
        var before = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");
        Assert.Contains("50.0%", before.Text("#conclusion-legality"));

        var empty = await (await staff.SubmitAsync($"/Questionnaires/Response/{responses[1]}", new Dictionary<string, string?> { ["Reason"] = " " },
            "form[action*='handler=Exclude']")).ReadHtmlAsync();
        Assert.Contains("请填写排除理由", empty.Text("#Reason-error"));

        await staff.SubmitAsync($"/Questionnaires/Response/{responses[1]}", new Dictionary<string, string?> { ["Reason"] = "内部测试数据" },
            "form[action*='handler=Exclude']");
        var after = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");
        Assert.Contains("0.0%", after.Text("#conclusion-legality"));
        var listed = after.Text("#exclusion-list");
        Assert.Contains("内部测试数据", listed);
        Assert.Contains(userName, listed);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'exclude' and entity = 'response' and entity_id = @id", new { id = responses[1].ToString() }));

        // Lifted, the response counts again; the history stays.
        await staff.SubmitAsync($"/Questionnaires/Response/{responses[1]}", new Dictionary<string, string?>(), "form[action*='handler=Lift']");
        Assert.Contains("50.0%", (await staff.GetHtmlAsync($"/Findings/consultation/{consultation}")).Text("#conclusion-legality"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from analysis_exclusion where response_id = @id", new { id = responses[1] }));
    }

    [Fact]
    public async Task The_api_answers_with_a_token_and_refuses_without_one()
    {
        var (consultation, _) = await WithAnswersAsync(4, 5, 5);
        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var issued = await (await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?> { ["Name"] = "统计软件" })).ReadHtmlAsync();
        var token = issued.Text("#new-token");

        var api = sites.Admin.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/consultations/{consultation}/findings")).StatusCode);
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "ev_not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/consultations/{consultation}/findings")).StatusCode);

        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await api.GetAsync($"/api/consultations/{consultation}/findings");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var legality = json.RootElement.GetProperty("criteria").EnumerateArray().First(c => c.GetProperty("criterion").GetString() == "legality");
        Assert.Equal(3, legality.GetProperty("pooled").GetProperty("n").GetInt64());
        Assert.Equal(14.0 / 3, legality.GetProperty("pooled").GetProperty("mean").GetDouble(), 9);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/consultations/987654/findings")).StatusCode);

        // Revoked, it no longer opens anything.
        await staff.SubmitAsync("/Account/ApiTokens", new Dictionary<string, string?>(), "form[action*='handler=Revoke']");
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/consultations/{consultation}/findings")).StatusCode);
    }

    [Fact]
    public async Task The_findings_export_has_one_sheet_per_section()
    {
        var (consultation, _) = await WithAnswersAsync(2, 4);
        var (staff, _) = await sites.SignedInAsync("organizer");
        var bytes = await staff.GetByteArrayAsync($"/Findings/Export?scope=consultation&id={consultation}&format=xlsx");
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Equal(["participation", "conclusions", "items", "groups", "text_criteria", "keywords", "campaigns", "exclusions"],
            document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
        var csv = await staff.GetStringAsync($"/Findings/Export?scope=consultation&id={consultation}&format=csv");
        Assert.Contains("# conclusions", csv);
        Assert.Contains("legality,合法性,insufficient", csv);
    }
}
