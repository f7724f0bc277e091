using System.Globalization;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Results;
using Microsoft.Extensions.Localization;

namespace Evaluation.Analysis.Reports;

/// <summary>What the opinion of a recorded legality review states: the report reviewed (its version, finalize day and
/// content hash), to whom it answers, the outcome with its changes or reasons, who gave it and when.</summary>
public sealed record LegalityOpinionModel(string DecisionTitle, string Form, string AgencyName, int Version, DateOnly FinalizedOn,
    string ReportHashHex, DateOnly SentOn, string Outcome, string? Changes, string? Reasons, string ReviewerDepartment, DateOnly ReviewedOn);

/// <summary>
/// 合法性审查意见书 (Art. 24, 29): the justice bureau's opinion on a finalized report, as an official document in the same
/// form as the report (GB/T 9704-2012): the title, the evaluation agency as 主送机关, the report reviewed named with its
/// version, the conclusion (通过, 修改后通过, 退回), the changes or the reasons, what happens next, and the
/// justice bureau with the review day as 落款, and the report's content hash in small print.
/// </summary>
public static partial class LegalityOpinionDocument
{
    public static byte[] Build(LegalityOpinionModel m, IStringLocalizer<Texts> t)
    {
        var doc = new OfficialDocument(null);
        var title = t["Opinion.Doc.Title"].Value;
        doc.Title(title);
        doc.Addressee(m.AgencyName);
        // The report's title inside 书名号: its own inner 书名号 become 〈〉, as nested titles are written.
        var report = ReportDocument.Title(m.DecisionTitle, m.Form, t).Replace('《', '〈').Replace('》', '〉');
        doc.Paragraph(t["Opinion.Doc.Received", OfficialDocument.Date(m.SentOn), report, m.Version, OfficialDocument.Date(m.FinalizedOn),
            t[m.Form == ReportForms.NormativeDocument ? "Opinion.Doc.Article.Normative" : "Opinion.Doc.Article.Matter"]]);

        doc.Heading1(t["Opinion.Doc.Conclusion"]);
        doc.Paragraph(t[$"Opinion.Doc.Outcome.{m.Outcome}"]);
        if (m.Outcome == LegalityOutcomes.PassedWithChanges && m.Changes is { } changes)
        {
            doc.Heading1(t["Opinion.Doc.Changes"]);
            Numbered(doc, changes);
        }
        if (m.Outcome == LegalityOutcomes.Returned && m.Reasons is { } reasons)
        {
            doc.Heading1(t["Opinion.Doc.Reasons"]);
            Numbered(doc, reasons);
        }
        doc.Paragraph(t[$"Opinion.Doc.Next.{m.Outcome}"]);
        doc.Signature(m.ReviewerDepartment, m.ReviewedOn);
        // The report is named by its content hash, which the evaluators' and the meeting's copies can be checked against; in
        // small print at the end (a 64-character word has no place in a justified line).
        doc.SmallPrint(t["Opinion.Doc.Hash", m.ReportHashHex]);

        return doc.Save(new OfficialDocument.Properties(title, report, m.ReviewerDepartment, m.ReviewedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            [("ReviewedReportVersion", m.Version.ToString(CultureInfo.InvariantCulture)), ("ReviewedReportSha256", m.ReportHashHex),
             ("LegalityOutcome", m.Outcome)]));
    }

    /// <summary>The reviewer's points a paragraph each (plain paragraphs, not headings), numbered "1." as written (points
    /// run together on one line, "1. …；2. …", are taken apart), or numbered here when they are not.</summary>
    private static void Numbered(OfficialDocument doc, string text)
    {
        text = RunTogether().Replace(text, "$1\n");
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var numbered = lines.Length == 1 || lines.Any(l => char.IsAsciiDigit(l[0]) || OfficialDocument.Numbered(l).Level != 0);
        for (var i = 0; i < lines.Length; i++)
            doc.Paragraph(numbered ? lines[i] : string.Create(CultureInfo.InvariantCulture, $"{i + 1}.") + lines[i]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"([；;。])\s*(?=\d{1,2}[.．]\s*\D)")]
    private static partial System.Text.RegularExpressions.Regex RunTogether();
}
