using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>
/// A finalized report of a normative document, written, reviewed by the team's expert (论证), finalized and downloaded
/// through the pages, then converted once by LibreOffice for every test of the class.
/// </summary>
public sealed class FinalizedReportFixture : SitesFixture
{
    public const string Title = "停车收费管理办法";
    public const string ExpertComments = "建议补充收费标准调整的听证程序。第五条的表述与上位法不一致之处应予说明。其余部分同意。";
    public const string Recommendation = "按时段细化收费标准，夜间降低收费。";

    public ReportProject Project { get; private set; } = null!;
    public byte[] Docx { get; private set; } = [];
    public PdfLayout Pdf { get; private set; } = null!;
    public string Hash { get; private set; } = "";

    /// <summary>Prose long enough to run over the first page, with the headings official documents number in the text.</summary>
    public static readonly Dictionary<string, string?> Parts = new()
    {
        ["Parts[basic_facts]"] = string.Join("\n",
            "2026年3月至5月，市司法局会同市交通运输局对《停车收费管理办法》的实施情况开展了后评估，评估采用问卷调查、座谈会和公开征求意见相结合的方法。",
            "评估期间共收到公众意见3条、问卷5份，召开座谈会1次，12人参加。"),
        ["Parts[implementation_analysis]"] = string.Join("\n",
            "（一）合法性",
            "该办法的制定主体、权限和程序符合法律、法规的规定，收费依据明确。问卷中实施后的评分均值高于实施前，受访者普遍认可收费标准的合法性。"
            + "座谈会上，与会代表对收费公示制度的执行情况表示肯定，同时指出部分停车场未按规定公示收费标准，需要加强监督检查。",
            "（二）合理性",
            "1.收费标准。现行标准总体适当，但高峰时段与夜间时段差别不大，不利于引导错峰停车。",
            "2.免费时段。多数意见希望延长免费时段，评估组认为可结合周转率研究。"
            + "部分路段停车位周转率偏低，长时间占用现象较为普遍，建议结合智慧停车系统的数据进一步分析。",
            "（三）实效性",
            "办法实施以来，中心城区停车秩序明显改善，违法停车投诉数量下降，停车位周转率有所提高，但老旧小区周边停车难问题仍较突出。"
            + "评估组建议在后续工作中加强对老旧小区周边停车资源的统筹，推动机关企事业单位停车场错时开放。"),
        ["Parts[conclusions]"] = "总体来看，该办法实施情况良好，制度设计基本合理，达到了规范停车收费、改善停车秩序的目的，建议继续执行并作部分修改。",
        ["Parts[other_matters]"] = "无其他需要说明的事项。",
    };

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Project = await this.ConclusionProjectAsync(title: Title);
        var r = Project;
        await r.Staff.DraftAsync(r.Project);
        var department = await DataSource.ScalarAsync<long>("select id from department where name = '任丘市交通运输局'");
        await r.Staff.SubmitAsync($"/Reports/Edit/{r.Project}", new Dictionary<string, string?>(Parts)
        {
            ["Recommendations[0].Kind"] = "amend", ["Recommendations[0].Reasoning"] = Recommendation,
            ["Recommendations[0].DepartmentId"] = department.ToString(),
            ["Recommendations[1].Kind"] = "continue", ["Recommendations[1].Reasoning"] = "其余条款继续执行。",
        });
        await r.Staff.SubmitAsync($"/Reports/{r.Project}?version=2", new Dictionary<string, string?>
        {
            ["MemberId"] = r.MemberId.ToString(), ["ReviewedOn"] = "2026-05-20", ["Comments"] = ExpertComments,
        }, "form[action*='handler=Review']");
        await r.Staff.SubmitAsync($"/Reports/{r.Project}?version=2", new Dictionary<string, string?>(), "form[action*='handler=Finalize']");
        Hash = Convert.ToHexStringLower(await DataSource.ScalarAsync<byte[]>(
            "select content_hash from report_version where project_id = @p and version = 2", new { p = r.Project }));
        var response = await r.Staff.GetAsync($"/Reports/Download/{r.Project}?version=2");
        Docx = await response.Content.ReadAsByteArrayAsync();
        Pdf = await PdfLayout.ConvertAsync(Docx, "report");
    }
}

/// <summary>
/// The report as an official document (GB/T 9704-2012), checked where it matters, on the PDF LibreOffice makes of it: A4,
/// the text block's margins, the page numbers at the outer edges, the body's size, the title, the order of the parts,
/// the recommendations in part three, the 落款 before the annexes, the hash at the end and in the properties.
/// </summary>
public class OfficialFormTests(FinalizedReportFixture f) : IClassFixture<FinalizedReportFixture>
{
    private PdfLayout Pdf => f.Pdf;
    private const double Mm = PdfLayout.PointsPerMm;

    /// <summary>The lines of the text block (not the page number below it, nor a header above it).</summary>
    private IEnumerable<PdfLine> Block(int page) =>
        Pdf.OnPage(page).Where(l => l.YMin > 30 * Mm && l.YMax < (297 - 35 + 2) * Mm);

    [Fact]
    public void The_pages_are_A4_with_the_text_block_inside_the_margins_of_GB_T_9704()
    {
        Assert.StartsWith("595.", Pdf.PageSize);     // 210 × 297 mm = 595.28 × 841.89 pt
        Assert.Contains("x 841.", Pdf.PageSize);
        Assert.True(Pdf.Pages >= 3, $"{Pdf.Pages} pages");
        for (var page = 2; page <= Pdf.Pages; page++)
        {
            var lines = Block(page).ToList();
            Assert.NotEmpty(lines);
            // Top: the first line of a page is the text block's first, 37 mm down (its glyphs a little lower, within the
            // 28.95 pt of the line).
            Assert.InRange(PdfLayout.Mm(lines.Min(l => l.YMin)), 36.5, 41.0);
            // Left: nothing left of 28 mm.
            Assert.True(PdfLayout.Mm(lines.Min(l => l.XMin)) >= 27.5, $"page {page} starts at {PdfLayout.Mm(lines.Min(l => l.XMin)):0.0} mm");
            // Right: nothing beyond 210 − 26 mm; bottom: nothing below 297 − 35 mm.
            Assert.True(PdfLayout.Mm(lines.Max(l => l.XMax)) <= 184.5, $"page {page} reaches {PdfLayout.Mm(lines.Max(l => l.XMax)):0.0} mm");
            Assert.True(PdfLayout.Mm(lines.Max(l => l.YMax)) <= 262.5, $"page {page} reaches down to {PdfLayout.Mm(lines.Max(l => l.YMax)):0.0} mm");
        }
        // The body's lines after the first of a paragraph start at the left margin, 28 mm; first lines two characters in.
        var body = Block(2).ToList();
        Assert.InRange(PdfLayout.Mm(body.Min(l => l.XMin)), 27.5, 28.8);
        Assert.Contains(body, l => PdfLayout.Mm(l.XMin) is > 28 + 10.5 and < 28 + 12);
        // 22 lines to a full page of body text.
        Assert.Equal(22, body.Count);
    }

    [Fact]
    public void Page_numbers_stand_below_the_text_block_at_the_outer_edge_odd_right_even_left()
    {
        for (var page = 1; page <= Pdf.Pages; page++)
        {
            var number = Pdf.OnPage(page).Single(l => PdfLayout.Flat(l.Text) == $"—{page}—");
            // 7 mm below the text block (262 mm), within the bottom margin.
            Assert.InRange(PdfLayout.Mm(number.YMin), 262.0, 297.0 - 10);
            if (page % 2 == 1) Assert.InRange(PdfLayout.Mm(number.XMax), 210 - 26 - 8, 210 - 26 - 3);    // one character from the right edge
            else Assert.InRange(PdfLayout.Mm(number.XMin), 28 + 3, 28 + 8);                               // one character from the left edge
        }
    }

    [Fact]
    public void The_body_is_16_pt_on_a_grid_of_22_lines_and_the_title_22_pt()
    {
        var body = Pdf.Find("该办法的制定主体");
        var title = Pdf.Find("实施情况的后评估报告");
        Assert.Equal(1, title.Page);
        var next = Pdf.Lines[Pdf.IndexOf("该办法的制定主体") + 1];
        // The line pitch of the grid: 225 mm / 22 = 28.95 pt.
        Assert.InRange(next.YMin - body.YMin, 28.5, 29.4);
        // A 三号 character is 16 pt wide (a little less on the grid of 28 a line): the body's lines hold 27-28 of them.
        var full = Block(1).Concat(Block(2)).Where(l => l.Text.Length >= 20 && l.Words.Count == 1).ToList();
        Assert.NotEmpty(full);
        foreach (var l in full.Take(5))
        {
            var perChar = (l.XMax - l.XMin) / l.Text.Length;
            Assert.InRange(perChar, 15.0, 16.3);
        }
        // 28 characters to a full line of Chinese text (156 mm).
        Assert.Contains(Block(2), l => PdfLayout.Flat(l.Text) is { Length: 28 } t && t.All(c => c >= 0x2E80) && PdfLayout.Mm(l.XMax) > 182);
        Assert.DoesNotContain(Block(2), l => PdfLayout.Flat(l.Text) is { } t && t.All(c => c >= 0x2E80) && t.Length > 28);
        // Word boxes: the title's glyphs 22/16 as high as the body's.
        Assert.InRange(title.Height / body.Height, 22.0 / 16 - 0.08, 22.0 / 16 + 0.08);
        Assert.InRange(body.Height / 16, 1.0, 1.6);
    }

    [Fact]
    public void The_title_names_the_decision_once_in_the_usual_form_and_a_finalized_report_has_no_draft_mark_or_hash_on_its_first_page()
    {
        var title = $"关于《{FinalizedReportFixture.Title}》实施情况的后评估报告";
        Assert.Contains(PdfLayout.Flat(title), PdfLayout.Flat(string.Join("", Pdf.OnPage(1).Take(3).Select(l => l.Text))));
        // Two lines broken after the decision's name, each centred in the text block (28 + 156 / 2 = 106 mm).
        foreach (var line in new[] { $"关于《{FinalizedReportFixture.Title}》", "实施情况的后评估报告" })
        {
            var t = Pdf.Find(line);
            Assert.Equal(1, t.Page);
            Assert.InRange((t.XMin + t.XMax) / 2 / Mm, 106 - 3, 106 + 3);
        }
        // The decision's name once: no project title repeating it.
        var head = PdfLayout.Flat(string.Concat(Pdf.Lines.Take(2).Select(l => l.Text)));
        Assert.Equal(title, head);
        var first = PdfLayout.Flat(string.Join("", Pdf.OnPage(1).Select(l => l.Text)));
        Assert.DoesNotContain(f.Hash, first);
        Assert.DoesNotContain("草稿", first);
    }

    [Fact]
    public void The_parts_come_in_the_order_of_Art_21_with_the_experts_review_in_part_one_and_the_recommendations_in_part_three()
    {
        int At(string s) => Pdf.IndexOf(s);
        var one = At(Resx.Get("ReportPart.basic_facts"));
        var two = At(Resx.Get("ReportPart.implementation_analysis"));
        var three = At(Resx.Get("ReportPart.conclusions"));
        var four = At(Resx.Get("ReportPart.other_matters"));
        Assert.True(one < two && two < three && three < four, $"{one} {two} {three} {four}");
        // Art. 20: the 论证 summarised in part one: who, which version, when, the gist.
        var reviews = At(Resx.Get("Report.Doc.ExpertReviews"));
        Assert.InRange(reviews, one, two);
        Assert.InRange(Pdf.IndexOf("2026年5月20日"), reviews, two);
        Assert.Contains("第2版", PdfLayout.Flat(Pdf.Text));
        Assert.Contains(PdfLayout.Flat(Resx.Get("Report.Doc.Reviews.Intro", 1, 1, "附件6")), PdfLayout.Flat(Pdf.Text));
        Assert.Contains(PdfLayout.Flat("建议补充收费标准调整的听证程序。"), PdfLayout.Flat(Pdf.Text));
        // The recommendations are part three of the body, with kind, reasoning and the department that should act.
        var recommendations = At(Resx.Get("Report.Doc.RecommendationsSection"));
        Assert.InRange(recommendations, three, four);
        Assert.InRange(At(FinalizedReportFixture.Recommendation[..10]), recommendations, four);
        var text = PdfLayout.Flat(Pdf.Text);
        Assert.Contains(PdfLayout.Flat("1.建议修改。" + FinalizedReportFixture.Recommendation + "建议由任丘市交通运输局负责落实。"), text);
        Assert.Contains(PdfLayout.Flat("2.建议继续实施。其余条款继续执行。"), text);
        // Headings numbered in the text, the way the evaluators wrote them.
        Assert.True(At("（一）合法性") < At("（二）合理性") && At("（二）合理性") < At("（三）实效性"));
    }

    [Fact]
    public void The_agency_and_the_date_sign_after_the_annex_list_and_each_annex_starts_a_page_headed_with_its_number()
    {
        var annexList = Pdf.IndexOf("附件：1.");
        var agency = Pdf.Lines.Select((l, i) => (l, i)).First(x => PdfLayout.Flat(x.l.Text) == "任丘市司法局" && x.i > annexList);
        var date = Pdf.Lines[agency.i + 1];
        Assert.Matches(@"^20\d\d年[1-9]\d?月[1-9]\d?日$", PdfLayout.Flat(date.Text));
        Assert.True(Pdf.IndexOf(Resx.Get("ReportPart.other_matters")) < annexList);
        // GB/T 9704 7.3.5.2: the date starts two characters (2 × 16 pt = 11.3 mm) right of the name's first character; a date
        // longer than that (6½ characters here against 6) ends two characters from the right edge and the name moves left.
        Assert.InRange(PdfLayout.Mm(date.XMin - agency.l.XMin), 10.0, 13.5);
        Assert.InRange(184 - PdfLayout.Mm(date.XMax), 10.0, 12.5);
        // The annexes after the signature, each on a new page, "附件N" at the top left.
        foreach (var (label, title) in new[] { ("附件1", Resx.Get("Report.Doc.Participation")), ("附件2", Resx.Get("Report.Doc.Criteria")),
                     ("附件3", Resx.Get("Report.Doc.ExclusionAnnex")), ("附件4", Resx.Get("Report.Doc.MethodAnnex")), ("附件5", Resx.Get("Report.Doc.EvidenceAnnex")),
                     ("附件6", Resx.Get("Report.Doc.ReviewAnnex")) })
        {
            var head = Pdf.Lines.Single(l => PdfLayout.Flat(l.Text) == label);
            Assert.True(head.Page > agency.l.Page || Pdf.Lines.ToList().IndexOf(head) > agency.i);
            Assert.Equal(head, Block(head.Page).First());
            Assert.InRange(PdfLayout.Mm(head.XMin), 27.0, 29.5);
            Assert.Equal(title, Pdf.Lines.First(l => l.Page == head.Page && l.YMin > head.YMin && l.Text.Trim().Length > 0 && !l.Text.StartsWith("—")).Text.Replace(" ", ""));
        }
        // The figures are in the annexes, not the body.
        Assert.True(Pdf.IndexOf(Resx.Get("Report.Figure.Opinions")) > agency.i);
    }

    [Fact]
    public void The_content_hash_is_in_small_print_at_the_end_and_in_the_document_properties()
    {
        var last = Pdf.Lines.Where(l => !PdfLayout.Flat(l.Text).StartsWith('—')).Last();
        var hashLine = PdfLayout.Flat(string.Join("", Pdf.Lines.Where(l => l.Page == Pdf.Pages).TakeLast(4).Select(l => l.Text)));
        Assert.Contains(f.Hash, hashLine);
        Assert.Contains("内容摘要值（SHA-256）", hashLine);
        Assert.True(last.Height < 14, $"{last.Height}");     // 五号 (10.5 pt), not the body's 16 pt
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(f.Docx), false);
        Assert.Equal($"关于《{FinalizedReportFixture.Title}》实施情况的后评估报告", doc.PackageProperties.Title);
        var custom = doc.CustomFilePropertiesPart!.Properties.Elements<DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty>()
            .ToDictionary(p => p.Name!.Value!, p => p.InnerText);
        Assert.Equal(f.Hash, custom["ContentSha256"]);
        Assert.Equal("2", custom["ReportVersion"]);
    }

    [Fact]
    public void The_fonts_are_named_for_East_Asian_text_and_LibreOffice_renders_them_with_a_CJK_font()
    {
        using var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(f.Docx), false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Select(e => $"{e.Path?.XPath}: {e.Description}"));
        var defaults = doc.MainDocumentPart!.StyleDefinitionsPart!.Styles!.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        var fonts = defaults.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.RunFonts>()!;
        Assert.Equal(("仿宋_GB2312", "Times New Roman", "Times New Roman"), (fonts.EastAsia!.Value, fonts.Ascii!.Value, fonts.HighAnsi!.Value));
        Assert.Equal(DocumentFormat.OpenXml.Wordprocessing.FontTypeHintValues.EastAsia, fonts.Hint!.Value);
        Assert.Equal("32", defaults.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.FontSize>()!.Val!.Value);
        var table = doc.MainDocumentPart.FontTablePart!.Fonts!.Elements<DocumentFormat.OpenXml.Wordprocessing.Font>().ToDictionary(x => x.Name!.Value!);
        Assert.Equal("仿宋", table["仿宋_GB2312"].GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.AltName>()!.Val!.Value);
        Assert.Equal("楷体", table["楷体_GB2312"].GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.AltName>()!.Val!.Value);
        Assert.True(table.ContainsKey("黑体") && table.ContainsKey("方正小标宋简体"));
        var grid = doc.MainDocumentPart.Document!.Body!.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.SectionProperties>()!
            .GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.DocGrid>()!;
        // 22 lines of 28.95 pt; 16 pt characters set 0.25 pt closer, 28 to a line of 156 mm.
        Assert.Equal(579, grid.LinePitch!.Value);
        Assert.Equal(-5, defaults.GetFirstChild<DocumentFormat.OpenXml.Wordprocessing.Spacing>()!.Val!.Value);
        // No tofu: the Chinese text comes out as Chinese text, set in an embedded CJK font.
        Assert.Contains(PdfLayout.Flat(Resx.Get("ReportPart.basic_facts")), PdfLayout.Flat(Pdf.Text));
        Assert.Contains("CJK", Pdf.Fonts);
    }
}
