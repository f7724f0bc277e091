using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Portal.Pages.Questionnaires;

public sealed record QuestionnaireInfo(long Id, string Title, string IntroHtml, string Audience, string State, long? CurrentVersionId,
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
        select q.id, q.title, q.intro_html, q.audience, q.state, q.current_version_id, c.id as consultation_id,
               c.title as consultation_title, c.state as consultation_state, c.opens_at, c.ends_at,
               q.enterprise_code_required
        from questionnaire q join consultation c on c.id = q.consultation_id
        where q.id = @id and q.state <> '{QuestionnaireStates.Draft}' and c.state <> '{ConsultationStates.Draft}'
        """;

    public static Task<QuestionnaireInfo?> FindQuestionnaireAsync(this NpgsqlConnection conn, long id) =>
        conn.QuerySingleOrDefaultAsync<QuestionnaireInfo>(FindSql, new { id });

    /// <summary>The questionnaire and the draft that a resume code opens, in one round trip (every page sent while
    /// answering reads both); null when either is not there.</summary>
    public static async Task<(QuestionnaireInfo Info, Draft Draft)?> FindWithDraftAsync(this NpgsqlConnection conn, long id, string? resumeCode)
    {
        if (!Receipt.TryNormalize(resumeCode, out var code)) return null;
        var hash = Drafts.Hash(code);
        using var rows = await conn.QueryMultipleAsync($"{FindSql};\n{Drafts.FindSql}", new { id, questionnaireId = id, hash });
        var info = await rows.ReadSingleOrDefaultAsync<QuestionnaireInfo>();
        var draft = await rows.ReadSingleOrDefaultAsync<Drafts.DraftRow>();
        return info is not null && draft is not null ? (info, draft.ToDraft(id, hash)) : null;
    }
}
