using System.Text.Json;

namespace Evaluation.Shared.Questionnaires;

/// <summary>
/// Answers as the form sends them, before any check: field name → values. A question's field is its key ("q3");
/// a matrix row's is "q5.r1"; the "other, please specify" text is "q3.other"; the rank given to option 2 of a
/// ranking question is "q8.2".
/// </summary>
public sealed class AnswerSet
{
    private readonly Dictionary<string, List<string>> _fields;

    public AnswerSet() : this(new Dictionary<string, List<string>>()) { }

    private AnswerSet(Dictionary<string, List<string>> fields) => _fields = fields;

    public const string FieldPrefix = "a.";

    /// <summary>The answer fields of a posted form (named a.q3, a.q5.r1 ...); empty values are dropped.</summary>
    public static AnswerSet FromForm(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> form)
    {
        var set = new AnswerSet();
        foreach (var (name, values) in form)
        {
            if (!name.StartsWith(FieldPrefix, StringComparison.Ordinal)) continue;
            var kept = values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList();
            if (kept.Count > 0) set._fields[name[FieldPrefix.Length..]] = kept;
        }
        return set;
    }

    public static AnswerSet FromJson(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, List<string>>>(json) ?? []);

    public string ToJson() => JsonSerializer.Serialize(_fields, Definition.Json);

    public IReadOnlyList<string> Values(string field) => _fields.TryGetValue(field, out var v) ? v : [];

    public string? Value(string field) => Values(field).FirstOrDefault();

    public bool Has(string field) => _fields.ContainsKey(field);

    public IEnumerable<string> Fields => _fields.Keys;

    /// <summary>The fields that belong to a question: its own, its rows', its options' ranks and its "other" text.</summary>
    public static bool BelongsTo(string field, string questionKey) =>
        field == questionKey || field.StartsWith(questionKey + ".", StringComparison.Ordinal);

    /// <summary>Replaces everything answered for these questions with what this set holds for them.</summary>
    public AnswerSet Merge(AnswerSet page, IEnumerable<string> questionKeys)
    {
        var keys = questionKeys.ToList();
        var merged = new Dictionary<string, List<string>>(_fields.Where(f => !keys.Any(k => BelongsTo(f.Key, k))));
        foreach (var (field, values) in page._fields)
            if (keys.Any(k => BelongsTo(field, k))) merged[field] = values;
        return new AnswerSet(merged);
    }

    /// <summary>Only the answers to these questions (the visible ones): hidden questions are never stored.</summary>
    public AnswerSet Only(IEnumerable<string> questionKeys)
    {
        var keys = questionKeys.ToList();
        return new AnswerSet(new Dictionary<string, List<string>>(_fields.Where(f => keys.Any(k => BelongsTo(f.Key, k)))));
    }

    public void Set(string field, params string[] values) => _fields[field] = [.. values];
}
