using Dapper;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Portal.Pages.Questionnaires;

/// <summary>
/// An enterprise amends its one response while the questionnaire is open: the receipt number and the credit code
/// together open a draft holding the answers given, which replaces them when submitted. The pair is a secret to guess
/// like a receipt alone, so it is limited like the receipt look-up.
/// </summary>
[EnableRateLimiting(RateLimits.Lookup), RequestSizeLimit(BodyLimits.SmallForm)]
public sealed class AmendModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public QuestionnaireInfo Questionnaire { get; private set; } = null!;
    public bool Accepting { get; private set; }

    [BindProperty] public string? ReceiptNumber { get; set; }
    [BindProperty] public string? CreditCodeInput { get; set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!Accepting) return Page();
        if (!Receipt.TryNormalize(ReceiptNumber, out var receipt))
            ModelState.AddModelError(nameof(ReceiptNumber), texts["Lookup.Malformed"]);
        if (!CreditCode.TryNormalize(CreditCodeInput, out var code))
            ModelState.AddModelError(nameof(CreditCodeInput), texts["Enterprise.CreditCode.Invalid"]);
        if (!ModelState.IsValid) return Page();

        await using var conn = await db.OpenConnectionAsync();
        var response = await conn.QuerySingleOrDefaultAsync<(long Id, long VersionId, string RespondentType, string? RegionCode,
            string EnterpriseName, string Industry, string EnterpriseSize)?>(
            """
            select id, version_id, respondent_type, region_code, enterprise_name, industry, enterprise_size
            from response where questionnaire_id = @id and receipt_number = @receipt and credit_code = @code and voided_at is null
            """, new { id, receipt, code });
        if (response is not { } r)
        {
            ModelState.AddModelError("", texts["Enterprise.AmendNotFound"]);
            return Page();
        }
        var definition = await conn.DefinitionAsync(r.VersionId);
        var answers = await conn.LoadAnswersAsync(r.Id, definition);
        var resume = await conn.CreateAsync(null, id, r.VersionId,
            new Respondent(r.RespondentType, r.RegionCode, code, r.EnterpriseName, r.Industry, r.EnterpriseSize),
            answers, amendsResponseId: r.Id);
        return RedirectToPage("Answer", new { id, code = resume });
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var info = await conn.FindQuestionnaireAsync(id);
        if (info is null || info.Audience != Audiences.Enterprise) return false;
        Questionnaire = info;
        Accepting = info.AcceptsAt(clock.GetUtcNow().UtcDateTime);
        return true;
    }
}
