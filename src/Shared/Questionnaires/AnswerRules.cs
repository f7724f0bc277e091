using System.Globalization;
using Evaluation.Shared.Input;

namespace Evaluation.Shared.Questionnaires;

/// <summary>A checked answer ready to store: an option code or Likert point with an optional number, for one item.</summary>
public sealed record AnswerRow(string ItemKey, int Code, decimal? Value);

/// <summary>A checked free-text answer (texts, dates, regions, "other, please specify").</summary>
public sealed record TextRow(string ItemKey, string Text);

/// <summary>
/// The server's reading of a questionnaire: which questions are shown (the same conditions the browser applies),
/// and whether each shown answer is acceptable. Hidden questions are neither required nor stored.
/// </summary>
public static class AnswerRules
{
    public const int MaxShortText = 200;
    public const int MaxLongText = 5000;

    public static bool IsVisible(Definition definition, Section section, AnswerSet answers) =>
        section.ShowIf is null || Holds(definition, section.ShowIf, answers);

    public static bool IsVisible(Definition definition, Question question, AnswerSet answers)
    {
        var section = definition.Sections.First(s => s.Questions.Contains(question));
        return IsVisible(definition, section, answers) && (question.ShowIf is null || Holds(definition, question.ShowIf, answers));
    }

    public static IReadOnlyList<Question> VisibleQuestions(Definition definition, AnswerSet answers) =>
        definition.Questions.Where(q => IsVisible(definition, q, answers)).ToList();

    /// <summary>
    /// equals: the earlier answer is (or, for multiple choice, includes) the value; contains: a chosen option or the
    /// text contains it; not_equals: the earlier question was answered with something else. A condition on an
    /// unanswered or hidden question does not hold.
    /// </summary>
    public static bool Holds(Definition definition, Condition condition, AnswerSet answers)
    {
        var source = definition.Find(condition.Question);
        if (source is null || !IsVisible(definition, source, answers)) return false;
        var values = answers.Values(source.Key);
        if (values.Count == 0) return false;
        return condition.Op switch
        {
            ConditionOps.EqualsValue => values.Contains(condition.Value),
            ConditionOps.Contains => source.Type is QuestionTypes.ShortText or QuestionTypes.LongText
                ? values.Any(v => v.Contains(condition.Value, StringComparison.OrdinalIgnoreCase))
                : values.Contains(condition.Value),
            ConditionOps.NotEquals => !values.Contains(condition.Value),
            _ => false,
        };
    }

    /// <summary>Fields that name no question of this version: a tampered or outdated form.</summary>
    public static IReadOnlyList<string> UnknownFields(Definition definition, AnswerSet answers) =>
        answers.Fields.Where(f => !definition.Questions.Any(q => AnswerSet.BelongsTo(f, q.Key))).ToList();

    /// <summary>Checks the answers to the given (visible) questions; errors are keyed by question key.</summary>
    public static IReadOnlyList<FieldError> Validate(IEnumerable<Question> questions, AnswerSet answers, IReadOnlyCollection<string> regionCodes)
    {
        var errors = new List<FieldError>();
        foreach (var q in questions)
            if (Check(q, answers, regionCodes) is { } error) errors.Add(error);
        return errors;
    }

    private static FieldError? Check(Question q, AnswerSet answers, IReadOnlyCollection<string> regionCodes)
    {
        var values = answers.Values(q.Key);
        FieldError Error(string key, params object[] args) => new(q.Key, key, args);

        switch (q.Type)
        {
            case QuestionTypes.Matrix:
            {
                var answered = q.Rows.Count(r => answers.Has($"{q.Key}.{r.Key}"));
                foreach (var row in q.Rows)
                {
                    var v = answers.Value($"{q.Key}.{row.Key}");
                    if (v is not null && !IsLikertPoint(v)) return Error("Answer.OutOfScale");
                }
                if (q.Required && answered < q.Rows.Count) return Error("Answer.MatrixIncomplete");
                return null;
            }
            case QuestionTypes.Ranking:
            {
                var ranks = q.Choices.Select(o => answers.Value($"{q.Key}.{o.Code}")).ToList();
                if (ranks.All(r => r is null)) return q.Required ? Error("Answer.Required") : null;
                var parsed = ranks.Select(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
                var expected = Enumerable.Range(1, q.Choices.Count);
                return parsed.Order().SequenceEqual(expected) ? null : Error("Answer.RankingInvalid", q.Choices.Count);
            }
        }

        if (values.Count == 0) return q.Required ? Error(q.Type is QuestionTypes.Single or QuestionTypes.Multiple or QuestionTypes.Likert or QuestionTypes.Region ? "Answer.ChooseRequired" : "Answer.Required") : null;

        switch (q.Type)
        {
            case QuestionTypes.Single:
                if (values.Count > 1 || !IsChoice(q, values[0])) return Error("Answer.InvalidChoice");
                return OtherText(q, values, answers, Error);
            case QuestionTypes.Multiple:
                if (values.Distinct().Count() != values.Count || values.Any(v => !IsChoice(q, v))) return Error("Answer.InvalidChoice");
                if (q.MinChoices is { } min && values.Count < min) return Error("Answer.TooFewChoices", min);
                if (q.MaxChoices is { } max && values.Count > max) return Error("Answer.TooManyChoices", max);
                return OtherText(q, values, answers, Error);
            case QuestionTypes.Likert:
                return values.Count == 1 && IsLikertPoint(values[0]) ? null : Error("Answer.OutOfScale");
            case QuestionTypes.ShortText:
            case QuestionTypes.LongText:
            {
                var text = PlainText.Clean(values[0]);
                var limit = q.Type == QuestionTypes.ShortText ? MaxShortText : MaxLongText;
                if (text is null) return q.Required ? Error("Answer.Required") : null;
                return PlainText.Length(text) > limit ? Error("Answer.TextTooLong", limit) : null;
            }
            case QuestionTypes.Number:
                if (!TryNumber(values[0], out var number)) return Error("Answer.NotANumber");
                if (q.Min is { } lo && number < lo || q.Max is { } hi && number > hi)
                    return Error("Answer.NumberOutOfRange", q.Min?.ToString(CultureInfo.InvariantCulture) ?? "—", q.Max?.ToString(CultureInfo.InvariantCulture) ?? "—");
                return null;
            case QuestionTypes.Date:
                return DateOnly.TryParseExact(values[0], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : Error("Answer.NotADate");
            case QuestionTypes.Region:
                return regionCodes.Contains(values[0]) ? null : Error("Answer.InvalidRegion");
            default:
                return Error("Answer.InvalidChoice");
        }
    }

    private static FieldError? OtherText(Question q, IReadOnlyList<string> values, AnswerSet answers, Func<string, object[], FieldError> error)
    {
        if (q.OtherCode is not { } other || !values.Contains(other.ToString(CultureInfo.InvariantCulture))) return null;
        var text = PlainText.Clean(answers.Value($"{q.Key}.other"));
        if (text is null) return error("Answer.OtherRequired", []);
        return PlainText.Length(text) > MaxShortText ? error("Answer.TextTooLong", [MaxShortText]) : null;
    }

    private static bool IsChoice(Question q, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var code)
        && (q.Choices.Any(o => o.Code == code) || q.OtherCode == code);

    private static bool IsLikertPoint(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var point) && point is >= LikertScales.DontKnow and <= LikertScales.Points;

    private static bool TryNumber(string text, out decimal number) =>
        decimal.TryParse(text.Normalize(System.Text.NormalizationForm.FormKC).Trim(), NumberStyles.Number & ~NumberStyles.AllowThousands,
            CultureInfo.InvariantCulture, out number);

    /// <summary>
    /// The checked answers of the visible questions as rows to store. Call only after <see cref="Validate"/> found
    /// nothing.
    /// </summary>
    public static (IReadOnlyList<AnswerRow> Answers, IReadOnlyList<TextRow> Texts) ToRows(IEnumerable<Question> questions, AnswerSet answers)
    {
        var rows = new List<AnswerRow>();
        var texts = new List<TextRow>();
        foreach (var q in questions)
        {
            var values = answers.Values(q.Key);
            switch (q.Type)
            {
                case QuestionTypes.Single or QuestionTypes.Multiple:
                    rows.AddRange(values.Select(v => new AnswerRow(q.Key, int.Parse(v, CultureInfo.InvariantCulture), null)));
                    if (q.OtherCode is { } other && values.Contains(other.ToString(CultureInfo.InvariantCulture)))
                        texts.Add(new TextRow(q.Key, PlainText.Clean(answers.Value($"{q.Key}.other"))!));
                    break;
                case QuestionTypes.Likert when values.Count == 1:
                    rows.Add(new AnswerRow(q.Key, int.Parse(values[0], CultureInfo.InvariantCulture), null));
                    break;
                case QuestionTypes.Matrix:
                    foreach (var row in q.Rows)
                        if (answers.Value($"{q.Key}.{row.Key}") is { } point)
                            rows.Add(new AnswerRow($"{q.Key}.{row.Key}", int.Parse(point, CultureInfo.InvariantCulture), null));
                    break;
                case QuestionTypes.Ranking:
                    foreach (var option in q.Choices)
                        if (answers.Value($"{q.Key}.{option.Code}") is { } rank)
                            rows.Add(new AnswerRow(q.Key, option.Code, int.Parse(rank, CultureInfo.InvariantCulture)));
                    break;
                case QuestionTypes.Number when values.Count == 1:
                    TryNumber(values[0], out var number);
                    rows.Add(new AnswerRow(q.Key, 0, number));
                    break;
                case QuestionTypes.ShortText or QuestionTypes.LongText or QuestionTypes.Date or QuestionTypes.Region when values.Count == 1:
                    if (PlainText.Clean(values[0]) is { } text) texts.Add(new TextRow(q.Key, text));
                    break;
            }
        }
        return (rows, texts);
    }
}
