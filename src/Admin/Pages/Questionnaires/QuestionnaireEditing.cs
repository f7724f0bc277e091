using System.Security.Claims;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Questionnaires;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>The working definition as the builder pages load and save it.</summary>
public sealed record Editable(long Id, long ConsultationId, string Title, string Audience, string State, string DecisionKind,
    Definition Definition, bool HasUnpublished, long? CurrentVersionId);

/// <summary>
/// The first wave a questionnaire repeats (0750): its title and the "before" scale items of its current version, which
/// the second wave's "after" items may name as the item they repeat.
/// </summary>
public sealed record Baseline(long Id, string Title, IReadOnlyList<BaselineItem> Items)
{
    public BaselineItem? Find(string? key) => Items.FirstOrDefault(i => i.Key == key);
}

public sealed record BaselineItem(string Key, string Label, string? Criterion);

public static class QuestionnaireEditing
{
    /// <summary>The first wave the questionnaire names, with its current "before" scale items; null when it names none.</summary>
    public static async Task<Baseline?> LoadBaselineAsync(this NpgsqlConnection conn, long questionnaireId, NpgsqlTransaction? tx = null)
    {
        var first = await conn.QuerySingleOrDefaultAsync<(long Id, string Title, long? VersionId)?>(
            """
            select b.id, b.title, b.current_version_id from questionnaire q join questionnaire b on b.id = q.baseline_questionnaire_id
            where q.id = @questionnaireId
            """, new { questionnaireId }, tx);
        if (first is not { } b) return null;
        var items = await conn.QueryAsync<BaselineItem>(
            $"""
            select i.key, i.label, i.criterion
            from question_item i join question q on q.id = i.question_id
            where i.version_id = @VersionId and i.period = 'before' and q.type in ('{QuestionTypes.Likert}', '{QuestionTypes.Matrix}')
            order by q.position, i.id
            """, new { b.VersionId }, tx);
        return new Baseline(b.Id, b.Title, items.ToList());
    }
    /// <summary>The questionnaire as the builder pages edit it; null when there is none of that id in the user's scope.</summary>
    public static async Task<Editable?> LoadEditableAsync(this NpgsqlConnection conn, ClaimsPrincipal user, long id, NpgsqlTransaction? tx = null)
    {
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, long ConsultationId, string Title, string Audience, string State, string Kind,
            string Definition, bool HasUnpublished, long? CurrentVersionId)?>(
            $"""
            select q.id, q.consultation_id, q.title, q.audience, q.state, d.kind, q.definition::text, q.has_unpublished, q.current_version_id
            from questionnaire q join consultation c on c.id = q.consultation_id join decision d on d.id = c.decision_id
            where q.id = @id and d.id in (select decision_id from staff_decisions(@staff)) {(tx is null ? "" : "for update of q")}
            """, new { id, staff = user.StaffId() }, tx);
        return row is { } r
            ? new Editable(r.Id, r.ConsultationId, r.Title, r.Audience, r.State, r.Kind, Definition.Parse(r.Definition), r.HasUnpublished, r.CurrentVersionId)
            : null;
    }

    /// <summary>Saves a changed working definition; the live version stays until the next publishing.</summary>
    public static async Task SaveDefinitionAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, long id, Definition definition,
        Audit.Actor actor, string action, object? before, object? after)
    {
        await conn.ExecuteAsync(
            "update questionnaire set definition = @json::jsonb, has_unpublished = true, updated_at = now() where id = @id",
            new { id, json = definition.ToJson() }, tx);
        await conn.WriteAsync(tx, actor, action, AuditEntities.Questionnaire, id, before, after);
    }

    public static Definition ReplaceSection(this Definition d, Section section) =>
        new(d.Sections.Select(s => s.Key == section.Key ? section : s).ToList());

    public static Definition WithQuestion(this Definition d, string sectionKey, Question question)
    {
        var exists = d.Find(question.Key) is not null;
        return new(d.Sections.Select(s => s.Key != sectionKey
            ? s with { Questions = exists ? s.Questions.Where(q => q.Key != question.Key).ToList() : s.Questions }
            : s with
            {
                Questions = exists && s.Questions.Any(q => q.Key == question.Key)
                    ? s.Questions.Select(q => q.Key == question.Key ? question : q).ToList()
                    : [.. s.Questions.Where(q => q.Key != question.Key), question],
            }).ToList());
    }

    public static Definition WithoutQuestion(this Definition d, string key) =>
        new(d.Sections.Select(s => s with { Questions = s.Questions.Where(q => q.Key != key).ToList() }).ToList());

    public static Definition MoveQuestion(this Definition d, string key, int by)
    {
        return new(d.Sections.Select(s =>
        {
            var list = s.Questions.ToList();
            var i = list.FindIndex(q => q.Key == key);
            if (i < 0 || i + by < 0 || i + by >= list.Count) return s;
            (list[i], list[i + by]) = (list[i + by], list[i]);
            return s with { Questions = list };
        }).ToList());
    }

    public static Definition MoveSection(this Definition d, string key, int by)
    {
        var list = d.Sections.ToList();
        var i = list.FindIndex(s => s.Key == key);
        if (i < 0 || i + by < 0 || i + by >= list.Count) return d;
        (list[i], list[i + by]) = (list[i + by], list[i]);
        return new(list);
    }

    /// <summary>Questions and sections whose conditions point at this question.</summary>
    public static IEnumerable<string> DependentsOf(this Definition d, string key) =>
        d.Sections.Where(s => s.ShowIf?.Question == key).Select(s => s.Title)
            .Concat(d.Questions.Where(q => q.ShowIf?.Question == key).Select(q => $"{d.NumberOf(q.Key)}"));
}
