using Dapper;
using Evaluation.Analysis;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
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
        string? RegionName, string? CreditCode, string? EnterpriseName, DateTime SubmittedAt, DateTime? AmendedAt, long VersionId);

    public Head Submission { get; private set; } = null!;
    public IReadOnlyList<(string Key, string Text, string Answer)> Answers { get; private set; } = [];
    public (string Reason, string By, DateTime At)? Exclusion { get; private set; }
    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostExcludeAsync(long id)
    {
        if (!User.CanManage()) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        if (await Exclusions.ExcludeAsync(db, ExclusionSubject.Response(id), Reason, User.Actor()) == ExclusionOutcome.ReasonInvalid)
        {
            ModelState.AddModelError(nameof(Reason), texts["Findings.ReasonRequired", Exclusions.MaxReasonLength]);
            return Page();
        }
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostLiftAsync(long id)
    {
        if (!User.CanManage()) return Forbid();
        if (!await LoadAsync(id)) return NotFound();
        await Exclusions.LiftAsync(db, ExclusionSubject.Response(id), User.Actor());
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var head = await conn.QuerySingleOrDefaultAsync<Head>(
            """
            select r.id, r.questionnaire_id, q.title as questionnaire_title, r.receipt_number, v.number as version, r.respondent_type,
                   g.name as region_name, r.credit_code, r.enterprise_name, r.submitted_at, r.amended_at, r.version_id
            from response r join questionnaire q on q.id = r.questionnaire_id join questionnaire_version v on v.id = r.version_id
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
        return q.Type switch
        {
            QuestionTypes.Single or QuestionTypes.Multiple => string.Join("；", answers.Values(q.Key).Select(Label)),
            QuestionTypes.Likert => string.Join("", answers.Values(q.Key).Select(Point)),
            QuestionTypes.Matrix => string.Join("；", q.Rows.Where(r => answers.Has($"{q.Key}.{r.Key}"))
                .Select(r => $"{r.Label}：{Point(answers.Value($"{q.Key}.{r.Key}")!)}")),
            QuestionTypes.Ranking => string.Join("；", q.Choices.Where(o => answers.Has($"{q.Key}.{o.Code}"))
                .OrderBy(o => answers.Value($"{q.Key}.{o.Code}")).Select(o => $"{answers.Value($"{q.Key}.{o.Code}")}. {o.Label}")),
            _ => answers.Value(q.Key) ?? "",
        };
    }
}
