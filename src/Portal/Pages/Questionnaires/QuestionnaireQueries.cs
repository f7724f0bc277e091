using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Portal.Pages.Questionnaires;

public sealed record QuestionnaireInfo(long Id, string Title, string IntroMd, string Audience, string State, long? CurrentVersionId,
    long ConsultationId, string ConsultationTitle, string ConsultationState, DateTime OpensAt, DateTime EndsAt,
    bool EnterpriseCodeRequired = false)
{
    /// <summary>Takes answers while published and while its consultation is open (it can close on its own earlier).</summary>
    public bool AcceptsAt(DateTime now) =>
        State == QuestionnaireStates.Published && CurrentVersionId is not null
        && ConsultationRules.AcceptsOpinions(ConsultationState, OpensAt, EndsAt, now);
}

/// <summary>The questionnaire queries the answering pages share.</summary>
public static class QuestionnaireQueries
{
    private const string FindSql =
        $"""
        select q.id, q.title, q.intro_md, q.audience, q.state, q.current_version_id, c.id as consultation_id,
               c.title as consultation_title, c.state as consultation_state, c.opens_at, c.ends_at,
               q.enterprise_code_required
        from questionnaire q join consultation c on c.id = q.consultation_id
        where q.id = @id and q.state <> '{QuestionnaireStates.Draft}' and c.state <> '{ConsultationStates.Draft}'
        """;

    public static Task<QuestionnaireInfo?> FindQuestionnaireAsync(this NpgsqlConnection conn, long id) =>
        conn.QuerySingleOrDefaultAsync<QuestionnaireInfo>(FindSql, new { id });

    /// <summary>The questionnaire and the draft that a resume code opens, in one statement (every page sent while
    /// answering reads both); null when either is not there.</summary>
    public static async Task<(QuestionnaireInfo Info, Draft Draft)?> FindWithDraftAsync(this NpgsqlConnection conn, long id, string? resumeCode)
    {
        if (!Receipt.TryNormalize(resumeCode, out var code)) return null;
        var hash = Drafts.Hash(code);
        // The draft's columns start at its id (Dapper splits the row at the last "id"); no draft: a null row.
        var found = await conn.QueryAsync<QuestionnaireInfo, Drafts.DraftRow?, (QuestionnaireInfo Info, Drafts.DraftRow? Draft)>(
            $"""
            select f.*, d.id, d.version_id, d.respondent::text, d.answers::text, d.page, d.invitation_id, d.amends_response_id
            from ({FindSql}) f
            left join response_draft d on d.resume_hash = @hash and d.questionnaire_id = f.id
            """, (info, draft) => (info, draft), new { id, hash }, splitOn: "id");
        return found.FirstOrDefault() is ({ } i, { } draft) ? (i, draft.ToDraft(id, hash)) : null;
    }
}
