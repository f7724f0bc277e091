using System.Net;
using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>The demo's finished evaluation (a decision matter, Art. 28): its report and the justice bureau's opinion come
/// out as official documents, as LibreOffice lays them out.</summary>
public class DemoDocumentsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_demo_report_and_legality_opinion_come_out_in_official_form()
    {
        Assert.True(Migrations.LoadDemoData(sites.ConnectionString).Successful);
        Assert.True(await DemoProject.EnsureAsync(sites.DataSource, sites.PersonalData, sites.Now));
        Assert.True(await DemoResults.EnsureAsync(sites.DataSource, sites.PersonalData, new FindingsOptions(), sites.Clock));
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var project = await sites.DataSource.ScalarAsync<long>("select id from evaluation_project where title like '%老旧小区%'");
        var decision = await sites.DataSource.ScalarAsync<string>(
            "select d.title from decision d join evaluation_project p on p.decision_id = d.id where p.id = @project", new { project });
        var agency = await sites.DataSource.ScalarAsync<string>(
            "select a.name from department a join evaluation_project p on p.agency_department_id = a.id where p.id = @project", new { project });

        var report = await PdfLayout.ConvertAsync(await (await organizer.GetAsync($"/Reports/Download/{project}")).Content.ReadAsByteArrayAsync(), "demo-report");
        var text = PdfLayout.Flat(report.Text);
        Assert.StartsWith(PdfLayout.Flat(Resx.Get("Report.Doc.Title.Matter", decision)), text);
        int At(string s) => report.IndexOf(s);
        Assert.True(At(Resx.Get("ReportPart.overall_evaluation")) < At(Resx.Get("ReportPart.basis"))
                    && At(Resx.Get("ReportPart.basis")) < At(Resx.Get("ReportPart.problems_and_remedies"))
                    && At(Resx.Get("ReportPart.problems_and_remedies")) < At(Resx.Get("ReportPart.recommendation")));
        // The expert's 论证 in part two, the recommendations in part four, the 落款, the annexes, the hash at the end.
        Assert.InRange(At(Resx.Get("Report.Doc.ExpertReviews")), At(Resx.Get("ReportPart.basis")), At(Resx.Get("ReportPart.problems_and_remedies")));
        Assert.Contains("报告结构符合第二十八条要求", text);
        Assert.True(At($"1.建议{Resx.Get("Outcome.continue")}。") > At(Resx.Get("ReportPart.recommendation")));
        var signature = report.Lines.ToList().FindIndex(l => PdfLayout.Flat(l.Text) == agency);
        Assert.True(signature > At("附件：1."));
        Assert.True(At("附件1") > signature);
        Assert.Contains("内容摘要值（SHA-256）", PdfLayout.Flat(string.Concat(report.OnPage(report.Pages).Select(l => l.Text))));
        Assert.Equal($"—{report.Pages}—", PdfLayout.Flat(report.OnPage(report.Pages).Last(l => PdfLayout.Flat(l.Text).StartsWith('—')).Text));

        var review = await sites.DataSource.ScalarAsync<long>("select id from legality_review where project_id = @project", new { project });
        var response = await organizer.GetAsync($"/Reviews/Opinion/{review}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var opinion = await PdfLayout.ConvertAsync(await response.Content.ReadAsByteArrayAsync(), "demo-opinion");
        var words = PdfLayout.Flat(opinion.Text);
        Assert.StartsWith(Resx.Get("Opinion.Doc.Title") + agency + "：", words);
        Assert.Contains(Resx.Get("Opinion.Doc.Outcome.passed_with_changes"), words);
        Assert.Contains("第三部分关于资金公示的建议应注明依据", words);
        Assert.Contains("第二十九条", words);
        Assert.Contains(opinion.Lines, l => PdfLayout.Flat(l.Text) == "任丘市司法局");
        Assert.Equal("A4", opinion.PageSize.Contains("(A4)", StringComparison.Ordinal) ? "A4" : opinion.PageSize);
    }
}
