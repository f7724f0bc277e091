using System.Net;
using Evaluation.Analysis;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>Art. 25(2): the project's cost-benefit table, its totals and ratio, its scope, its messages and its lock.</summary>
public class CostBenefitTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Form = "#row-form";

    private static Dictionary<string, string?> Row(string kind, string item, string amount, string? period = "2024年度", string? from = null,
        string? to = null, string source = "市财政局2024年度决算") => new()
    {
        ["Input.Kind"] = kind, ["Input.Item"] = item, ["Input.Amount"] = amount, ["Input.PeriodText"] = period,
        ["Input.PeriodFrom"] = from, ["Input.PeriodTo"] = to, ["Input.Source"] = source, ["Input.Note"] = null,
    };

    private async Task<CostBenefitTable> TableAsync(long project)
    {
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        return await CostBenefit.LoadAsync(conn, project);
    }

    private Task<long> AuditsAsync(long project, string action) => sites.DataSource.ScalarAsync<long>(
        "select count(*) from audit_log where entity = 'evaluation_project' and entity_id = @project::text and action = @action",
        new { project, action });

    [Fact]
    public async Task Costs_and_benefits_add_up_to_totals_net_benefit_and_ratio_and_each_change_is_audited()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var url = $"/Projects/CostBenefit/{project}";
        Assert.Null((await TableAsync(project)).Ratio);

        await client.SubmitAsync(url, Row("cost", "执法人员培训经费", "12000.50"), Form);
        await client.SubmitAsync(url, Row("cost", "宣传材料印制", "7999.5", period: null, from: "2024-01-01", to: "2024-12-31"), Form);
        var saved = await (await client.SubmitAsync(url, Row("benefit", "企业减少的办事成本", "50000", source: "第三方测算"), Form)).ReadHtmlAsync();

        Assert.Contains(Texts.Get("CostBenefit.Recorded"), saved.Body!.TextContent);
        var table = await TableAsync(project);
        Assert.Equal((20000.00m, 50000m, 30000m, 2.5m), (table.Costs, table.Benefits, table.Net, table.Ratio));
        Assert.Equal(["执法人员培训经费", "宣传材料印制", "企业减少的办事成本"], table.Rows.Select(r => r.Item));
        var printing = table.Rows[1];
        Assert.Equal((null, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31)), (printing.PeriodText, printing.PeriodFrom, printing.PeriodTo));
        Assert.Equal("2.50", saved.QuerySelector("#ratio")!.TextContent.Trim());
        Assert.Equal(Texts.Get("CostBenefit.Yuan", "30,000.00"), saved.QuerySelector("#net")!.TextContent.Trim());
        Assert.Equal(3L, await AuditsAsync(project, "record_cost_benefit"));

        // Changed: the form shows the row, the totals follow, the audit keeps the amount before.
        var edit = $"{url}?rowId={printing.Id}";
        Assert.Equal("宣传材料印制", (await client.GetHtmlAsync(edit)).QuerySelector("#Input_Item")!.GetAttribute("value"));
        await client.SubmitAsync(edit, Row("cost", "宣传材料印制", "17999.50", period: "2024年度"), Form);
        table = await TableAsync(project);
        Assert.Equal((30000m, 20000m, 1.6667m), (table.Costs, table.Net, table.Ratio));
        Assert.Equal(3, table.Rows.Count);
        Assert.Equal("7999.50", await sites.DataSource.ScalarAsync<string>(
            "select before->>'amount' from audit_log where action = 'update_cost_benefit' and entity_id = @project::text", new { project }));

        // Deleted: the first row's delete button.
        await client.SubmitAsync(url, new Dictionary<string, string?>(), "form[action*='handler=Delete']");
        table = await TableAsync(project);
        Assert.Equal((17999.50m, 50000m), (table.Costs, table.Benefits));
        Assert.Equal(1L, await AuditsAsync(project, "delete_cost_benefit"));
    }

    [Fact]
    public async Task Bad_input_gets_its_message_beside_the_field_the_typed_values_stay_and_nothing_is_stored()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var url = $"/Projects/CostBenefit/{project}";
        var cases = new (Dictionary<string, string?> Fields, string Message)[]
        {
            (Row("cost", "培训经费", "-5"), Texts.Get("CostBenefit.Amount.Range")),
            (Row("cost", "培训经费", "1.234"), Texts.Get("CostBenefit.Amount.Cents")),
            (Row("cost", "培训经费", "一万"), Texts.Get("Validation.Invalid.Any")),
            (Row("cost", "培训经费", ""), Texts.Get("Validation.Required", "金额（元）")),
            (Row("cost", "", "100"), Texts.Get("Validation.Required", "项目")),
            (Row("", "培训经费", "100"), Texts.Get("Validation.Select", "类别")),
            (Row("cost", "培训经费", "100", period: null), Texts.Get("CostBenefit.Period.Required")),
            (Row("cost", "培训经费", "100", period: null, to: "2024-12-31"), Texts.Get("CostBenefit.Period.FromMissing")),
            (Row("cost", "培训经费", "100", period: "2024年度", to: "2024-12-31"), Texts.Get("CostBenefit.Period.FromMissing")),
            (Row("cost", "培训经费", "100", period: null, from: "2025-01-01", to: "2024-12-31"), Texts.Get("CostBenefit.Period.Order")),
            (Row("cost", "培训经费", "100", source: ""), Texts.Get("Validation.Required", "数据来源")),
        };
        foreach (var (fields, message) in cases)
        {
            var page = await (await client.SubmitAsync(url, fields, Form)).ReadHtmlAsync();
            Assert.Contains(message, page.QuerySelector(".validation-summary-errors")?.TextContent ?? "");
            Assert.Contains(message, string.Join("|", page.QuerySelectorAll(".field-error").Select(e => e.TextContent)));
            Assert.Equal(fields["Input.Item"] ?? "", page.QuerySelector("#Input_Item")!.GetAttribute("value") ?? "");
        }
        Assert.Empty((await TableAsync(project)).Rows);
    }

    [Fact]
    public async Task Another_departments_staff_and_a_wrong_id_get_not_found_for_get_and_post()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        await client.SubmitAsync($"/Projects/CostBenefit/{project}", Row("benefit", "群众节省的时间", "8000"), Form);
        var row = Assert.Single((await TableAsync(project)).Rows).Id;

        var (other, _, _) = await sites.StaffOfAsync("任丘市交通运输局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Projects/CostBenefit/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Projects/CostBenefit/{project}",
            Row("cost", "伪造的成本", "1").Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Projects/CostBenefit/{project}?handler=Delete",
            new Dictionary<string, string> { ["RowId"] = row.ToString() })).StatusCode);
        // A project that does not exist, and a row of another project.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Projects/CostBenefit/{project + 100000}")).StatusCode);
        var second = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Projects/CostBenefit/{second}?rowId={row}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostWithTokenAsync($"/Projects/CostBenefit/{second}?handler=Delete",
            new Dictionary<string, string> { ["RowId"] = row.ToString() })).StatusCode);

        var table = await TableAsync(project);
        Assert.Equal(("群众节省的时间", 8000m), (Assert.Single(table.Rows).Item, table.Benefits));
        Assert.Empty((await TableAsync(second)).Rows);
    }

    [Fact]
    public async Task Once_the_projects_data_closes_the_table_can_no_longer_change()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var url = $"/Projects/CostBenefit/{project}";
        await client.SubmitAsync(url, Row("cost", "执法人员培训经费", "12000"), Form);
        var row = Assert.Single((await TableAsync(project)).Rows).Id;
        var form = await client.GetHtmlAsync(url);
        await sites.DataSource.ScalarAsync<long>("update evaluation_project set stage = 'conclusion' where id = @project returning id", new { project });

        var page = await client.GetHtmlAsync(url);
        Assert.Null(page.QuerySelector(Form));
        Assert.Null(page.QuerySelector("form[action*='handler=Delete']"));
        Assert.Contains(Texts.Get("LaterStages.Locked", Texts.Get("Stage.conclusion")), page.QuerySelector("#locked")!.TextContent);
        // The form as it was before the stage moved on, sent afterwards.
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var refused = await (await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(
            Row("benefit", "企业减少的办事成本", "50000").Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!))
        {
            ["__RequestVerificationToken"] = token,
        }))).ReadHtmlAsync();
        Assert.Contains(Texts.Get("LaterStages.Locked", Texts.Get("Stage.conclusion")), refused.QuerySelector(".validation-summary-errors")!.TextContent);
        var deleted = await client.PostAsync($"{url}?handler=Delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["RowId"] = row.ToString(), ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var table = await TableAsync(project);
        Assert.Equal((1, 12000m, 0m), (table.Rows.Count, table.Costs, table.Benefits));
        Assert.Equal(0L, await AuditsAsync(project, "delete_cost_benefit"));
    }
    [Fact]
    public async Task The_table_reaches_the_project_page_the_reports_figures_its_draft_and_an_annex_of_the_docx()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var url = $"/Projects/CostBenefit/{project}";
        Assert.Contains(Texts.Get("Project.CostBenefit.None"), (await client.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelector("#cost-benefit")!.TextContent);
        await client.SubmitAsync(url, Row("cost", "执法人员培训经费", "20000"), Form);
        await client.SubmitAsync(url, Row("benefit", "企业减少的办事成本", "50000", source: "第三方测算"), Form);

        var details = (await client.GetHtmlAsync($"/Projects/Details/{project}")).QuerySelector("#cost-benefit")!.TextContent;
        Assert.Contains(Texts.Get("Project.CostBenefit.Summary", 2, "20,000.00", "50,000.00", "30,000.00", "2.50"), details);
        // The project's findings show the table beside the survey's figures.
        var findingsPage = await client.GetHtmlAsync($"/Findings/project/{project}");
        Assert.Equal(2, findingsPage.QuerySelectorAll("#cost-benefit-rows tbody tr").Length);
        Assert.Contains(Texts.Get("Project.CostBenefit.Summary", 2, "20,000.00", "50,000.00", "30,000.00", "2.50"),
            findingsPage.QuerySelector("#cost-benefit-totals")!.TextContent);

        var texts = sites.Admin.Services.GetRequiredService<IStringLocalizer<Evaluation.Shared.Resources.Texts>>();
        var data = await ReportFigures.LoadAsync(sites.DataSource, project, null, new FindingsOptions(), TimeProvider.System);
        var figures = ReportFigures.Compute(data, texts);
        Assert.Equal(("20,000.00", "50,000.00", "30,000.00", "2.50"), (figures["cost_benefit.total.costs"].Value,
            figures["cost_benefit.total.benefits"].Value, figures["cost_benefit.total.net"].Value, figures["cost_benefit.total.ratio"].Value));
        Assert.Equal(url, figures["cost_benefit.total.ratio"].Source);
        var benefit = figures.Single(f => f.Key.StartsWith("cost_benefit.benefit.", StringComparison.Ordinal)).Value;
        Assert.Equal(Texts.Get("Report.Figure.CostBenefitRow", Texts.Get("CostBenefit.Kind.benefit"), "企业减少的办事成本"), benefit.Label);
        Assert.Contains("第三方测算", benefit.Value);
        var sentence = Texts.Get("Report.Text.CostBenefit", "2", "5", "3", "2.50");
        Assert.Contains(sentence, ReportFigures.Draft(data, ReportForms.OtherMatter, texts)[ReportParts.OverallEvaluation]);
        Assert.Contains(sentence, ReportFigures.Draft(data, ReportForms.NormativeDocument, texts)[ReportParts.ImplementationAnalysis]);

        var docx = ReportDocument.Build(new ReportDocumentModel("停车场管理办法", ReportForms.NormativeDocument, "standard", "市城管局", 1,
            new DateOnly(2026, 12, 8), null, [], figures, [], [], null), texts);
        using var opened = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        var text = opened.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains(Texts.Get("Report.Doc.CostBenefitAnnex"), text);
        Assert.Contains("企业减少的办事成本", text);
        Assert.DoesNotContain(Texts.Get("Report.Doc.OtherFigures"), text);
    }
}
