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
    /// <summary>The response's columns as the statements below insert them, from their parameters.</summary>
    private const string ResponseColumns =
        """
        questionnaire_id, version_id, receipt_number, respondent_type, region_code, credit_code,
        enterprise_name, industry, enterprise_size, invitation_id, submitted_at, draft_hash
        """;

    private const string ResponseValues =
        """
        @QuestionnaireId, @VersionId, @receipt, @RespondentType, @RegionCode, @CreditCode,
        @EnterpriseName, @Industry, @EnterpriseSize, @InvitationId, @now, @ResumeHash
        """;

    /// <summary>The consultation of questionnaire @QuestionnaireId while it takes answers at @now (no row otherwise).</summary>
    private const string AcceptingSql =
        $"""
        select c.id from questionnaire q join consultation c on c.id = q.consultation_id
        where q.id = @QuestionnaireId and q.state = '{QuestionnaireStates.Published}' and {ConsultationRules.AcceptsSql}
        """;

    /// <summary>The answers and texts of the response <c>r</c> (a CTE yielding its id), from array parameters.</summary>
    private const string AnswerInserts =
        """
        a as (
            insert into answer (response_id, item_id, code, value)
            select r.id, x.item_id, x.code, x.value from r, unnest(@itemIds, @codes, @values) as x (item_id, code, value)
        ), t as (
            insert into answer_text (response_id, item_id, text)
            select r.id, x.item_id, x.text from r, unnest(@textItemIds, @texts) as x (item_id, text)
        )
        """;

    private static object Parameters(Draft draft, IReadOnlyList<AnswerRow> answers, IReadOnlyList<TextRow> texts, DateTime now,
        IReadOnlyDictionary<string, long> items, long? consultationId)
    {
        var r = draft.Respondent;
        return new
        {
            draft.QuestionnaireId, draft.VersionId, receipt = Receipt.NewNumber(), r.RespondentType, r.RegionCode, r.CreditCode,
            r.EnterpriseName, r.Industry, r.EnterpriseSize, draft.InvitationId, now, draft.ResumeHash, draft.Id,
            amended = draft.AmendsResponseId,
            itemIds = answers.Select(a => items[a.ItemKey]).ToArray(),
            codes = answers.Select(a => (short)a.Code).ToArray(), values = answers.Select(a => a.Value).ToArray(),
            textItemIds = texts.Select(t => items[t.ItemKey]).ToArray(), texts = texts.Select(t => t.Text).ToArray(),
            consultationId, opinions = 0,
        };
    }

    /// <param name="items">The version's item ids by key (<see cref="FrozenVersions"/>).</param>
    public static async Task<ResponseResult> SubmitAsync(this NpgsqlDataSource dataSource, Draft draft,
        IReadOnlyList<AnswerRow> answers, IReadOnlyList<TextRow> texts, DateTime now, IReadOnlyDictionary<string, long> items)
    {
        await using var conn = await dataSource.OpenConnectionAsync();
        // The usual case, a new response that is taken, in one statement; anything else (an amendment, a closed
        // questionnaire, a draft submitted already, an enterprise or invitation that answered) by the steps below,
        // which tell these apart.
        if (draft.AmendsResponseId is null && await conn.SubmitAtOnceAsync(draft, answers, texts, now, items) is { } accepted)
            return accepted;
        await using var tx = await conn.BeginTransactionAsync();
        // Lock the draft first: of two submissions of one draft, the second waits here and then finds it gone. (Locks
        // are taken in one order — draft, then the consultation's tally at the end — so two submissions never deadlock.)
        // The same round trip checks that the questionnaire still takes answers.
        var (draftId, consultationId) = await conn.QuerySingleOrDefaultAsync<(long? DraftId, long? ConsultationId)>(
            $"""
            select d.id, ({AcceptingSql}) from response_draft d where d.id = @Id
            for update of d
            """, new { draft.Id, draft.QuestionnaireId, now }, tx);
        if (draftId is null) return new ResponseResult.DraftGone();
        if (consultationId is null) return new ResponseResult.NotOpen();

        // An amendment replaces the answers of the response it amends; its row keeps its receipt number.
        if (draft.AmendsResponseId is { } amended)
            await conn.ExecuteAsync("delete from answer where response_id = @amended; delete from answer_text where response_id = @amended;", new { amended }, tx);
        var response = draft.AmendsResponseId is null
            ? $"insert into response ({ResponseColumns}) values ({ResponseValues}) returning id, receipt_number"
            : """
              update response set amended_at = @now, region_code = @RegionCode, enterprise_name = @EnterpriseName,
                     industry = @Industry, enterprise_size = @EnterpriseSize, draft_hash = @ResumeHash
              where id = @amended returning id, receipt_number
              """;
        try
        {
            // The rest in one round trip: the response, its answers and texts, the findings' version, the invitation
            // used, the draft removed.
            var (responseId, receipt) = await conn.QuerySingleAsync<(long Id, string ReceiptNumber)>(
                $"""
                with r as (
                    {response}
                ), {AnswerInserts}
                select id, receipt_number from r;
                {FindingsVersion.TallySql};
                update questionnaire_invitation set used_at = @now where id = @InvitationId;
                delete from response_draft where id = @Id;
                """,
                Parameters(draft, answers, texts, now, items, consultationId), tx);
            await tx.CommitAsync();
            return new ResponseResult.Accepted(responseId, receipt);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName == "response_one_per_invitation" ? new ResponseResult.InvitationUsed() : new ResponseResult.EnterpriseAlreadyAnswered();
        }
    }

    /// <summary>The one-statement intake of a new response; its invitation marked as used only in the statement for
    /// invited drafts (PostgreSQL opens every table a statement names, with its indexes, on every execution).</summary>
    private static string AtOnce(bool invited) =>
        $"""
        with accepting as (
            {AcceptingSql}
        ), taken as (
            delete from response_draft d where d.id = @Id and d.amends_response_id is null and exists (select from accepting)
            returning d.id
        ), r as (
            insert into response ({ResponseColumns}) select {ResponseValues} from taken returning id, receipt_number
        ), {AnswerInserts}, {(invited ? "used as (update questionnaire_invitation set used_at = @now where id = @InvitationId and exists (select from r)), " : "")}counted as (
            {FindingsVersion.TallyFrom("select accepting.id, pg_backend_pid() % 64, 0, 1 from accepting, r")}
        )
        select id, receipt_number from r
        """;

    private static readonly string AtOnceSql = AtOnce(invited: false);
    private static readonly string AtOnceInvitedSql = AtOnce(invited: true);

    /// <summary>
    /// A new response in one statement: the draft taken (deleted, which locks it: a second submission of it waits, then
    /// finds it gone) only while the questionnaire takes answers, the response with its answers and texts stored from
    /// it, the invitation marked as used, the findings' version raised. The response, or nothing written and null.
    /// </summary>
    private static async Task<ResponseResult.Accepted?> SubmitAtOnceAsync(this NpgsqlConnection conn, Draft draft,
        IReadOnlyList<AnswerRow> answers, IReadOnlyList<TextRow> texts, DateTime now, IReadOnlyDictionary<string, long> items)
    {
        try
        {
            var stored = await conn.QuerySingleOrDefaultAsync<(long Id, string ReceiptNumber)?>(
                draft.InvitationId is null ? AtOnceSql : AtOnceInvitedSql, Parameters(draft, answers, texts, now, items, null));
            return stored is { } s ? new ResponseResult.Accepted(s.Id, s.ReceiptNumber) : null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return null;
        }
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
