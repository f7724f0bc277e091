using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Evaluation.Shared.Questionnaires;

/// <summary>
/// What a questionnaire asks: sections (shown as pages) of questions, with display conditions and analysis tags.
/// Stored as JSON while staff edit it; frozen into a version (and into question rows) when published.
/// </summary>
public sealed record Definition(IReadOnlyList<Section> Sections)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static Definition Empty { get; } = new([]);

    public static Definition Parse(string json) => JsonSerializer.Deserialize<Definition>(json, Json) ?? Empty;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public IEnumerable<Question> Questions => Sections.SelectMany(s => s.Questions);

    public Question? Find(string key) => Questions.FirstOrDefault(q => q.Key == key);

    /// <summary>Every analysis item, in order: a matrix gives one per row (its tags default to the question's).</summary>
    public IEnumerable<AnalysisItem> Items => Questions.SelectMany(q => q.Type == QuestionTypes.Matrix
        ? q.Rows.Select(r => new AnalysisItem($"{q.Key}.{r.Key}", q.Key, r.Label, r.Criterion ?? q.Criterion, r.Period ?? q.Period, r.Reverse, r.Pair, true, r.Baseline))
        : [new AnalysisItem(q.Key, q.Key, q.Text, q.Criterion, q.Period, q.Reverse, q.Pair, q.Type == QuestionTypes.Likert, q.Baseline)]);

    /// <summary>1-based number of a question, as respondents see it.</summary>
    public int NumberOf(string key) => Questions.Select((q, i) => (q.Key, i)).FirstOrDefault(x => x.Key == key).i + 1;

    /// <summary>The value a condition compares with, as people read it: the option's label for choice questions.</summary>
    public string ValueLabel(Condition condition)
    {
        var source = Find(condition.Question);
        if (source is null) return condition.Value;
        if (source.OtherCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) == condition.Value) return Resources.Texts.Get("Question.Other");
        return source.Choices.FirstOrDefault(o => o.Code.ToString(System.Globalization.CultureInfo.InvariantCulture) == condition.Value)?.Label
               ?? condition.Value;
    }

    /// <summary>A key not used yet for a question (q1, q2, ...) or a section (s1, s2, ...).</summary>
    public string NextKey(string prefix)
    {
        var used = Sections.Select(s => s.Key).Concat(Questions.Select(q => q.Key))
            .Concat(Questions.SelectMany(q => q.Rows.Select(r => r.Key))).ToHashSet();
        for (var n = 1; ; n++)
            if (!used.Contains($"{prefix}{n}")) return $"{prefix}{n}";
    }
}

public sealed record Section(string Key, string Title, string? Description, Condition? ShowIf, IReadOnlyList<Question> Questions);

public sealed record Question(
    string Key,
    string Type,
    string Text,
    string? Help = null,
    bool Required = false,
    Condition? ShowIf = null,
    IReadOnlyList<Option>? Options = null,
    IReadOnlyList<MatrixRow>? MatrixRows = null,
    int? MinChoices = null,
    int? MaxChoices = null,
    bool AllowOther = false,
    decimal? Min = null,
    decimal? Max = null,
    string? Scale = null,
    string? Criterion = null,
    string? Period = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Reverse = false,
    string? Pair = null,
    string? Baseline = null)
{
    [JsonIgnore] public IReadOnlyList<Option> Choices => Options ?? [];
    [JsonIgnore] public IReadOnlyList<MatrixRow> Rows => MatrixRows ?? [];

    /// <summary>The "other, please specify" option of a choice question: the code after the listed options.</summary>
    [JsonIgnore] public int? OtherCode => AllowOther && Type is QuestionTypes.Single or QuestionTypes.Multiple ? Choices.Count + 1 : null;
}

public sealed record Option(int Code, string Label);

/// <summary>A row of a matrix: one scale item, with its own tags (or the question's), reverse mark, pair and baseline.</summary>
public sealed record MatrixRow(string Key, string Label, string? Criterion = null, string? Period = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Reverse = false, string? Pair = null,
    string? Baseline = null);

/// <summary>
/// An analysis item: a question, or one row of a matrix (key "question.row"), with the tags publishing freezes into
/// question_item. Reverse: negatively worded, scored 6 − point in a standard's figures. Pair (on a "before" item): the
/// key of its "after" counterpart, compared pairwise (Art. 19(1)). Baseline (on an "after" item of a second-wave
/// questionnaire): the key of the first wave's "before" item it repeats, compared by Welch (0750).
/// </summary>
public sealed record AnalysisItem(string Key, string QuestionKey, string Label, string? Criterion, string? Period, bool Reverse, string? Pair, bool Scale,
    string? Baseline = null);

/// <summary>Show when the answer to an earlier question equals / contains / does not equal a value.</summary>
public sealed record Condition(string Question, string Op, string Value);

public static class QuestionTypes
{
    public const string Single = "single";
    public const string Multiple = "multiple";
    public const string Likert = "likert";
    public const string Matrix = "matrix";
    public const string ShortText = "short_text";
    public const string LongText = "long_text";
    public const string Number = "number";
    public const string Date = "date";
    public const string Region = "region";
    public const string Ranking = "ranking";
    public static readonly string[] All = [Single, Multiple, Likert, Matrix, ShortText, LongText, Number, Date, Region, Ranking];
    public static bool HasOptions(string type) => type is Single or Multiple or Ranking;
}

public static class ConditionOps
{
    public const string EqualsValue = "equals";
    public const string Contains = "contains";
    public const string NotEquals = "not_equals";
    public static readonly string[] All = [EqualsValue, Contains, NotEquals];
}

/// <summary>The 5-point scales: agreement or satisfaction; 0 is "don't know / not applicable".</summary>
public static class LikertScales
{
    public const string Agreement = "agreement";
    public const string Satisfaction = "satisfaction";
    public static readonly string[] All = [Agreement, Satisfaction];
    public const int DontKnow = 0;
    public const int Points = 5;
}

/// <summary>Art. 19(1): information from before and after the decision took effect.</summary>
public static class Periods
{
    public const string Before = "before";
    public const string After = "after";
    public static readonly string[] All = [Before, After];
}

public static class Audiences
{
    public const string Public = "public";
    public const string Enterprise = "enterprise";
    public const string Invited = "invited";
    public static readonly string[] All = [Public, Enterprise, Invited];
}

public static class QuestionnaireStates
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Closed = "closed";
}

/// <summary>The frozen versions of a questionnaire: what respondents answered.</summary>
public static class QuestionnaireVersions
{
    /// <summary>The definition of a published version, as its respondents saw it.</summary>
    public static async Task<Definition> DefinitionAsync(this System.Data.IDbConnection conn, long versionId) =>
        Definition.Parse(await Dapper.SqlMapper.ExecuteScalarAsync<string>(conn,
            "select definition::text from questionnaire_version where id = @versionId", new { versionId }) ?? "{}");
}
