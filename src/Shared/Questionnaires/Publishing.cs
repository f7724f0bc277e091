using System.Data;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;

namespace Evaluation.Shared.Questionnaires;

/// <summary>
/// Publishing freezes the working definition as the next version: its questions, analysis items and options become
/// rows, which the answers of this version point at. Earlier versions and their answers stay as they were.
/// </summary>
public static class Publishing
{
    public static async Task<(int? Version, IReadOnlyList<FieldError> Errors)> PublishAsync(this IDbConnection conn, IDbTransaction tx,
        long questionnaireId, Audit.Actor actor)
    {
        var row = await conn.QuerySingleAsync<(string Definition, string DecisionKind, string State)>(
            """
            select q.definition::text, d.kind, q.state
            from questionnaire q join consultation c on c.id = q.consultation_id join decision d on d.id = c.decision_id
            where q.id = @questionnaireId
            for update of q
            """, new { questionnaireId }, tx);
        var definition = Definition.Parse(row.Definition);
        var errors = DefinitionRules.Validate(definition, row.DecisionKind);
        if (errors.Count > 0) return (null, errors);

        var number = await conn.ExecuteScalarAsync<int>(
            "select coalesce(max(number), 0) + 1 from questionnaire_version where questionnaire_id = @questionnaireId", new { questionnaireId }, tx);
        var versionId = await conn.ExecuteScalarAsync<long>(
            """
            insert into questionnaire_version (questionnaire_id, number, definition, published_by)
            values (@questionnaireId, @number, @json::jsonb, @ActorId)
            returning id
            """, new { questionnaireId, number, json = definition.ToJson(), ActorId = actor.Id }, tx);

        var position = 0;
        foreach (var section in definition.Sections)
        foreach (var q in section.Questions)
        {
            var questionId = await conn.ExecuteScalarAsync<long>(
                """
                insert into question (version_id, key, section_key, position, type, text, required)
                values (@versionId, @Key, @sectionKey, @position, @Type, @Text, @Required)
                returning id
                """, new { versionId, q.Key, sectionKey = section.Key, position = ++position, q.Type, q.Text, q.Required }, tx);

            // The items with their tags, reverse mark, before/after pair and first-wave item (0700, 0701, 0750), frozen with the version.
            var items = definition.Items.Where(i => i.QuestionKey == q.Key).ToList();
            await conn.ExecuteAsync(
                """
                insert into question_item (question_id, version_id, key, label, criterion, period, reverse, pair_key, baseline_key)
                select @questionId, @versionId, key, label, criterion, period, reverse, pair_key, baseline_key
                from unnest(@keys, @labels, @criteria, @periods, @reverses, @pairs, @baselines)
                         as i (key, label, criterion, period, reverse, pair_key, baseline_key)
                """,
                new
                {
                    questionId, versionId,
                    keys = items.Select(i => i.Key).ToArray(), labels = items.Select(i => i.Label).ToArray(),
                    criteria = items.Select(i => i.Criterion).ToArray(), periods = items.Select(i => i.Period).ToArray(),
                    reverses = items.Select(i => i.Reverse).ToArray(), pairs = items.Select(i => i.Pair).ToArray(), baselines = items.Select(i => i.Baseline).ToArray(),
                }, tx);

            var options = q.Choices.Select(o => (o.Code, o.Label, IsOther: false)).ToList();
            if (q.OtherCode is { } other) options.Add((other, Resources.Texts.Neutral("Question.Other"), true));
            if (options.Count > 0)
                await conn.ExecuteAsync(
                    """
                    insert into question_option (question_id, code, label, is_other)
                    select @questionId, code, label, is_other from unnest(@codes, @labels, @others) as o (code, label, is_other)
                    """,
                    new
                    {
                        questionId, codes = options.Select(o => (short)o.Code).ToArray(), labels = options.Select(o => o.Label).ToArray(),
                        others = options.Select(o => o.IsOther).ToArray(),
                    }, tx);
        }

        await conn.ExecuteAsync(
            $"""
            update questionnaire set current_version_id = @versionId, has_unpublished = false, updated_at = now(),
                   state = case when state = '{QuestionnaireStates.Draft}' then '{QuestionnaireStates.Published}' else state end
            where id = @questionnaireId
            """, new { versionId, questionnaireId }, tx);
        await conn.WriteAsync(tx, actor, AuditActions.Publish, AuditEntities.Questionnaire, questionnaireId, new { row.State }, new { version = number });
        return (number, []);
    }
}
