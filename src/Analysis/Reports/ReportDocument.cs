using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Evaluation.Shared.Resources;
using Microsoft.Extensions.Localization;

namespace Evaluation.Analysis.Reports;

/// <summary>What the Word document of a version shows.</summary>
public sealed record ReportDocumentModel(string DecisionTitle, string ProjectTitle, string AgencyName, string FormName, int Version, string Date,
    string? HashHex, IReadOnlyList<(string Heading, string Prose)> Parts, IReadOnlyDictionary<string, Figure> Figures,
    IReadOnlyList<ReportRecommendation> Recommendations);

/// <summary>
/// The report as a Word document (.docx, Open XML): a title page, the parts of Art. 21 or Art. 28 as headings with their
/// prose, the tables of figures (participation; per standard), the recommendations, and the exclusion log (Art. 6) and
/// methods log as annexes. Chinese text gets an East Asian font (Noto CJK, else 宋体 where that is what is installed).
/// </summary>
public static class ReportDocument
{
    private const string Font = "Noto Serif CJK SC";
    private const string EastAsianFallback = "宋体";

    public static byte[] Build(ReportDocumentModel m, IStringLocalizer<Texts> t)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();

            // Title page.
            body.Append(Paragraph(m.DecisionTitle, "Title"));
            body.Append(Paragraph(m.ProjectTitle, "Subtitle"));
            body.Append(Paragraph(m.FormName, null, center: true));
            body.Append(Paragraph(t["Report.Doc.Agency", m.AgencyName], null, center: true));
            body.Append(Paragraph(t["Report.Doc.Version", m.Version, m.Date], null, center: true));
            body.Append(Paragraph(m.HashHex is null ? t["Report.Doc.Draft"].Value : t["Report.Doc.Hash", m.HashHex].Value, null, center: true));
            body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));

            // The parts.
            foreach (var (heading, prose) in m.Parts)
            {
                body.Append(Paragraph(heading, "Heading1"));
                foreach (var line in prose.Split('\n'))
                    if (line.Trim().Length > 0) body.Append(Paragraph(line.Trim(), null));
            }

            // Tables of figures.
            body.Append(Paragraph(t["Report.Doc.Participation"], "Heading1"));
            body.Append(FigureTable(m.Figures.Where(f => f.Key.StartsWith("participation.", StringComparison.Ordinal)
                                                         || f.Key.StartsWith("campaigns.", StringComparison.Ordinal)), t));
            body.Append(Paragraph(t["Report.Doc.Criteria"], "Heading1"));
            body.Append(FigureTable(m.Figures.Where(f => f.Key.StartsWith("criterion.", StringComparison.Ordinal)
                                                         || f.Key.StartsWith("conclusion.", StringComparison.Ordinal)), t));

            body.Append(Paragraph(t["Report.Recommendations"], "Heading1"));
            if (m.Recommendations.Count == 0) body.Append(Paragraph(t["Report.Recommendations.None"], null));
            else
                body.Append(Table([t["Report.Recommendation.Kind"], t["Report.Recommendation.Reasoning"], t["Report.Recommendation.Department"]],
                    m.Recommendations.Select(r => new[] { t[$"Outcome.{r.Kind}"].Value, r.Reasoning, r.DepartmentName ?? "—" })));

            // Annexes: Art. 6, what was left out and why; Art. 16, the methods.
            body.Append(Paragraph(t["Report.Doc.ExclusionAnnex"], "Heading1"));
            var exclusions = m.Figures.Where(f => f.Key.StartsWith("exclusion.", StringComparison.Ordinal)).ToList();
            if (exclusions.Count == 0) body.Append(Paragraph(t["Findings.NoExclusions"], null));
            else body.Append(Table([t["Findings.ExcludedWhat"], t["Findings.Reason"]], exclusions.Select(f => new[] { f.Value.Label, f.Value.Value })));
            body.Append(Paragraph(t["Report.Doc.MethodAnnex"], "Heading1"));
            body.Append(FigureTable(m.Figures.Where(f => f.Key.StartsWith("method", StringComparison.Ordinal)), t));

            body.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    private static Table FigureTable(IEnumerable<KeyValuePair<string, Figure>> figures, IStringLocalizer<Texts> t) =>
        Table([t["Report.Figure"], t["Report.Figure.Value"]], figures.OrderBy(f => f.Value.Order).Select(f => new[] { f.Value.Label, f.Value.Value }));

    private static Table Table(string[] header, IEnumerable<string[]> rows)
    {
        // The schema's order: width before borders; top, left, bottom, right, inside.
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, border));
        // Label and value: the label takes two thirds; otherwise the columns share the width.
        var widths = header.Length == 2 ? new[] { 6000, 3000 } : header.Select(_ => 9000 / header.Length).ToArray();
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(System.Globalization.CultureInfo.InvariantCulture) })));
        table.Append(Row(header, bold: true));
        foreach (var r in rows) table.Append(Row(r, bold: false));
        return table;
    }

    private static TableRow Row(IEnumerable<string> cells, bool bold) =>
        new(cells.Select(c => new TableCell(new Paragraph(TextRun(c, bold)))));

    private static Paragraph Paragraph(string text, string? style, bool center = false)
    {
        var properties = new ParagraphProperties();
        if (style is not null) properties.Append(new ParagraphStyleId { Val = style });
        if (center || style is "Title" or "Subtitle") properties.Append(new Justification { Val = JustificationValues.Center });
        return new Paragraph(properties, TextRun(text, false));
    }

    private static Run TextRun(string text, bool bold)
    {
        var run = new Run();
        if (bold) run.Append(new RunProperties(new Bold()));
        run.Append(new DocumentFormat.OpenXml.Wordprocessing.Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    private static RunFonts ReportFonts() => new() { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font, Hint = FontTypeHintValues.EastAsia };

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(ReportFonts(), new FontSize { Val = "24" },
                    new Languages { Val = "zh-CN", EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(new SpacingBetweenLines { After = "120", Line = "360", LineRule = LineSpacingRuleValues.Auto }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            Heading("Title", "Title", 44, 0),
            Heading("Subtitle", "Subtitle", 32, 0),
            Heading("Heading1", "heading 1", 32, 0, outline: true));
        styles.Styles.Save();
        // The font table names 宋体 as the alternative where the Noto font is not installed.
        var fonts = main.AddNewPart<FontTablePart>();
        fonts.Fonts = new Fonts(new DocumentFormat.OpenXml.Wordprocessing.Font(new AltName { Val = EastAsianFallback },
            new FontCharSet { Val = "86" }, new FontFamily { Val = FontFamilyValues.Roman }) { Name = Font });
        fonts.Fonts.Save();
    }

    private static Style Heading(string id, string name, int halfPoints, int level, bool outline = false)
    {
        var paragraph = new StyleParagraphProperties(new KeepNext(), new SpacingBetweenLines { Before = "240", After = "120" });
        if (outline) paragraph.Append(new OutlineLevel { Val = level });
        return new Style(new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new NextParagraphStyle { Val = "Normal" }, new PrimaryStyle(),
            paragraph, new StyleRunProperties(ReportFonts(), new Bold(), new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            Type = StyleValues.Paragraph, StyleId = id,
        };
    }
}
