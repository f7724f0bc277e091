using System.Net;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Admin.Reports;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reviews;

/// <summary>A report of the transport bureau sent to legality review and passed with changes by the justice bureau
/// through the review page; its opinion downloaded by the reviewer and converted once by LibreOffice.</summary>
public sealed class ReviewOpinionFixture : SitesFixture
{
    public const string Decision = "城市道路挖掘管理办法";
    public const string Agency = "任丘市交通运输局";
    public const string Changes = "删除报告第三部分关于提高罚款数额的建议\n补充第五条的上位法依据";

    public long Project { get; private set; }
    public long Review { get; private set; }
    public string Hash { get; private set; } = "";
    public HttpClient Reviewer { get; private set; } = null!;
    public byte[] Docx { get; private set; } = [];
    public PdfLayout Pdf { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Project = await DataSource.ProjectAsync(await DataSource.DecisionAsync(Decision, department: Agency), agency: Agency, title: $"{Decision}评估");
        await DataSource.ScalarAsync<long>("update evaluation_project set stage = 'legality_review' where id = @Project returning id", new { Project });
        var version = await DataSource.ReportVersionAsync(Project, 1, true, new ReviewData.Rec("amend", "提高罚款数额", Agency));
        Hash = Convert.ToHexStringLower(await DataSource.ScalarAsync<byte[]>("select content_hash from report_version where id = @version", new { version }));
        Review = await DataSource.LegalityReviewAsync(Project, version, null);
        (Reviewer, _, _) = await this.StaffOfAsync("任丘市司法局", "legal_reviewer");
        await Reviewer.SubmitAsync($"/Reviews/Details/{Review}", new Dictionary<string, string?> { ["Outcome"] = "passed_with_changes", ["Changes"] = Changes });
        var response = await Reviewer.GetAsync($"/Reviews/Opinion/{Review}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Docx = await response.Content.ReadAsByteArrayAsync();
        Pdf = await PdfLayout.ConvertAsync(Docx, "opinion");
    }
}

/// <summary>
/// 合法性审查意见书 (Art. 24): the justice bureau's opinion as an official document in the report's form, from the review's
/// record, downloadable by those who see the review.
/// </summary>
public class OpinionTests(ReviewOpinionFixture f) : IClassFixture<ReviewOpinionFixture>
{
    private PdfLayout Pdf => f.Pdf;

    [Fact]
    public void The_opinion_is_addressed_to_the_agency_names_the_report_and_its_hash_lists_the_changes_and_is_signed_by_the_justice_bureau()
    {
        Assert.StartsWith("595.", Pdf.PageSize);
        Assert.Contains("x 841.", Pdf.PageSize);
        var title = Pdf.Lines[0];
        Assert.Equal(Resx.Get("Opinion.Doc.Title"), PdfLayout.Flat(title.Text));
        Assert.InRange((title.XMin + title.XMax) / 2 / PdfLayout.PointsPerMm, 103, 109);
        // 主送机关 flush left at 28 mm, before the body.
        var addressee = Pdf.Find($"{ReviewOpinionFixture.Agency}：");
        Assert.InRange(PdfLayout.Mm(addressee.XMin), 27.5, 28.8);
        Assert.Equal(1, Pdf.IndexOf($"{ReviewOpinionFixture.Agency}："));
        var text = PdfLayout.Flat(Pdf.Text);
        Assert.Contains($"《关于〈{ReviewOpinionFixture.Decision}〉实施情况的后评估报告》（第1版", text);
        Assert.Contains(f.Hash, text);
        Assert.Contains("第二十四条", text);
        // The outcome, then the changes a point each, numbered.
        Assert.True(Pdf.IndexOf(Resx.Get("Opinion.Doc.Conclusion")) < Pdf.IndexOf(Resx.Get("Opinion.Doc.Outcome.passed_with_changes")));
        Assert.True(Pdf.IndexOf(Resx.Get("Opinion.Doc.Changes")) < Pdf.IndexOf("1.删除报告第三部分"));
        Assert.True(Pdf.IndexOf("1.删除报告第三部分") < Pdf.IndexOf("2.补充第五条的上位法依据"));
        Assert.Contains(PdfLayout.Flat(Resx.Get("Opinion.Doc.Next.passed_with_changes")), text);
        Assert.DoesNotContain(PdfLayout.Flat(Resx.Get("Opinion.Doc.Reasons")), text);
        // 落款: the justice bureau and the day of the review, right-aligned, after the body; the page number "— 1 —" at the right.
        var signature = Pdf.Lines.Select((l, i) => (l, i)).Last(x => PdfLayout.Flat(x.l.Text) == "任丘市司法局");
        Assert.True(signature.i > Pdf.IndexOf(Resx.Get("Opinion.Doc.Next.passed_with_changes")[..10]));
        var date = Pdf.Lines[signature.i + 1];
        Assert.Matches(@"^20\d\d年[1-9]\d?月[1-9]\d?日$", PdfLayout.Flat(date.Text));
        Assert.InRange(PdfLayout.Mm(date.XMin - signature.l.XMin), 10.0, 13.5);
        Assert.InRange(184 - PdfLayout.Mm(date.XMax), 10.0, 12.5);
        var number = Pdf.OnPage(1).Single(l => PdfLayout.Flat(l.Text) == "—1—");
        Assert.InRange(PdfLayout.Mm(number.XMax), 210 - 26 - 8, 210 - 26 - 3);
        Assert.InRange(PdfLayout.Mm(number.YMin), 262, 287);
        // The body in 三号: 28.95 pt from one line to the next.
        var body = Pdf.IndexOf("你单位于");
        Assert.InRange(Pdf.Lines[body + 1].YMin - Pdf.Lines[body].YMin, 28.5, 29.4);
    }

    [Fact]
    public async Task The_opinion_carries_the_reviewed_reports_hash_in_its_properties_and_the_download_is_audited()
    {
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(f.Docx), false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var custom = doc.CustomFilePropertiesPart!.Properties.Elements<DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty>()
            .ToDictionary(p => p.Name!.Value!, p => p.InnerText);
        Assert.Equal(f.Hash, custom["ReviewedReportSha256"]);
        Assert.Equal("passed_with_changes", custom["LegalityOutcome"]);
        Assert.Equal("任丘市司法局", doc.PackageProperties.Creator);
        Assert.True(await f.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'export_legality_opinion' and entity = 'legality_review' and entity_id = @id",
            new { id = f.Review.ToString() }) >= 1);
    }

    [Fact]
    public async Task Only_those_who_see_the_review_download_its_opinion_and_a_review_without_an_opinion_has_none()
    {
        // The review's page links the download once the opinion is recorded; the queue too.
        var page = await f.Reviewer.GetHtmlAsync($"/Reviews/Details/{f.Review}");
        Assert.Equal($"/Reviews/Opinion/{f.Review}", page.QuerySelector("#opinion-download")!.GetAttribute("href"));
        Assert.NotNull((await f.Reviewer.GetHtmlAsync("/Reviews")).QuerySelector($"#decided-reviews a[href='/Reviews/Opinion/{f.Review}']"));
        // The agency's staff see their project and its review; the organizer sees everything.
        var (agency, _, _) = await f.StaffOfAsync(ReviewOpinionFixture.Agency);
        var download = await agency.GetAsync($"/Reviews/Opinion/{f.Review}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Resx.Get("Opinion.FileName", $"{ReviewOpinionFixture.Decision}评估"), download.Content.Headers.ContentDisposition!.FileNameStar);
        var (organizer, _) = await f.SignedInAsync("organizer");
        Assert.Equal(HttpStatusCode.OK, (await organizer.GetAsync($"/Reviews/Opinion/{f.Review}")).StatusCode);
        // Another department's staff: not found, as for the review itself.
        var (other, _, _) = await f.StaffOfAsync("任丘市民政局");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Reviews/Opinion/{f.Review}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Reviews/Details/{f.Review}")).StatusCode);

        // A review still open has no opinion to download, and its page offers none.
        var project = await f.DataSource.ProjectInStageAsync("legality_review", title: "尚未审查的项目");
        var open = await f.DataSource.LegalityReviewAsync(project, await f.DataSource.ReportVersionAsync(project, 1), null);
        Assert.Equal(HttpStatusCode.NotFound, (await f.Reviewer.GetAsync($"/Reviews/Opinion/{open}")).StatusCode);
        Assert.Null((await f.Reviewer.GetHtmlAsync($"/Reviews/Details/{open}")).QuerySelector("#opinion-download"));
        Assert.Equal(HttpStatusCode.NotFound, (await f.Reviewer.GetAsync("/Reviews/Opinion/999999")).StatusCode);
    }

    [Fact]
    public void A_returned_report_gets_an_opinion_with_the_reasons_and_a_plain_pass_one_with_neither_list()
    {
        byte[] Build(string outcome, string? changes, string? reasons) => Evaluation.Analysis.Reports.LegalityOpinionDocument.Build(
            new Evaluation.Analysis.Reports.LegalityOpinionModel("养犬管理规定", "normative_document", "任丘市公安局", 2, new DateOnly(2026, 11, 30),
                new string('a', 64), new DateOnly(2026, 12, 1), outcome, changes, reasons, "任丘市司法局", new DateOnly(2026, 12, 8)),
            Evaluation.Shared.Resources.Texts.Localizer());
        string Text(byte[] docx)
        {
            using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
            return doc.MainDocumentPart!.Document!.Body!.InnerText;
        }
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            var returned = Text(Build("returned", null, "第五条设定罚款缺乏上位法依据"));
            Assert.Contains(Resx.Get("Opinion.Doc.Outcome.returned"), returned);
            Assert.Contains(Resx.Get("Opinion.Doc.Reasons"), returned);
            Assert.Contains("第五条设定罚款缺乏上位法依据", returned);
            Assert.Contains(Resx.Get("Opinion.Doc.Next.returned"), returned);
            Assert.Contains("2026年12月8日", returned);
            Assert.Contains("你单位于2026年12月1日送审的《关于〈养犬管理规定〉实施情况的后评估报告》（第2版，2026年11月30日定稿）收悉", returned);
            Assert.Contains(Resx.Get("Opinion.Doc.Hash", new string('a', 64)), returned);
            using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(Build("passed_with_changes", "1. 注明依据；2. 明确牵头部门。", null)), false))
            {
                var paragraphs = doc.MainDocumentPart!.Document!.Body!.Elements<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText).ToList();
                Assert.Contains("1. 注明依据；", paragraphs);
                Assert.Contains("2. 明确牵头部门。", paragraphs);
            }
            var passed = Text(Build("passed", null, null));
            Assert.Contains(Resx.Get("Opinion.Doc.Outcome.passed"), passed);
            Assert.DoesNotContain(Resx.Get("Opinion.Doc.Reasons"), passed);
            Assert.DoesNotContain(Resx.Get("Opinion.Doc.Changes"), passed);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }
}
