using System.Globalization;
using Evaluation.Shared.Respondents;

namespace Evaluation.Shared.Questionnaires;

/// <summary>What the question partial needs to draw one question as a respondent sees it.</summary>
public sealed record QuestionField(Definition Definition, Question Question, AnswerSet Answers, string? Error,
    IReadOnlyList<Region> Regions, bool Disabled = false, bool ConditionOnThisPage = true)
{
    public int Number => Definition.NumberOf(Question.Key);
    public string Id => $"question-{Question.Key}";
    public string Name(string? suffix = null) => AnswerSet.FieldPrefix + Question.Key + (suffix is null ? "" : "." + suffix);
    public bool Chosen(string field, int code) => Answers.Values(field).Contains(code.ToString(CultureInfo.InvariantCulture));
    public string? Value(string? suffix = null) => Answers.Value(suffix is null ? Question.Key : $"{Question.Key}.{suffix}");

    /// <summary>The condition as data attributes for the script that shows and hides questions in the browser.</summary>
    /// <summary>
    /// Only conditions on questions of the same page are left to the browser: the server has already applied the
    /// others, so a question drawn for them is shown.
    /// </summary>
    public string? ShowIfJson => Question.ShowIf is { } c && ConditionOnThisPage
        ? System.Text.Json.JsonSerializer.Serialize(new { question = c.Question, op = c.Op, value = c.Value })
        : null;

    /// <summary>"Answer only if question N ..." as words, for screen readers and for browsers without JavaScript.</summary>
    public (int Number, string Op, string Value)? ConditionParts()
    {
        if (Question.ShowIf is not { } c || !ConditionOnThisPage) return null;
        return (Definition.NumberOf(c.Question), c.Op, Definition.ValueLabel(c));
    }
}
