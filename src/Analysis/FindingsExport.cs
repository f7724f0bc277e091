using System.Globalization;
using SpreadCheetah;

namespace Evaluation.Analysis;

/// <summary>
/// The findings as tables: participation, conclusions, before/after comparisons, items, groups, text and
/// exclusions. XLSX has one sheet per section; CSV puts the sections one after another, each under its name. What is
/// exported is the findings' publishable view (<see cref="FindingsPublication.ForPublication"/>): small groups carry
/// no figures (Art. 7). p-values are exported exact (a p of 1e-25 stays 1e-25), beside the text the pages show
/// ("p &lt; 0.001"); a comparison carries its method and N, a group test its method, a Monte Carlo test its draws and
/// seed, both their Holm-adjusted p with the family size, a group test whether some expected count was under 5.
/// </summary>
public static class FindingsExport
{
    public sealed record Table(string Name, string[] Header, IReadOnlyList<object?[]> Rows);

    public static IReadOnlyList<Table> Tables(Findings findings, Func<string, string> label)
    {
        var f = findings.ForPublication();
        static object? N(double? v, int digits = 3) => v is { } x ? Math.Round(x, digits) : null;
        var p = f.Participation;
        var participation = new List<object?[]> { new object?[] { "opinions", "", p.Opinions }, new object?[] { "opinions_excluded", "", p.OpinionsExcluded } };
        participation.AddRange(p.ByChannel.Select(c => new object?[] { "channel", label($"Channel.{c.Key}"), c.Value }));
        participation.AddRange(p.ByRespondentType.Select(c => new object?[] { "respondent_type", label($"RespondentType.{c.Key}"), c.Value }));
        participation.AddRange(p.ByRegion.Select(c => new object?[] { "region", label($"Region:{c.Key}"), c.Value }));
        participation.AddRange(p.ByDay.Select(c => new object?[] { "day", c.Key, c.Value }));
        participation.AddRange(p.Questionnaires.Select(q => new object?[] { "questionnaire_submitted", q.Title, q.Submitted }));
        participation.AddRange(p.Questionnaires.Select(q => new object?[] { "questionnaire_in_progress", q.Title, q.InProgress }));
        participation.AddRange(p.Questionnaires.Select(q => new object?[] { "questionnaire_completion_rate", q.Title, N(q.CompletionRate) }));

        var conclusions = f.Criteria.Select(c => new object?[]
        {
            c.Criterion, label($"Criterion.{c.Criterion}"), c.Conclusion.Level, string.Join(";", c.Conclusion.Reasons), c.Conclusion.Answers,
            N(c.Index, 1), N(c.Pooled.Top2), N(c.Pooled.Bottom2), c.Pooled.DontKnow,
            N(c.BeforeAfter?.Difference?.Value), N(c.BeforeAfter?.Difference?.CiLow), N(c.BeforeAfter?.Difference?.CiHigh), c.BeforeAfter?.Difference?.P,
        }).ToList();

        // Art. 19(1): every before/after pair, with its method (paired / Welch), N, both p exact and as shown.
        var titles = f.Participation.Questionnaires.ToDictionary(q => q.Id, q => q.Title);
        var comparisons = f.Criteria.SelectMany(c => c.Comparisons.Select(x => new object?[]
        {
            c.Criterion, titles.GetValueOrDefault(x.QuestionnaireId), x.BeforeKey, x.BeforeLabel, titles.GetValueOrDefault(x.AfterQuestionnaireId),
            x.AfterKey, x.AfterLabel, x.Method, x.N, N(x.Before.Mean), N(x.After.Mean),
            N(x.Difference?.Value), N(x.Difference?.CiLow), N(x.Difference?.CiHigh), N(x.Difference?.DegreesOfFreedom), x.Difference?.P,
            x.AdjustedP, x.AdjustedP is null ? null : Statistics.HolmAdjustment, x.Family,
            x.Difference is { } d ? Statistics.FormatP(d.P) : null, x.AdjustedP is { } a ? Statistics.FormatP(a) : null,
        })).ToList();

        var allItems = f.Criteria.SelectMany(c => c.Items).Concat(f.UntaggedItems).ToList();
        var items = allItems.Select(i => new object?[]
        {
            i.Criterion, i.QuestionnaireTitle, i.ItemKey, i.Label, i.Period, i.Summary.N, i.Summary.DontKnow,
            i.Summary.Distribution[0], i.Summary.Distribution[1], i.Summary.Distribution[2], i.Summary.Distribution[3], i.Summary.Distribution[4],
            N(i.Summary.Mean), N(i.Summary.Median, 1), N(i.Summary.CiLow), N(i.Summary.CiHigh), N(i.Summary.Top2), N(i.Summary.Bottom2),
            N(i.Summary.Top2Low), N(i.Summary.Top2High), N(i.Summary.Bottom2Low), N(i.Summary.Bottom2High),
        }).ToList();

        var groups = allItems.SelectMany(i => i.Groups.SelectMany(g => g.Rows.Select(r => new object?[]
        {
            i.QuestionnaireTitle, i.ItemKey, g.Dimension, g.Dimension == "region" ? label($"Region:{r.Group}") : label($"RespondentType.{r.Group}"),
            r.Suppressed ? null : r.Summary.N, N(r.Summary.Mean), N(r.Summary.Top2), N(r.Summary.Bottom2), r.Suppressed ? "suppressed" : null,
            g.Test?.Method, N(g.Test?.Statistic), g.Test?.DegreesOfFreedom, g.Test?.P,
            g.Test?.AdjustedP, g.Test?.Adjustment, g.Test?.Family, g.Test?.Draws, g.Test?.Seed,
            g.Test is { } t ? t.SmallExpectedCounts ? "true" : "false" : null,
            g.Test is { } shown ? Statistics.FormatP(shown.P) : null, g.Test?.AdjustedP is { } a ? Statistics.FormatP(a) : null,
        }))).ToList();

        var keywords = new List<object?[]>();
        if (f.Text is { } text)
        {
            keywords.AddRange(text.Keywords.Select(k => new object?[] { "", k.Word, N(k.Weight, 4), k.Texts, k.DistinctTexts }));
            keywords.AddRange(text.Criteria.SelectMany(c => c.Keywords.Select(k => new object?[] { c.Criterion, k.Word, N(k.Weight, 4), k.Texts, k.DistinctTexts })));
        }
        var campaigns = (f.Text?.Campaigns ?? []).Select(k => new object?[]
            { k.Number, k.Size, k.DistinctTexts, k.FirstAt, k.LastAt, k.RepresentativeOpinionId, k.RepresentativeText }).ToList();
        var coding = (f.Text?.Criteria ?? []).Select(c => new object?[]
            { c.Criterion, label($"Criterion.{c.Criterion}"), c.Coded, c.Suggested, c.CodedDistinct, c.SuggestedDistinct, c.AnswerTexts }).ToList();

        var exclusions = f.Exclusions.Select(x => new object?[] { x.Kind, x.SubjectId, x.Reason, x.ExcludedBy, x.ExcludedAt }).ToList();

        return
        [
            new("participation", ["measure", "group", "count"], participation),
            new("conclusions", ["criterion", "name", "level", "reasons", "answers", "index", "agree", "disagree", "dont_know",
                "before_after_difference", "difference_ci_low", "difference_ci_high", "difference_p"], conclusions),
            new("comparisons", ["criterion", "before_questionnaire", "before_item", "before_label", "after_questionnaire", "after_item", "after_label",
                "method", "n", "before_mean", "after_mean", "difference", "ci_low", "ci_high", "df", "p", "p_adjusted", "adjustment", "family",
                "p_shown", "p_adjusted_shown"], comparisons),
            new("items", ["criterion", "questionnaire", "item", "label", "period", "n", "dont_know", "p1", "p2", "p3", "p4", "p5",
                "mean", "median", "ci_low", "ci_high", "agree", "disagree", "agree_ci_low", "agree_ci_high", "disagree_ci_low", "disagree_ci_high"], items),
            new("groups", ["questionnaire", "item", "dimension", "group", "n", "mean", "agree", "disagree", "note", "test", "statistic", "df", "p",
                "p_adjusted", "adjustment", "family", "draws", "seed", "small_expected_counts", "p_shown", "p_adjusted_shown"], groups),
            new("text_criteria", ["criterion", "name", "coded", "suggested", "coded_distinct", "suggested_distinct", "answer_texts"], coding),
            new("keywords", ["criterion", "word", "weight", "texts", "distinct_texts"], keywords),
            new("campaigns", ["number", "size", "distinct_texts", "first_at", "last_at", "representative_opinion", "text"], campaigns),
            new("exclusions", ["kind", "id", "reason", "excluded_by", "excluded_at"], exclusions),
        ];
    }

    public static async Task WriteXlsxAsync(Stream stream, IReadOnlyList<Table> tables, CancellationToken cancellationToken = default)
    {
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(stream, cancellationToken: cancellationToken);
        foreach (var table in tables)
        {
            await spreadsheet.StartWorksheetAsync(table.Name, token: cancellationToken);
            await spreadsheet.AddRowAsync(table.Header.Select(h => new Cell(h)).ToArray(), cancellationToken);
            foreach (var row in table.Rows) await spreadsheet.AddRowAsync(row.Select(ToCell).ToArray(), cancellationToken);
        }
        await spreadsheet.FinishAsync(cancellationToken);
    }

    /// <summary>CSV, UTF-8 with a byte order mark for Excel; the sections one after another under "# name".</summary>
    public static async Task WriteCsvAsync(Stream stream, IReadOnlyList<Table> tables, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await using var csv = new CsvHelper.CsvWriter(writer, CultureInfo.InvariantCulture);
        foreach (var table in tables)
        {
            csv.WriteField($"# {table.Name}");
            await csv.NextRecordAsync();
            foreach (var h in table.Header) csv.WriteField(h);
            await csv.NextRecordAsync();
            foreach (var row in table.Rows)
            {
                foreach (var v in row) csv.WriteField(Safe(Text(v)));
                await csv.NextRecordAsync();
            }
        }
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>Text starting with = + - @ stays text in a spreadsheet (a quote in front); numbers stay numbers.</summary>
    public static string Safe(string field) =>
        field.Length > 0 && "=+-@".Contains(field[0]) && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + field
            : field;

    public static string Text(object? value) => value switch
    {
        null => "",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static Cell ToCell(object? value) => value switch
    {
        null => new Cell(),
        int i => new Cell(i),
        long l => new Cell(l),
        double d => new Cell(d),
        DateTime t => new Cell(Text(t)),
        _ => new Cell(value.ToString()),
    };
}
