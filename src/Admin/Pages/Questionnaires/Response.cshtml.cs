using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>One response with its answers as the respondent saw the questions; it can be left out of the analysis
/// with a reason.</summary>
public sealed class ResponseModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Head(long Id, long QuestionnaireId, string QuestionnaireTitle, string ReceiptNumber, int Version, string RespondentType,
        string? RegionName, string? CreditCode, string? EnterpriseName, DateTime SubmittedAt, DateTime? AmendedAt, long VersionId,
        DateTime? VoidedAt, string? VoidReason, string? VoidedBy);

    public Head Submission { get; private set; } = null!;
    public IReadOnlyList<(string Key, string Text, string Answer)> Answers { get; private set; } = [];
    public (string Reason, string By, DateTime At)? Exclusion { get; private set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostExcludeAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (!await LoadAsync(id)) return NotFound();
        if (await Exclusions.ExcludeAsync(db, ExclusionSubject.Response(id), Reason, User.Actor()) == ExclusionOutcome.ReasonInvalid)
        {
            ModelState.AddModelError(nameof(Reason), texts["Findings.ReasonRequired", Exclusions.MaxReasonLength]);
            return Page();
        }
        return RedirectToPage(new { id });
    }

    /// <summary>
    /// An enterprise's response answered by someone else in its name (credit codes are public): voided with a reason, it
    /// leaves the analysis and frees the enterprise's one place; the row stays as evidence. Audited; cannot be undone.
    /// </summary>
    public async Task<IActionResult> OnPostVoidAsync(long id, string? voidReason, CancellationToken cancellationToken)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (!await LoadAsync(id)) return NotFound();
        var reason = Shared.Input.PlainText.Clean(voidReason);
        if (Submission.CreditCode is null || Submission.VoidedAt is not null) return RedirectToPage(new { id });
        if (reason is null || Shared.Input.PlainText.Length(reason) > Exclusions.MaxReasonLength)
        {
            ModelState.AddModelError("VoidReason", texts["Response.Void.ReasonRequired", Exclusions.MaxReasonLength]);
            return Page();
        }
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var voided = await conn.ExecuteAsync(
            "update response set voided_at = now(), voided_by = @staff, void_reason = @reason where id = @id and voided_at is null",
            new { id, staff = User.StaffId(), reason }, tx);
        if (voided == 1)
        {
            await conn.ExecuteAsync("update analysis_exclusion set lifted_at = now(), lifted_by_name = @Name where response_id = @id and lifted_at is null",
                new { id, User.Actor().Name }, tx);
            await Exclusions.ExcludeAsync(conn, tx, ExclusionSubject.Response(id), texts["Response.Void.Exclusion", reason].Value, User.Actor());
            await conn.WriteAsync(tx, User.Actor(), AuditActions.VoidResponse, AuditEntities.Response, id,
                after: new { reason, Submission.CreditCode });
            await tx.CommitAsync(cancellationToken);
            TempData.Flash(texts["Response.Void.Done"].Value);
        }
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostLiftAsync(long id)
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Questionnaire);
        if (!await LoadAsync(id)) return NotFound();
        if (Submission.VoidedAt is not null) return RedirectToPage(new { id });   // a voided response stays out
        await Exclusions.LiftAsync(db, ExclusionSubject.Response(id), User.Actor());
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var head = await conn.QuerySingleOrDefaultAsync<Head>(
            """
            select r.id, r.questionnaire_id, q.title as questionnaire_title, r.receipt_number, v.number as version, r.respondent_type,
                   g.name as region_name, r.credit_code, r.enterprise_name, r.submitted_at, r.amended_at, r.version_id,
                   r.voided_at, r.void_reason, s.display_name as voided_by
            from response r join questionnaire q on q.id = r.questionnaire_id join questionnaire_version v on v.id = r.version_id
            left join staff_user s on s.id = r.voided_by
            join consultation c on c.id = q.consultation_id
            left join region g on g.code = r.region_code
            where r.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = User.StaffId() });
        if (head is null) return false;
        Submission = head;
        var d = await conn.DefinitionAsync(head.VersionId);
        var answers = await conn.LoadAnswersAsync(id, d);
        Answers = d.Questions.Select(q => (q.Key, q.Text, Describe(q, answers))).Where(a => a.Item3.Length > 0).ToList();
        Exclusion = await Exclusions.StandingAsync(db, ExclusionSubject.Response(id));
        return true;
    }

    private string Describe(Question q, AnswerSet answers)
    {
        string Label(string code) => q.Choices.FirstOrDefault(o => o.Code.ToString() == code)?.Label
                                     ?? (q.OtherCode?.ToString() == code ? texts["Question.OtherAnswer", answers.Value($"{q.Key}.other") ?? ""] : code);
        string Point(string code) => code == "0" ? texts["Likert.DontKnow"] : texts[$"Likert.{q.Scale ?? LikertScales.Agreement}.{code}"];
        var semicolon = texts["Format.Semicolon"].Value;
        return q.Type switch
        {
            QuestionTypes.Single or QuestionTypes.Multiple => string.Join(semicolon, answers.Values(q.Key).Select(Label)),
            QuestionTypes.Likert => string.Join("", answers.Values(q.Key).Select(Point)),
            QuestionTypes.Matrix => string.Join(semicolon, q.Rows.Where(r => answers.Has($"{q.Key}.{r.Key}"))
                .Select(r => texts["Format.LabelValue", r.Label, Point(answers.Value($"{q.Key}.{r.Key}")!)].Value)),
            QuestionTypes.Ranking => string.Join(semicolon, q.Choices.Where(o => answers.Has($"{q.Key}.{o.Code}"))
                .OrderBy(o => answers.Value($"{q.Key}.{o.Code}")).Select(o => $"{answers.Value($"{q.Key}.{o.Code}")}. {o.Label}")),
            _ => answers.Value(q.Key) ?? "",
        };
    }
}
