using System.Globalization;
using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Shared.Questionnaires;

public abstract record ResponseResult
{
    public sealed record Accepted(long ResponseId, string ReceiptNumber) : ResponseResult;
    public sealed record NotOpen : ResponseResult;
    public sealed record EnterpriseAlreadyAnswered : ResponseResult;
    public sealed record InvitationUsed : ResponseResult;
    /// <summary>The draft is gone: submitted already (a double click or a retried request) or never there.</summary>
    public sealed record DraftGone : ResponseResult;
}

/// <summary>
/// Turns a checked draft into a response in one transaction: the response row, its answers and texts, the
/// invitation marked as used, the draft removed. An amendment replaces the answers of the response it amends.
/// </summary>
public static class Responses
{
    public static async Task<ResponseResult> SubmitAsync(this NpgsqlDataSource dataSource, Draft draft,
        IReadOnlyList<AnswerRow> answers, IReadOnlyList<TextRow> texts, DateTime now)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Lock the draft first: of two submissions of one draft, the second waits here and then finds it gone. (Locks
        // are taken in one order — draft, then the consultation's version at the end — so two submissions never deadlock.)
        if (await conn.ExecuteScalarAsync<long?>("select id from response_draft where id = @Id for update", new { draft.Id }, tx) is null)
            return new ResponseResult.DraftGone();
        var consultationId = await conn.ExecuteScalarAsync<long?>(
            $"""
            select c.id from questionnaire q join consultation c on c.id = q.consultation_id
            where q.id = @QuestionnaireId and q.state = '{QuestionnaireStates.Published}' and {ConsultationRules.AcceptsSql}
            """, new { draft.QuestionnaireId, now }, tx);
        if (consultationId is null) return new ResponseResult.NotOpen();

        var r = draft.Respondent;
        long responseId;
        string receipt;
        try
        {
            if (draft.AmendsResponseId is { } amended)
            {
                receipt = await conn.ExecuteScalarAsync<string>(
                    """
                    update response set amended_at = @now, region_code = @RegionCode, enterprise_name = @EnterpriseName,
                           industry = @Industry, enterprise_size = @EnterpriseSize, draft_hash = @ResumeHash
                    where id = @amended returning receipt_number
                    """, new { now, amended, r.RegionCode, r.EnterpriseName, r.Industry, r.EnterpriseSize, draft.ResumeHash }, tx) ?? throw new InvalidOperationException("amended response missing");
                await conn.ExecuteAsync("delete from answer where response_id = @amended; delete from answer_text where response_id = @amended;", new { amended }, tx);
                responseId = amended;
            }
            else
            {
                receipt = Receipt.NewNumber();
                responseId = await conn.ExecuteScalarAsync<long>(
                    """
                    insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, credit_code,
                                          enterprise_name, industry, enterprise_size, invitation_id, submitted_at, draft_hash)
                    values (@QuestionnaireId, @VersionId, @receipt, @RespondentType, @RegionCode, @CreditCode,
                            @EnterpriseName, @Industry, @EnterpriseSize, @InvitationId, @now, @ResumeHash)
                    returning id
                    """,
                    new
                    {
                        draft.QuestionnaireId, draft.VersionId, receipt, r.RespondentType, r.RegionCode, r.CreditCode,
                        r.EnterpriseName, r.Industry, r.EnterpriseSize, draft.InvitationId, now, draft.ResumeHash,
                    }, tx);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName == "response_one_per_invitation" ? new ResponseResult.InvitationUsed() : new ResponseResult.EnterpriseAlreadyAnswered();
        }

        var items = (await conn.QueryAsync<(string Key, long Id)>(
            "select key, id from question_item where version_id = @VersionId", new { draft.VersionId }, tx)).ToDictionary(i => i.Key, i => i.Id);
        // The rest in one round trip: answers, texts, the findings' version, the invitation used, the draft removed.
        await conn.ExecuteAsync(
            $"""
            insert into answer (response_id, item_id, code, value)
            select @responseId, item_id, code, value from unnest(@itemIds, @codes, @values) as a (item_id, code, value);
            insert into answer_text (response_id, item_id, text)
            select @responseId, item_id, text from unnest(@textItemIds, @texts) as t (item_id, text);
            {FindingsVersion.TallySql};
            update questionnaire_invitation set used_at = @now where id = @invitation;
            delete from response_draft where id = @Id;
            """,
            new
            {
                responseId, itemIds = answers.Select(a => items[a.ItemKey]).ToArray(),
                codes = answers.Select(a => (short)a.Code).ToArray(), values = answers.Select(a => a.Value).ToArray(),
                textItemIds = texts.Select(t => items[t.ItemKey]).ToArray(), texts = texts.Select(t => t.Text).ToArray(),
                consultationId = consultationId.Value, opinions = 0, invitation = draft.InvitationId, now, draft.Id,
            }, tx);
        await tx.CommitAsync();
        return new ResponseResult.Accepted(responseId, receipt);
    }

    /// <summary>A stored response read back as form answers, to amend it.</summary>
    public static async Task<AnswerSet> LoadAnswersAsync(this NpgsqlConnection conn, long responseId, Definition definition)
    {
        var set = new AnswerSet();
        var rows = await conn.QueryAsync<(string Key, int Code, decimal? Value)>(
            "select i.key, a.code, a.value from answer a join question_item i on i.id = a.item_id where a.response_id = @responseId order by i.key, a.code",
            new { responseId });
        foreach (var group in rows.GroupBy(r => r.Key))
        {
            var questionKey = group.Key.Split('.')[0];
            var q = definition.Find(questionKey);
            if (q is null) continue;
            string S(decimal v) => v.ToString(CultureInfo.InvariantCulture);
            switch (q.Type)
            {
                case QuestionTypes.Ranking:
                    foreach (var a in group) set.Set($"{q.Key}.{a.Code}", S(a.Value ?? 0));
                    break;
                case QuestionTypes.Number:
                    set.Set(q.Key, S(group.First().Value ?? 0));
                    break;
                default:
                    set.Set(group.Key, group.Select(a => a.Code.ToString(CultureInfo.InvariantCulture)).ToArray());
                    break;
            }
        }
        var texts = await conn.QueryAsync<(string Key, string Text)>(
            "select i.key, t.text from answer_text t join question_item i on i.id = t.item_id where t.response_id = @responseId", new { responseId });
        foreach (var (key, text) in texts)
        {
            var q = definition.Find(key);
            set.Set(q is { Type: QuestionTypes.Single or QuestionTypes.Multiple } ? $"{key}.other" : key, text);
        }
        return set;
    }
}
