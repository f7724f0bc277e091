using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Questionnaires;
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
    public static Task<QuestionnaireInfo?> FindQuestionnaireAsync(this NpgsqlConnection conn, long id) =>
        conn.QuerySingleOrDefaultAsync<QuestionnaireInfo>(
            $"""
            select q.id, q.title, q.intro_html, q.audience, q.state, q.current_version_id, c.id as consultation_id,
                   c.title as consultation_title, c.state as consultation_state, c.opens_at, c.ends_at,
                   q.enterprise_code_required
            from questionnaire q join consultation c on c.id = q.consultation_id
            where q.id = @id and q.state <> '{QuestionnaireStates.Draft}' and c.state <> '{ConsultationStates.Draft}'
            """, new { id });
}
