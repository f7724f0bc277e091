using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.VariantTypes;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Evaluation.Analysis.Reports;

/// <summary>
/// A Word document (.docx, Open XML) in the layout of GB/T 9704-2012 《党政机关公文格式》, which a 政府办 expects of
/// anything it sends on to the executive meeting: A4, margins 37/35/28/26 mm (text block 156 × 225 mm), body 仿宋_GB2312
/// 三号 in 22 lines of 28 characters, first-line indent of two characters, title 方正小标宋简体 二号 centred,
/// headings numbered in the text (黑体 "一、", 楷体_GB2312 "（一）", bold 仿宋 "1."), page numbers 4号 宋体 "— 1 —" 7 mm below the
/// text block at the outer edge (odd right, even left, one character in), the 落款 (name right two characters in, the date
/// below it two characters further right), the 附件 list under the body and each annex on a new page headed "附件1".
/// The fonts are named as the government PCs have them (WPS, Word); the font table gives each its Windows name and
/// family as an alternative, and LibreOffice on Linux falls back to Noto CJK by the text's language (zh-CN).
/// </summary>
public sealed partial class OfficialDocument
{
    // GB/T 9704 sizes, in twentieths of a point (twips) and half points.
    private const int PageWidth = 11906, PageHeight = 16838;                        // 210 × 297 mm
    private const int MarginTop = 2098, MarginBottom = 1984, MarginLeft = 1587, MarginRight = 1474;   // 37, 35, 28, 26 mm
    /// <summary>225 mm / 22 lines = 28.95 pt a line (579 twips, exact): 22 lines fill the text block.</summary>
    public const int LinePitch = 579;
    /// <summary>
    /// 156 mm / 28 characters = 15.79 pt a character: a 16 pt character is set 0.25 pt closer (5 twips), so a line
    /// holds 28 in Word, WPS and LibreOffice alike. (A character grid, docGrid linesAndChars with charSpace −842, gives 28
    /// in Word but 14 in LibreOffice 7, which reads a negative charSpace wrongly; the line grid alone reads the same
    /// everywhere.)
    /// </summary>
    private const int CharacterSpacing = -5;
    private const int BodySize = 32, TitleSize = 44, PageNumberSize = 28, TableSize = 24, SmallSize = 21;   // 三号, 二号, 4号, 小四, 五号
    private const int Char = 320;                                                       // one 三号 character
    /// <summary>"一字线上距版心下边缘 7 mm": the footer's bottom edge lies that far plus one 4号 line above the page's edge.</summary>
    private const int FooterDistance = 1984 - 397 - 400;

    public const string FangSong = "仿宋_GB2312", KaiTi = "楷体_GB2312", HeiTi = "黑体", XiaoBiaoSong = "方正小标宋简体", SongTi = "宋体";
    private const string Latin = "Times New Roman";

    /// <summary>The fonts a government PC has, each with the name Windows knows it by (Word substitutes by it), its
    /// PANOSE and family (serif/sans), so an application without it picks a like one.</summary>
    private static readonly (string Name, string Alt, string Panose, bool Serif)[] FontTable =
    [
        (FangSong, "仿宋", "02010609030101010101", true),
        (KaiTi, "楷体", "02010609030101010101", true),
        (HeiTi, "SimHei", "02010609060101010101", false),
        (XiaoBiaoSong, "宋体", "02000000000000000000", true),
        (SongTi, "SimSun", "02010600030101010101", true),
        (Latin, "Times", "02020603050405020304", true),
    ];

    private readonly List<OpenXmlElement> _body = [];
    private readonly string? _mark;

    /// <param name="mark">A line in the header of every page (a draft says it is one), or null.</param>
    public OfficialDocument(string? mark) => _mark = mark;

    // ---- content ----------------------------------------------------------------------------------------------

    /// <summary>The title: 方正小标宋简体 二号, centred, its lines as given (broken where the words allow), followed by an
    /// empty line.</summary>
    public void Title(params string[] lines)
    {
        var p = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }));
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0) p.Append(new Run(new Break()));
            p.Append(TextRun(lines[i]));
        }
        _body.Add(p);
        Blank();
    }

    /// <summary>A 二号 title line holds 20 characters (156 mm / 22 pt).</summary>
    public const int TitleLineLength = 20;

    public void Blank() => _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "NoIndent" })));

    /// <summary>主送机关: flush left, ending in a full-width colon.</summary>
    public void Addressee(string name) =>
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "NoIndent" }), TextRun(name + "：")));

    /// <summary>A first-level heading (黑体), numbered by the caller ("一、…").</summary>
    public void Heading1(string text) => _body.Add(StyledParagraph("Heading1", text));

    /// <summary>A second-level heading (楷体_GB2312), numbered by the caller ("（一）…").</summary>
    public void Heading2(string text) => _body.Add(StyledParagraph("Heading2", text));

    /// <summary>A body paragraph, or a run-in heading ("1.标题。正文") when <paramref name="lead"/> is given.</summary>
    public void Paragraph(string text, string? lead = null, int level = 3)
    {
        var p = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Normal" }));
        if (lead is not null) p.Append(TextRun(lead, LevelFont(level), bold: level == 3));
        if (text.Length > 0) p.Append(TextRun(text));
        _body.Add(p);
    }

    /// <summary>
    /// Prose as the evaluators wrote it, a paragraph a line. A line numbered as official documents number their
    /// headings becomes that heading: "一、" 黑体, "（一）" 楷体, "1." bold 仿宋; a heading line that goes on after its first
    /// "。" is a run-in heading (the heading in its font, the rest in the body's). A long numbered line without a
    /// sentence break is a numbered paragraph, not a heading.
    /// </summary>
    public void Prose(string prose)
    {
        foreach (var raw in prose.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var (level, lead, rest) = Numbered(line);
            if (level == 0) Paragraph(line);
            else if (rest.Length == 0 && level == 1) Heading1(lead);
            else if (rest.Length == 0 && level == 2) Heading2(lead);
            else Paragraph(rest, lead, level);
        }
    }

    /// <summary>The level of a numbered line (0: none), its heading part and the text after it.</summary>
    public static (int Level, string Lead, string Text) Numbered(string line)
    {
        var level = Level1().IsMatch(line) ? 1 : Level2().IsMatch(line) ? 2 : Level3().IsMatch(line) ? 3 : 0;
        if (level == 0) return (0, "", line);
        var stop = line.IndexOf('。');
        if (stop >= 0 && stop < line.Length - 1) return (level, line[..(stop + 1)], line[(stop + 1)..]);
        // A whole line: a heading when it is short, as headings are; a numbered paragraph otherwise.
        return level == 1 || line.Length <= 40 ? (level, line, "") : (0, "", line);
    }

    /// <summary>How many second-level headings ("（一）") the prose has.</summary>
    public static int Level2Count(string prose) => prose.Split('\n').Count(l => Level2().IsMatch(l.Trim()));

    [GeneratedRegex(@"^[一二三四五六七八九十]+、")] private static partial Regex Level1();
    [GeneratedRegex(@"^（[一二三四五六七八九十]+）")] private static partial Regex Level2();
    [GeneratedRegex(@"^\d{1,2}[.．](?![\d])")] private static partial Regex Level3();

    /// <summary>"一", "二", … "二十" for the numbering of headings.</summary>
    public static string Chinese(int n)
    {
        string[] digits = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n switch
        {
            < 1 or > 99 => n.ToString(CultureInfo.InvariantCulture),
            < 10 => digits[n],
            10 => "十",
            < 20 => "十" + digits[n % 10],
            _ => digits[n / 10] + "十" + digits[n % 10],
        };
    }

    /// <summary>
    /// 附件说明 (GB/T 9704 7.3.4): under the body after an empty line, two characters in, "附件：1. 名称", each further name
    /// aligned with the first; no punctuation after the names.
    /// </summary>
    public void AnnexList(IReadOnlyList<string> names, string label)
    {
        if (names.Count == 0) return;
        Blank();
        label += "：";
        var labelWidth = 2 * Char + label.Length * Char;
        for (var i = 0; i < names.Count; i++)
        {
            var number = names.Count == 1 ? "" : string.Create(CultureInfo.InvariantCulture, $"{i + 1}. ");
            var indentation = new Indentation { Left = labelWidth.ToString(CultureInfo.InvariantCulture) };
            if (i == 0) indentation.Hanging = (label.Length * Char).ToString(CultureInfo.InvariantCulture);
            else indentation.FirstLine = "0";
            _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "NoIndent" }, indentation),
                TextRun((i == 0 ? label : "") + number + names[i])));
        }
    }

    /// <summary>
    /// 落款 (GB/T 9704 7.3.5.2, without a seal): after an empty line the name two characters from the right edge, the
    /// date (Arabic numerals, no leading zeros) on the next line starting two characters right of the name's first
    /// character; a date longer than that stays two characters from the edge and the name moves left.
    /// </summary>
    public void Signature(string name, DateOnly date)
    {
        var dateText = Date(date);
        // Widths in quarter characters: Chinese characters are full width, digits half, and Word, WPS and LibreOffice put
        // about a quarter character between Chinese and Latin text.
        static int Quarters(string s) =>
            s.Sum(c => c < 0x2E80 ? 2 : 4) + s.Zip(s.Skip(1)).Count(p => p.First < 0x2E80 != p.Second < 0x2E80);
        int nameWidth = Quarters(name), dateWidth = Quarters(dateText);
        var nameRight = 8;                                          // 右空二字
        var dateRight = nameRight + nameWidth - 8 - dateWidth;     // the date's first character two right of the name's
        if (dateRight < 8) { nameRight += 8 - dateRight; dateRight = 8; }
        Blank();
        _body.Add(RightAligned(name, nameRight * Char / 4));
        _body.Add(RightAligned(dateText, dateRight * Char / 4));
    }

    /// <summary>A date as official documents write it: 2026年12月8日.</summary>
    public static string Date(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    private static Paragraph RightAligned(string text, int rightTwips) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = "NoIndent" },
            new Indentation { Right = rightTwips.ToString(CultureInfo.InvariantCulture) }, new Justification { Val = JustificationValues.Right }),
            TextRun(text));

    /// <summary>An annex (GB/T 9704 8): on a new page, "附件N" in 黑体 at the top left, its title centred on the third line.</summary>
    public void Annex(string label, string title)
    {
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "AnnexLabel" }, new PageBreakBefore()), TextRun(label)));
        Blank();
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Title" }), TextRun(title)));
        Blank();
    }

    /// <summary>A table of an annex: 仿宋 小四, single lines, the header row bold and repeated on every page.</summary>
    public void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<int>? widths = null)
    {
        // The schema's order: width before borders; top, left, bottom, right, inside.
        var border = new TableBorders(
            new TopBorder { Val = BorderValues.Single, Size = 4 }, new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 });
        var table = new Table(new TableProperties(new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct }, border,
            new TableLayout { Type = TableLayoutValues.Fixed }));
        const int total = PageWidth - MarginLeft - MarginRight;
        var shares = widths ?? header.Select(_ => 1).ToList();
        var columns = shares.Select(s => total * s / shares.Sum()).ToList();
        table.Append(new TableGrid(columns.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));
        table.Append(Row(header, columns, bold: true));
        foreach (var r in rows) table.Append(Row(r, columns, bold: false));
        _body.Add(table);
        // Word needs a paragraph between a table and what follows (and at a section's end).
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "TableText" })));
    }

    private static TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> widths, bool bold)
    {
        var row = new TableRow();
        if (bold) row.Append(new TableRowProperties(new TableHeader()));
        for (var i = 0; i < cells.Count; i++)
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = widths[i].ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
                new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "TableText" }), TextRun(cells[i], bold: bold))));
        return row;
    }

    /// <summary>A line in small print (五号), flush left: what a reader checks rather than reads.</summary>
    public void SmallPrint(string text) =>
        _body.Add(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "SmallPrint" }), TextRun(text)));

    // ---- the package ------------------------------------------------------------------------------------------

    /// <summary>Document properties: title, subject, author, and custom name/value pairs (the content hash).</summary>
    public sealed record Properties(string Title, string Subject, string Creator, DateTime Created, IReadOnlyList<(string Name, string Value)> Custom);

    public byte[] Save(Properties properties)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            AddStyles(main);
            AddFontTable(main);
            AddSettings(main);
            var section = new SectionProperties();
            if (_mark is not null)
            {
                // Even/odd pages have their own headers once even/odd footers are on: the mark goes in both.
                section.Append(new HeaderReference { Type = HeaderFooterValues.Default, Id = AddHeader(main) });
                section.Append(new HeaderReference { Type = HeaderFooterValues.Even, Id = AddHeader(main) });
            }
            section.Append(new FooterReference { Type = HeaderFooterValues.Default, Id = AddFooter(main, odd: true) });
            section.Append(new FooterReference { Type = HeaderFooterValues.Even, Id = AddFooter(main, odd: false) });
            section.Append(new PageSize { Width = PageWidth, Height = PageHeight },
                new PageMargin { Top = MarginTop, Bottom = MarginBottom, Left = MarginLeft, Right = MarginRight, Header = 851, Footer = FooterDistance, Gutter = 0 },
                new DocGrid { Type = DocGridValues.Lines, LinePitch = LinePitch });
            var body = new Body();
            foreach (var e in _body) body.Append(e);
            body.Append(section);
            main.Document = new Document(body);
            main.Document.Save();

            doc.PackageProperties.Title = properties.Title;
            doc.PackageProperties.Subject = properties.Subject;
            doc.PackageProperties.Creator = properties.Creator;
            doc.PackageProperties.Created = properties.Created;
            doc.PackageProperties.Language = "zh-CN";
            if (properties.Custom.Count > 0)
            {
                var custom = doc.AddCustomFilePropertiesPart();
                custom.Properties = new DocumentFormat.OpenXml.CustomProperties.Properties();
                var id = 2;                                     // property ids start at 2
                foreach (var (name, value) in properties.Custom)
                    custom.Properties.Append(new CustomDocumentProperty(new VTLPWSTR(value))
                    {
                        FormatId = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", PropertyId = id++, Name = name,
                    });
                custom.Properties.Save();
            }
        }
        return stream.ToArray();
    }

    private string AddHeader(MainDocumentPart main)
    {
        var part = main.AddNewPart<HeaderPart>();
        part.Header = new Header(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Header" }), TextRun(_mark!, HeiTi)));
        part.Header.Save();
        return main.GetIdOfPart(part);
    }

    /// <summary>"— N —": 4号 宋体 between two 一字线; odd pages one character in from the right, even pages from the left.</summary>
    private static string AddFooter(MainDocumentPart main, bool odd)
    {
        var part = main.AddNewPart<FooterPart>();
        var indentation = odd ? new Indentation { Right = "280" } : new Indentation { Left = "280" };
        part.Footer = new Footer(new Paragraph(
            new ParagraphProperties(new ParagraphStyleId { Val = "Footer" }, indentation,
                new Justification { Val = odd ? JustificationValues.Right : JustificationValues.Left }),
            TextRun("— ", SongTi, size: PageNumberSize),
            new SimpleField(TextRun("1", SongTi, size: PageNumberSize)) { Instruction = " PAGE " },
            TextRun(" —", SongTi, size: PageNumberSize)));
        part.Footer.Save();
        return main.GetIdOfPart(part);
    }

    private static void AddSettings(MainDocumentPart main)
    {
        var settings = main.AddNewPart<DocumentSettingsPart>();
        settings.Settings = new Settings(
            new DefaultTabStop { Val = 420 },
            new EvenAndOddHeaders(),
            new CharacterSpacingControl { Val = CharacterSpacingValues.CompressPunctuation },
            new ThemeFontLanguages { Val = "en-US", EastAsia = "zh-CN" });
        settings.Settings.Save();
    }

    private static void AddFontTable(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        part.Fonts = new Fonts(FontTable.Select(f => new Font(
            new AltName { Val = f.Alt },
            new Panose1Number { Val = f.Panose },
            new FontCharSet { Val = f.Name == Latin ? "00" : "86" },               // 86: GB2312
            new FontFamily { Val = f.Serif ? FontFamilyValues.Roman : FontFamilyValues.Swiss },
            new Pitch { Val = f.Name == Latin ? FontPitchValues.Variable : FontPitchValues.Fixed }) { Name = f.Name }));
        part.Fonts.Save();
    }

    private static RunFonts Fonts(string eastAsia, string? latin = null) => new()
    {
        Ascii = latin ?? Latin, HighAnsi = latin ?? Latin, EastAsia = eastAsia, ComplexScript = latin ?? Latin, Hint = FontTypeHintValues.EastAsia,
    };

    private static string LevelFont(int level) => level switch { 1 => HeiTi, 2 => KaiTi, _ => FangSong };

    private static Paragraph StyledParagraph(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), TextRun(text));

    private static Run TextRun(string text, string? eastAsia = null, bool bold = false, int? size = null)
    {
        var run = new Run();
        if (eastAsia is not null || bold || size is not null)
        {
            var properties = new RunProperties();
            // The page number's digits are 宋体 too (GB/T 9704 7.5), not the Latin font of the body.
            if (eastAsia is not null) properties.Append(Fonts(eastAsia, eastAsia == SongTi ? SongTi : null));
            if (bold) properties.Append(new Bold(), new BoldComplexScript());
            if (size is { } s) properties.Append(new FontSize { Val = S(s) }, new FontSizeComplexScript { Val = S(s) });
            run.Append(properties);
        }
        run.Append(new DocumentFormat.OpenXml.Wordprocessing.Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        var exact = LineSpacingRuleValues.Exact;
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(FangSong), new Spacing { Val = CharacterSpacing }, new Kern { Val = 2 }, new FontSize { Val = S(BodySize) },
                    new FontSizeComplexScript { Val = S(BodySize) }, new Languages { Val = "en-US", EastAsia = "zh-CN", Bidi = "ar-SA" })),
                new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(
                    new SpacingBetweenLines { Before = "0", After = "0", Line = S(LinePitch), LineRule = exact }))),
            // Body: justified, first line two characters in, on the grid's exact line pitch.
            ParagraphStyle("Normal", "Normal", null,
                new StyleParagraphProperties(new WidowControl(), new SpacingBetweenLines { Line = S(LinePitch), LineRule = exact },
                    new Indentation { FirstLine = S(2 * Char), FirstLineChars = 200 }, new Justification { Val = JustificationValues.Both }),
                new StyleRunProperties(Fonts(FangSong), new FontSize { Val = S(BodySize) }, new FontSizeComplexScript { Val = S(BodySize) }), primary: true),
            ParagraphStyle("NoIndent", "No Indent", "Normal",
                new StyleParagraphProperties(new Indentation { FirstLine = "0", FirstLineChars = 0 }, new Justification { Val = JustificationValues.Left }), null),
            // The title may run to two lines of 二号: a line of its own height, not the body's grid.
            ParagraphStyle("Title", "Title", "Normal",
                new StyleParagraphProperties(new KeepNext(), new SnapToGrid { Val = false }, new SpacingBetweenLines { Line = "760", LineRule = exact },
                    new Indentation { FirstLine = "0", FirstLineChars = 0 }, new Justification { Val = JustificationValues.Center }, new OutlineLevel { Val = 0 }),
                new StyleRunProperties(Fonts(XiaoBiaoSong), new FontSize { Val = S(TitleSize) }, new FontSizeComplexScript { Val = S(TitleSize) }), primary: true),
            ParagraphStyle("Heading1", "heading 1", "Normal",
                new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = 1 }),
                new StyleRunProperties(Fonts(HeiTi)), primary: true),
            ParagraphStyle("Heading2", "heading 2", "Normal",
                new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = 2 }),
                new StyleRunProperties(Fonts(KaiTi)), primary: true),
            ParagraphStyle("AnnexLabel", "Annex Label", "NoIndent", null, new StyleRunProperties(Fonts(HeiTi))),
            ParagraphStyle("TableText", "Table Text", "NoIndent",
                new StyleParagraphProperties(new SnapToGrid { Val = false }, new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto }),
                new StyleRunProperties(new FontSize { Val = S(TableSize) }, new FontSizeComplexScript { Val = S(TableSize) })),
            ParagraphStyle("SmallPrint", "Small Print", "NoIndent",
                new StyleParagraphProperties(new SnapToGrid { Val = false }, new SpacingBetweenLines { Before = "240", Line = "240", LineRule = LineSpacingRuleValues.Auto }),
                new StyleRunProperties(new FontSize { Val = S(SmallSize) }, new FontSizeComplexScript { Val = S(SmallSize) })),
            ParagraphStyle("Header", "header", "NoIndent",
                new StyleParagraphProperties(new SnapToGrid { Val = false }, new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto },
                    new Justification { Val = JustificationValues.Right }),
                new StyleRunProperties(new FontSize { Val = S(PageNumberSize) }, new FontSizeComplexScript { Val = S(PageNumberSize) })),
            ParagraphStyle("Footer", "footer", "NoIndent",
                new StyleParagraphProperties(new SnapToGrid { Val = false }, new SpacingBetweenLines { Line = "240", LineRule = LineSpacingRuleValues.Auto }),
                new StyleRunProperties(Fonts(SongTi, SongTi), new FontSize { Val = S(PageNumberSize) }, new FontSizeComplexScript { Val = S(PageNumberSize) })));
        styles.Styles.Save();
    }

    private static Style ParagraphStyle(string id, string name, string? basedOn, StyleParagraphProperties? paragraph, StyleRunProperties? run,
        bool primary = false)
    {
        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id, Default = id == "Normal" ? true : null };
        if (basedOn is not null) style.Append(new BasedOn { Val = basedOn });
        if (id.StartsWith("Heading", StringComparison.Ordinal) || id == "Title") style.Append(new NextParagraphStyle { Val = "Normal" });
        if (primary) style.Append(new PrimaryStyle());
        if (paragraph is not null) style.Append(paragraph);
        if (run is not null) style.Append(run);
        return style;
    }
}
