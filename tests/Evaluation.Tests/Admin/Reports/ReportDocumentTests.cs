using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Evaluation.Analysis.Reports;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>The builder of the report's document on its own (no LibreOffice): where each piece of a report goes in the
/// form of Art. 21 and of Art. 28, and how the evaluators' numbered lines become the headings of an official document.</summary>
public class ReportDocumentTests
{
    private static readonly ReportRecommendation[] Recommendations =
        [new(1, "adjust", "线路调整后换乘不便，建议优化换乘站点。", 3, "任丘市交通运输局"), new(2, "continue", "其余措施继续实施。", null, null)];

    private static ReportDocumentModel Model(string form, string procedure = "standard", string? hash = "ab12", IReadOnlyList<ExpertReviewLine>? reviews = null,
        string? reason = null, IReadOnlyDictionary<string, Figure>? figures = null, IReadOnlyList<(string, string)>? parts = null) =>
        new("任丘市城区公交线网优化调整", form, procedure, "任丘市交通运输局", 3, new DateOnly(2026, 1, 5), hash,
            parts ?? Evaluation.Shared.Results.ReportParts.For(form).Select(p => (p, $"{p}的内容。")).ToList(),
            figures ?? new Dictionary<string, Figure> { ["participation.opinions"] = new("6", "收到意见（条）", "/x", 1) },
            Recommendations, reviews ?? [new ExpertReviewLine(2, new DateOnly(2025, 12, 20), "法律专家（河北大学法学院）", "建议补充成本效益测算。")], reason);

    /// <summary>The body's paragraphs: style, text, and the East Asian font of the first run that names one.</summary>
    private static List<(string Style, string Text, string? Font, bool Bold)> Paragraphs(ReportDocumentModel m)
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            using var doc = WordprocessingDocument.Open(new MemoryStream(ReportDocument.Build(m, Evaluation.Shared.Resources.Texts.Localizer())), false);
            return doc.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>()
                .Where(p => p.InnerText.Length > 0)
                .Select(p => (p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "", p.InnerText,
                    p.Descendants<RunFonts>().FirstOrDefault()?.EastAsia?.Value, p.Descendants<Bold>().Any()))
                .ToList();
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    private static int At(List<(string Style, string Text, string? Font, bool Bold)> ps, string start) =>
        ps.FindIndex(p => p.Text.StartsWith(start, StringComparison.Ordinal)) is var i and >= 0 ? i
            : throw new Xunit.Sdk.XunitException($"no paragraph starts with “{start}”:\n{string.Join("\n", ps.Select(p => p.Text))}");

    [Fact]
    public void A_decision_matters_report_follows_Art_28_with_the_review_in_the_basis_and_the_recommendations_in_part_four()
    {
        var ps = Paragraphs(Model("other_matter"));
        Assert.Equal("关于任丘市城区公交线网优化调整实施情况的后评估报告", ps[0].Text);      // a matter is not a document: no 书名号
        Assert.Equal("Title", ps[0].Style);
        int one = At(ps, Resx.Get("ReportPart.overall_evaluation")), two = At(ps, Resx.Get("ReportPart.basis")),
            three = At(ps, Resx.Get("ReportPart.problems_and_remedies")), four = At(ps, Resx.Get("ReportPart.recommendation"));
        Assert.True(one < two && two < three && three < four);
        Assert.Equal(("Heading1", (string?)null), (ps[two].Style, ps[two].Font));
        Assert.InRange(At(ps, "2025年12月20日，法律专家（河北大学法学院）对报告第2版提出论证意见：建议补充成本效益测算。"), two, three);
        var rec = At(ps, "1.建议调整。");
        Assert.True(rec > four);
        Assert.Equal("1.建议调整。线路调整后换乘不便，建议优化换乘站点。建议由任丘市交通运输局负责落实。", ps[rec].Text);
        Assert.True(ps[rec].Bold);
        Assert.Equal("2.建议继续实施。其余措施继续实施。", ps[rec + 1].Text);
        // 附件说明, then the 落款 with the date in Arabic numerals without leading zeros, then the annexes.
        var list = At(ps, "附件：1. ");
        Assert.True(list > rec + 1);
        var name = ps.FindIndex(p => p.Text == "任丘市交通运输局");
        Assert.True(name > list);
        Assert.Equal("2026年1月5日", ps[name + 1].Text);
        Assert.Equal(("AnnexLabel", "附件1"), (ps[name + 2].Style, ps[name + 2].Text));
        Assert.EndsWith("ab12", ps[^1].Text);
        Assert.Equal("SmallPrint", ps[^1].Style);
    }

    [Fact]
    public void Numbered_lines_of_the_prose_become_the_headings_of_an_official_document()
    {
        var ps = Paragraphs(Model("normative_document", parts:
        [
            ("basic_facts", "本次评估由市交通运输局组织。"),
            ("implementation_analysis", string.Join("\n", "（一）合法性", "符合上位法规定。", "1.收费依据。收费依据明确，程序合法。",
                "2.这是一个很长的编号段落，没有句中的句号，所以它不是标题而是一个以编号开头的普通段落，应当按正文排版", "三、不应出现的一级标题")),
            ("conclusions", "（一）总体评价\n总体良好。\n（二）存在问题\n换乘不便。"),
            ("other_matters", ""),
        ]));
        var kai = ps[At(ps, "（一）合法性")];
        Assert.Equal(("Heading2", (string?)null), (kai.Style, kai.Font));
        var runIn = ps[At(ps, "1.收费依据。")];
        Assert.Equal(("Normal", "仿宋_GB2312", true), (runIn.Style, runIn.Font, runIn.Bold));
        var plain = ps[At(ps, "2.这是一个很长的编号段落")];
        Assert.Equal(("Normal", false), (plain.Style, plain.Bold));
        Assert.Equal("Heading1", ps[At(ps, "三、不应出现的一级标题")].Style);
        // Part one without headings of its own: the work under "（一）", the 论证 as "（二）".
        Assert.True(At(ps, "（一）" + Resx.Get("Report.Doc.WorkSection")) < At(ps, "本次评估由市交通运输局组织。"));
        Assert.True(At(ps, "本次评估由市交通运输局组织。") < At(ps, "（二）" + Resx.Get("Report.Doc.ExpertReviews")));
        // Part three with two headings: the recommendations are its third.
        Assert.True(At(ps, "换乘不便。") < At(ps, "（三）" + Resx.Get("Report.Doc.RecommendationsSection")));
        Assert.Equal(Resx.Get("Report.PartEmpty"), ps[At(ps, Resx.Get("ReportPart.other_matters")) + 1].Text);
    }

    [Fact]
    public void Without_a_review_the_report_states_the_reason_or_the_simplified_procedure_and_a_draft_says_so_in_its_header()
    {
        var withReason = Paragraphs(Model("normative_document", reviews: [], reason: "专家回避"));
        At(withReason, Resx.Get("Report.Doc.Reviews.Reason", "专家回避"));
        Assert.DoesNotContain(withReason, p => p.Text == Resx.Get("Report.Doc.ReviewAnnex"));
        var simplified = Paragraphs(Model("normative_document", procedure: "simplified", reviews: []));
        At(simplified, Resx.Get("Report.Doc.Reviews.Simplified"));

        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        try
        {
            var draft = ReportDocument.Build(Model("normative_document", hash: null, reviews: []), Evaluation.Shared.Resources.Texts.Localizer());
            using var doc = WordprocessingDocument.Open(new MemoryStream(draft), false);
            Assert.Equal(2, doc.MainDocumentPart!.HeaderParts.Count());
            Assert.All(doc.MainDocumentPart.HeaderParts, h => Assert.Equal(Resx.Get("Report.Doc.Draft", 3), h.Header!.InnerText));
            Assert.DoesNotContain("SHA-256", doc.MainDocumentPart.Document!.Body!.InnerText);
            Assert.Contains(Resx.Get("Report.Doc.Reviews.None"), doc.MainDocumentPart.Document.Body.InnerText);
            Assert.Null(doc.CustomFilePropertiesPart!.Properties.Elements<DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty>()
                .FirstOrDefault(p => p.Name == "ContentSha256"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    [Fact]
    public void A_figure_no_annex_names_is_kept_in_a_last_annex_and_a_long_title_is_left_to_wrap()
    {
        var ps = Paragraphs(Model("normative_document", figures: new Dictionary<string, Figure>
        {
            ["participation.opinions"] = new("6", "收到意见（条）", "/x", 1),
            ["budget.total"] = new("120万元", "预算合计", "/y", 2),
        }));
        var other = At(ps, Resx.Get("Report.Doc.OtherFigures"));
        Assert.True(other > At(ps, Resx.Get("Report.Doc.Participation")));
        Assert.Contains(ps, p => p.Text == "预算合计");
        Assert.Equal(["关于《停车收费管理办法》", "实施情况的后评估报告"], ReportDocument.TitleLines("关于《停车收费管理办法》实施情况的后评估报告"));
        var longName = "关于《任丘市重大行政决策实施情况跟踪反馈和后评估办法（试行）》实施情况的后评估报告";
        Assert.Equal([longName], ReportDocument.TitleLines(longName));
        Assert.Equal("2026年12月8日", OfficialDocument.Date(new DateOnly(2026, 12, 8)));
    }
}
