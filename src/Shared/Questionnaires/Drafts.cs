using System.Data;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Evaluation.Shared.Respondents;

namespace Evaluation.Shared.Questionnaires;

/// <summary>Who answers: what the respondent said of themselves before the questions. An invited respondent is known by
/// the draft's invitation, never by a name copied here (the name is personal data, kept encrypted with the invitation).</summary>
public sealed record Respondent(string RespondentType, string? RegionCode, string? CreditCode = null, string? EnterpriseName = null,
    string? Industry = null, string? EnterpriseSize = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, Definition.Json);
    public static Respondent FromJson(string json) => JsonSerializer.Deserialize<Respondent>(json, Definition.Json)!;
}

public sealed record Draft(long Id, long QuestionnaireId, long VersionId, Respondent Respondent, AnswerSet Answers, int Page,
    long? InvitationId, long? AmendsResponseId, byte[] ResumeHash);

/// <summary>
/// Work in progress on the server, found by a resume code that the respondent keeps (in the page's address and on
/// screen). Only the code's hash is stored, so the table alone does not open anyone's draft.
/// </summary>
public static class Drafts
{
    public static byte[] Hash(string resumeCode) => SHA256.HashData(Encoding.ASCII.GetBytes(resumeCode));

    public static async Task<string> CreateAsync(this IDbConnection conn, IDbTransaction? tx, long questionnaireId, long versionId,
        Respondent respondent, AnswerSet? answers = null, long? invitationId = null, long? amendsResponseId = null)
    {
        var code = Receipt.NewNumber();
        await conn.ExecuteAsync(
            """
            insert into response_draft (questionnaire_id, version_id, resume_hash, respondent, answers, invitation_id, amends_response_id)
            values (@questionnaireId, @versionId, @hash, @respondent::jsonb, @answers::jsonb, @invitationId, @amendsResponseId)
            """,
            new
            {
                questionnaireId, versionId, hash = Hash(code), respondent = respondent.ToJson(),
                answers = (answers ?? new AnswerSet()).ToJson(), invitationId, amendsResponseId,
            }, tx);
        return code;
    }

    public static async Task<Draft?> FindDraftAsync(this IDbConnection conn, long questionnaireId, string? resumeCode, IDbTransaction? tx = null)
    {
        if (!Receipt.TryNormalize(resumeCode, out var code)) return null;
        var hash = Hash(code);
        var row = await conn.QuerySingleOrDefaultAsync<DraftRow>(FindSql, new { hash, questionnaireId }, tx);
        return row?.ToDraft(questionnaireId, hash);
    }

    /// <summary>The draft whose resume code hashes to @hash, of questionnaire @questionnaireId.</summary>
    private const string FindSql =
        """
        select id, version_id, respondent::text, answers::text, page, invitation_id, amends_response_id
        from response_draft where resume_hash = @hash and questionnaire_id = @questionnaireId
        """;

    public sealed record DraftRow(long Id, long VersionId, string Respondent, string Answers, int Page, long? InvitationId, long? AmendsResponseId)
    {
        public Draft ToDraft(long questionnaireId, byte[] hash) =>
            new(Id, questionnaireId, VersionId, Questionnaires.Respondent.FromJson(Respondent), AnswerSet.FromJson(Answers), Page,
                InvitationId, AmendsResponseId, hash);
    }

    /// <summary>The receipt of the response already made from this resume code, if it was submitted.</summary>
    public static Task<string?> SubmittedFromAsync(this IDbConnection conn, long questionnaireId, string? resumeCode) =>
        Receipt.TryNormalize(resumeCode, out var code)
            ? conn.QuerySingleOrDefaultAsync<string?>(
                "select receipt_number from response where draft_hash = @hash and questionnaire_id = @questionnaireId",
                new { hash = Hash(code), questionnaireId })
            : Task.FromResult<string?>(null);

    public static Task SaveDraftAsync(this IDbConnection conn, long draftId, AnswerSet answers, int page) =>
        conn.ExecuteAsync("update response_draft set answers = @answers::jsonb, page = @page, updated_at = now() where id = @draftId",
            new { draftId, answers = answers.ToJson(), page });
}
