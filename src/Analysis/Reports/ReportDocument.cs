using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Microsoft.Extensions.Localization;

namespace Evaluation.Analysis.Reports;

/// <summary>Art. 20 (论证): an expert's or team member's comments on a version, as the report summarises them.</summary>
public sealed record ExpertReviewLine(int Version, DateOnly ReviewedOn, string Reviewer, string Comments);

/// <summary>What the Word document of a version shows. <paramref name="Date"/> is the day it was finalized (or saved, for
/// a draft); <paramref name="HashHex"/> is null for a draft.</summary>
public sealed record ReportDocumentModel(string DecisionTitle, string Form, string Procedure, string AgencyName, int Version, DateOnly Date,
    string? HashHex, IReadOnlyList<(string Part, string Prose)> Parts, IReadOnlyDictionary<string, Figure> Figures,
    IReadOnlyList<ReportRecommendation> Recommendations, IReadOnlyList<ExpertReviewLine> Reviews, string? NoReviewReason);

/// <summary>
/// The report as an official document (GB/T 9704-2012, see <see cref="OfficialDocument"/>): the title
/// "关于《…》实施情况的后评估报告", the four parts of Art. 21 (or Art. 28) as the body, the experts' 论证 (Art. 20) summarised in
/// part one (part two of Art. 28's form), the structured recommendations in the conclusions (part three; part four of
/// Art. 28's form), the 附件 list and the 落款 (the evaluation agency and the date), then the figures as annexes, each on
/// its own page: participation, the figures per standard, the exclusion log (Art. 6), the methods log and the experts'
/// comments in full. A draft carries "草稿" in the header of every page; a finalized version its content hash in the
/// document properties and in small print at the end, never on the first page.
/// </summary>
public static class ReportDocument
{
    /// <summary>Where a figure goes: the annexes in order, each taking the figures whose key starts with one of its prefixes.
    /// A figure no annex names goes to a last annex of other figures, so a new kind of figure is never left out.</summary>
    private static readonly (string Title, string[] Prefixes)[] FigureAnnexes =
    [
        ("Report.Doc.Participation", ["participation.", "campaigns."]),
        ("Report.Doc.Criteria", ["criterion.", "conclusion.", "group_tests.", "group_test."]),
        ("Report.Doc.ExclusionAnnex", ["exclusions.", "exclusion."]),
        ("Report.Doc.MethodAnnex", ["methods.", "method."]),
        ("Report.Doc.EvidenceAnnex", ["evidence."]),
        ("Report.Doc.CostBenefitAnnex", ["cost_benefit."]),
    ];

    public static byte[] Build(ReportDocumentModel m, IStringLocalizer<Texts> t)
    {
        var title = Title(m.DecisionTitle, m.Form, t);
        var doc = new OfficialDocument(m.HashHex is null ? t["Report.Doc.Draft", m.Version].Value : null);
        doc.Title(TitleLines(title));

        var annexes = Annexes(m, t);
        string AnnexLabel(int i) => annexes.Count == 1 ? t["Report.Doc.AnnexLabel"].Value : t["Report.Doc.AnnexNumber", i + 1].Value;
        var reviewAnnex = AnnexLabel(annexes.Count - 1);       // the experts' comments in full are the last annex
        foreach (var (part, prose) in m.Parts)
        {
            doc.Heading1(t[$"ReportPart.{part}"]);
            if (part == ReviewsPart(m.Form)) WithSubsection(doc, prose, t["Report.Doc.WorkSection"], t["Report.Doc.ExpertReviews"], () => Reviews(doc, m, reviewAnnex, t));
            else if (part == RecommendationsPart(m.Form))
                WithSubsection(doc, prose, t["Report.Doc.ConclusionsSection"], t["Report.Doc.RecommendationsSection"], () => Recommendations(doc, m, t));
            else if (prose.Trim().Length == 0) doc.Paragraph(t["Report.PartEmpty"]);
            else doc.Prose(prose);
        }

        doc.AnnexList(annexes.Select(a => a.Title).ToList(), t["Report.Doc.AnnexLabel"]);
        doc.Signature(m.AgencyName, m.Date);

        for (var i = 0; i < annexes.Count; i++)
        {
            doc.Annex(AnnexLabel(i), annexes[i].Title);
            annexes[i].Write(doc);
        }
        if (m.HashHex is { } hash) doc.SmallPrint(t["Report.Doc.Hash", m.Version, OfficialDocument.Date(m.Date), hash]);

        var custom = new List<(string, string)> { ("ReportVersion", m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        if (m.HashHex is { } h) custom.Add(("ContentSha256", h));
        return doc.Save(new OfficialDocument.Properties(title, t[$"ReportForm.{m.Form}"], m.AgencyName,
            m.Date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), custom));
    }

    /// <summary>"关于《…》实施情况的后评估报告": a normative document's name in 书名号 (once, as it was issued: an outer pair
    /// it already has is not doubled); another decision matter is named as it is.</summary>
    public static string Title(string decisionTitle, string form, IStringLocalizer<Texts> t)
    {
        var name = decisionTitle.Trim().TrimStart('《').TrimEnd('》');
        return form == ReportForms.NormativeDocument ? t["Report.Doc.Title.Normative", name] : t["Report.Doc.Title.Matter", name];
    }

    /// <summary>
    /// GB/T 9704 7.3.1: a title that needs two lines breaks where the words allow, the first line the longer: after the
    /// decision's name ("关于《…》" / "实施情况的后评估报告"); a name too long for that wraps as it must.
    /// </summary>
    public static string[] TitleLines(string title)
    {
        const string tail = "实施情况的后评估报告";
        if (title.Length <= OfficialDocument.TitleLineLength || !title.EndsWith(tail, StringComparison.Ordinal)) return [title];
        var head = title[..^tail.Length];
        return head.Length <= OfficialDocument.TitleLineLength ? [head, tail] : [title];
    }

    /// <summary>The part the 论证 are summarised in: the basic facts of the work (Art. 21(1)), or the basis of the
    /// evaluation (Art. 28(2)).</summary>
    private static string ReviewsPart(string form) => form == ReportForms.NormativeDocument ? ReportParts.BasicFacts : ReportParts.Basis;

    /// <summary>The part the recommendations belong to: conclusions and recommendations (Art. 21(3)), or the
    /// recommendation to continue, promote, adjust or end (Art. 28(4)).</summary>
    private static string RecommendationsPart(string form) => form == ReportForms.NormativeDocument ? ReportParts.Conclusions : ReportParts.Recommendation;

    /// <summary>
    /// A part's prose followed by a generated subsection. Prose with its own "（一）" headings gets the subsection as the
    /// next number; prose without them is put under "（一）<paramref name="first"/>" and the subsection becomes "（二）".
    /// </summary>
    private static void WithSubsection(OfficialDocument doc, string prose, string first, string heading, Action content)
    {
        var count = OfficialDocument.Level2Count(prose);
        if (count == 0 && prose.Trim().Length > 0)
        {
            doc.Heading2($"（{OfficialDocument.Chinese(1)}）{first}");
            count = 1;
        }
        doc.Prose(prose);
        doc.Heading2($"（{OfficialDocument.Chinese(count + 1)}）{heading}");
        content();
    }

    /// <summary>Art. 20: who reviewed which version when, with the gist of their comments; or why there was none.</summary>
    private static void Reviews(OfficialDocument doc, ReportDocumentModel m, string annex, IStringLocalizer<Texts> t)
    {
        if (m.Reviews.Count == 0)
        {
            doc.Paragraph(m.Procedure == Evaluation.Shared.Plans.EvaluationProcedures.Simplified ? t["Report.Doc.Reviews.Simplified"]
                : m.NoReviewReason is { } reason ? t["Report.Doc.Reviews.Reason", reason] : t["Report.Doc.Reviews.None"]);
            return;
        }
        doc.Paragraph(t["Report.Doc.Reviews.Intro", m.Reviews.Count, m.Reviews.Select(r => r.Reviewer).Distinct().Count(), annex]);
        foreach (var r in m.Reviews)
            doc.Paragraph(t["Report.Doc.Review", OfficialDocument.Date(r.ReviewedOn), r.Reviewer, r.Version, Gist(r.Comments)]);
    }

    /// <summary>The structured recommendations (Art. 21(3), 28(4), 29-33): kind, reasoning, the department that should act.</summary>
    private static void Recommendations(OfficialDocument doc, ReportDocumentModel m, IStringLocalizer<Texts> t)
    {
        if (m.Recommendations.Count == 0)
        {
            doc.Paragraph(t["Report.Recommendations.None"]);
            return;
        }
        var n = 0;
        foreach (var r in m.Recommendations.OrderBy(r => r.Position))
        {
            var reasoning = string.Join("", r.Reasoning.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            var department = r.DepartmentName is { } d ? t["Report.Doc.Recommendation.Department", d].Value : "";
            doc.Paragraph(reasoning + department, t["Report.Doc.Recommendation", ++n, t[$"Outcome.{r.Kind}"]]);
        }
    }

    /// <summary>The gist of comments for the body: up to the sentence that ends nearest 120 characters (the annex has them
    /// in full).</summary>
    public static string Gist(string comments, int limit = 120)
    {
        var flat = string.Join("", comments.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length <= limit) return flat;
        var stop = flat.LastIndexOfAny(['。', '；', '！', '？'], limit - 1);
        return stop >= limit / 3 ? flat[..(stop + 1)] + "……" : flat[..limit] + "……";
    }

    private sealed record AnnexContent(string Title, Action<OfficialDocument> Write);

    private static List<AnnexContent> Annexes(ReportDocumentModel m, IStringLocalizer<Texts> t)
    {
        var annexes = new List<AnnexContent>();
        var header = new[] { t["Report.Figure"].Value, t["Report.Figure.Value"].Value };
        var taken = new HashSet<string>();
        foreach (var (titleKey, prefixes) in FigureAnnexes)
        {
            var figures = m.Figures.Where(f => prefixes.Any(p => f.Key.StartsWith(p, StringComparison.Ordinal))).OrderBy(f => f.Value.Order).ToList();
            taken.UnionWith(figures.Select(f => f.Key));
            if (titleKey == "Report.Doc.ExclusionAnnex")
            {
                // Art. 6: every exclusion with its reason, or the statement that there was none.
                var rows = figures.Where(f => f.Key.StartsWith("exclusion.", StringComparison.Ordinal)).ToList();
                annexes.Add(new(t[titleKey], doc =>
                {
                    if (rows.Count == 0) doc.Paragraph(t["Findings.NoExclusions"]);
                    else doc.Table([t["Findings.ExcludedWhat"], t["Findings.Reason"]], rows.Select(f => (IReadOnlyList<string>)[f.Value.Label, f.Value.Value]), [1, 1]);
                }));
                continue;
            }
            if (figures.Count > 0)
                annexes.Add(new(t[titleKey], doc => doc.Table(header, figures.Select(f => (IReadOnlyList<string>)[f.Value.Label, f.Value.Value]), [2, 1])));
        }
        var rest = m.Figures.Where(f => !taken.Contains(f.Key)).OrderBy(f => f.Value.Order).ToList();
        if (rest.Count > 0)
            annexes.Add(new(t["Report.Doc.OtherFigures"], doc => doc.Table(header, rest.Select(f => (IReadOnlyList<string>)[f.Value.Label, f.Value.Value]), [2, 1])));
        if (m.Reviews.Count > 0)
            annexes.Add(new(t["Report.Doc.ReviewAnnex"], doc => doc.Table(
                [t["Report.Review.Date"], t["Report.Doc.Reviewer"], t["Report.Version.Number"], t["Report.Review.Comments"]],
                m.Reviews.Select(r => (IReadOnlyList<string>)[OfficialDocument.Date(r.ReviewedOn), r.Reviewer, t["Review.VersionNumber", r.Version], r.Comments]),
                [6, 6, 3, 11])));
        return annexes;
    }
}
