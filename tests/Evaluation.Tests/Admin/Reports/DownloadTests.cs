using System.Diagnostics;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>The report as a Word document: LibreOffice opens it (converted to PDF) and its text holds the title page,
/// the parts, the figures and the annex.</summary>
public class DownloadTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private static async Task<string> RunAsync(string file, params string[] args)
    {
        Assert.True(File.Exists(file), $"{file} is missing: test.sh installs LibreOffice Writer and poppler-utils");
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        Assert.True(process.ExitCode == 0, $"{file} exited with {process.ExitCode}: {await errors}");
        return await output;
    }

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

        var folder = Directory.CreateTempSubdirectory("report-docx-");
        try
        {
            var docx = Path.Combine(folder.FullName, "report.docx");
            await File.WriteAllBytesAsync(docx, await response.Content.ReadAsByteArrayAsync());
            // Valid Open XML (what Word checks before it offers to repair a file).
            using (var opened = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(docx, false))
                Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(opened).Select(e => $"{e.Path?.XPath}: {e.Description}"));
            await RunAsync("/usr/bin/soffice", $"-env:UserInstallation=file://{folder.FullName}/profile", "--headless", "--convert-to", "pdf",
                "--outdir", folder.FullName, docx);
            var text = await RunAsync("/usr/bin/pdftotext", Path.Combine(folder.FullName, "report.pdf"), "-");
            string Flat(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
            var flat = Flat(text);
            Assert.Contains("停车场管理办法评估", flat);
            Assert.Contains(Flat(Resx.Get("Report.Doc.Draft")), flat);
            foreach (var part in new[] { "basic_facts", "implementation_analysis", "conclusions", "other_matters" })
                Assert.Contains(Flat(Resx.Get($"ReportPart.{part}")), flat);
            // Known figures in their tables: a label and its value in the next cell.
            Assert.Contains(Flat(Resx.Get("Report.Figure.Opinions")) + "3", flat);
            Assert.Contains(Flat(Resx.Get("Report.Figure.OpinionsExcluded")) + "1", flat);
            Assert.Contains(Flat(Resx.Get("Report.Figure.Answers", Resx.Get("Criterion.legality"))) + "5", flat);
            Assert.Contains(Flat(Resx.Get("Report.Doc.ExclusionAnnex")), flat);
            Assert.Contains("测试时误录入", flat);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
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
