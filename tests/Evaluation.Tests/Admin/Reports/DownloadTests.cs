using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>The report as a Word document: LibreOffice opens a draft (converted to PDF) and its text holds the title, the
/// draft mark, the parts, the figures and the annex (OfficialFormTests checks the layout of a finalized one).</summary>
public class DownloadTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_docx_opens_in_LibreOffice_with_the_parts_the_figures_and_the_exclusion_annex()
    {
        var r = await sites.ConclusionProjectAsync(title: "停车场管理办法");
        await Evaluation.Analysis.Exclusions.ExcludeAsync(sites.DataSource, Evaluation.Analysis.ExclusionSubject.Opinion(r.Opinions[2]), "测试时误录入",
            new Evaluation.Shared.Data.Audit.Actor(r.StaffId, "test"));
        await r.Staff.DraftAsync(r.Project);

        var response = await r.Staff.GetAsync($"/Reports/Download/{r.Project}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(Resx.Get("Report.FileName", "停车场管理办法评估", 1), disposition.FileNameStar);

        var bytes = await response.Content.ReadAsByteArrayAsync();
        // Valid Open XML (what Word checks before it offers to repair a file).
        using (var opened = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(bytes), false))
            Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(opened).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var pdf = await PdfLayout.ConvertAsync(bytes, "draft");
        var flat = PdfLayout.Flat(pdf.Text);
        Assert.Contains(PdfLayout.Flat(Resx.Get("Report.Doc.Title.Normative", "停车场管理办法")), flat);
        // A draft says so at the top of every page, above the text block; it has no content hash.
        for (var page = 1; page <= pdf.Pages; page++)
            Assert.Contains(pdf.OnPage(page), l => PdfLayout.Flat(l.Text) == PdfLayout.Flat(Resx.Get("Report.Doc.Draft", 1)) && l.YMax < 37 * PdfLayout.PointsPerMm);
        Assert.DoesNotContain("SHA-256", flat);
        foreach (var part in new[] { "basic_facts", "implementation_analysis", "conclusions", "other_matters" })
            Assert.Contains(PdfLayout.Flat(Resx.Get($"ReportPart.{part}")), flat);
        // Known figures in the annexes' tables: a label and its value in the same row.
        Assert.EndsWith("3", pdf.Row(Resx.Get("Report.Figure.Opinions")));
        Assert.EndsWith("1", pdf.Row(Resx.Get("Report.Figure.OpinionsExcluded")));
        Assert.EndsWith("5", pdf.Row(Resx.Get("Report.Figure.Answers", Resx.Get("Criterion.legality"))));
        Assert.Contains(PdfLayout.Flat(Resx.Get("Report.Doc.ExclusionAnnex")), flat);
        Assert.Contains("测试时误录入", flat);
    }

    [Fact]
    public async Task Staff_of_another_department_cannot_download_the_report()
    {
        var r = await sites.ConclusionProjectAsync(title: "渣土运输管理办法");
        await r.Staff.DraftAsync(r.Project);
        var (other, _, _) = await sites.StaffOfAsync("任丘市民政局");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await other.GetAsync($"/Reports/Download/{r.Project}")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await r.Staff.GetAsync($"/Reports/Download/{r.Project}?version=9")).StatusCode);
    }
}
