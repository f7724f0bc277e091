using System.Text.Json;
using Evaluation.Shared.Resources;
using Microsoft.Extensions.Localization;

namespace Evaluation.Admin.Pages.AuditLog;

/// <summary>
/// The audit log read as sentences: the action's words (Audit.Action.*, one text for every AuditActions constant) and
/// the before/after as field, old value and new value, instead of the stored codes and JSON.
/// </summary>
public static class AuditText
{
    public sealed record Change(string Field, string? Before, string? After)
    {
        public bool Changed => Before != After;
    }

    /// <summary>The action in words; an action with no text (written before the text existed) shows its code.</summary>
    public static string Action(IStringLocalizer<Texts> texts, string action) =>
        texts[$"Audit.Action.{action}"] is { ResourceNotFound: false } text ? text.Value : action;

    public static string Entity(IStringLocalizer<Texts> texts, string entity) =>
        texts[$"Audit.Entity.{entity}"] is { ResourceNotFound: false } text ? text.Value : entity;

    /// <summary>The fields of before and after, side by side, in the order they were written (after's new ones last).</summary>
    public static IReadOnlyList<Change> Changes(IStringLocalizer<Texts> texts, string? before, string? after)
    {
        var old = Fields(texts, before);
        var @new = Fields(texts, after);
        var names = old.Keys.Concat(@new.Keys).Distinct();
        return names.Select(n => new Change(Field(texts, n), old.GetValueOrDefault(n), @new.GetValueOrDefault(n))).ToList();
    }

    private static Dictionary<string, string?> Fields(IStringLocalizer<Texts> texts, string? json)
    {
        var fields = new Dictionary<string, string?>();
        if (string.IsNullOrWhiteSpace(json)) return fields;
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            fields[""] = Value(texts, doc.RootElement);
            return fields;
        }
        foreach (var p in doc.RootElement.EnumerateObject()) fields[p.Name] = Coded(texts, p.Name, p.Value) ?? Value(texts, p.Value);
        return fields;
    }

    private static string Field(IStringLocalizer<Texts> texts, string name) =>
        name.Length == 0 ? "" : texts[$"Audit.Field.{Snake(name)}"] is { ResourceNotFound: false } text ? text.Value : name;

    /// <summary>A code such as a stage or channel reads through the texts of its kind ("stage": "closed" → Stage.closed).</summary>
    private static string? Coded(IStringLocalizer<Texts> texts, string field, JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 and <= 40 } code) return null;
        var kind = string.Concat(Snake(field).Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        return texts[$"{kind}.{code}"] is { ResourceNotFound: false } text ? text.Value : null;
    }

    private static string? Value(IStringLocalizer<Texts> texts, JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => texts["Audit.Yes"].Value,
        JsonValueKind.False => texts["Audit.No"].Value,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Array => string.Join(texts["Audit.ListSeparator"], e.EnumerateArray().Select(x => Value(texts, x) ?? "—")),
        JsonValueKind.Object => string.Join(texts["Audit.FieldSeparator"],
            e.EnumerateObject().Select(p => texts["Audit.FieldValue", Field(texts, p.Name), Value(texts, p.Value) ?? "—"].Value)),
        _ => e.GetRawText(),
    };

    /// <summary>"ConsultationId" and "consultation_id" name the same field.</summary>
    private static string Snake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 && name[i - 1] != '_' ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
