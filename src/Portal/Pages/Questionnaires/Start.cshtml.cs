using System.Security.Cryptography;
using System.Text;
using Dapper;
using Evaluation.Portal.Captcha;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
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
/// A questionnaire's first page: its introduction and who is answering — anyone (respondent type and region), an
/// enterprise (unified social credit code, name, industry, size) or an invited person (a one-time link).
/// </summary>
[EnableRateLimiting(RateLimits.Submit), RequestSizeLimit(BodyLimits.SmallForm)]
public sealed class StartModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regionDirectory, ICaptcha captcha,
    IStringLocalizer<Texts> texts, Evaluation.Shared.Privacy.PersonalData personalData) : PageModel
{
    public sealed class IdentityForm
    {
        public string? RespondentType { get; set; }
        public string? RegionCode { get; set; }
        public string? CreditCode { get; set; }
        public string? EnterpriseName { get; set; }
        public string? Industry { get; set; }
        public string? EnterpriseSize { get; set; }
        /// <summary>The enterprise's invitation code, when the questionnaire requires one.</summary>
        public string? EnterpriseCode { get; set; }
    }

    public QuestionnaireInfo Questionnaire { get; private set; } = null!;
    public bool Accepting { get; private set; }
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public string? InvitedName { get; private set; }
    public bool AlreadyAnswered { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Invite { get; set; }
    [BindProperty] public IdentityForm Input { get; set; } = new();
    [BindProperty] public string? ResumeCode { get; set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Questionnaire.Audience == Audiences.Invited) await CheckInvitationAsync();
        return Page();
    }

    public const string CaptchaAction = "questionnaire";

    /// <summary>Public and enterprise questionnaires ask for the captcha when a draft is opened; an invitation link
    /// is its own proof.</summary>
    public bool NeedsCaptcha => Questionnaire.Audience != Audiences.Invited;

    public async Task<IActionResult> OnPostStartAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!Accepting) return Page();
        long? invitationId = null;
        if (Questionnaire.Audience == Audiences.Invited && (invitationId = await CheckInvitationAsync()) is null) return Page();

        var respondent = ReadRespondent();
        if (respondent is null) return Page();
        if (Questionnaire.EnterpriseCodeRequired && Questionnaire.Audience == Audiences.Enterprise && !await CheckEnterpriseCodeAsync(respondent.CreditCode!))
            return Page();

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        CaptchaProof? proof = null;
        if (NeedsCaptcha)
        {
            var check = await captcha.VerifyAsync(Request.Form[captcha.FieldName], CaptchaAction,
                HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
            if (check.Outcome != CaptchaOutcome.Passed)
            {
                ModelState.AddModelError(CaptchaField, texts[check.MessageKey]);
                return Page();
            }
            proof = check.Proof;
        }
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        if (proof is not null && !await conn.TrySpendAsync(tx, proof))
        {
            ModelState.AddModelError(CaptchaField, texts["Captcha.Replayed"]);
            return Page();
        }
        // Whether an enterprise has answered is said only after the captcha (and spends it): credit codes are public,
        // and this must not become a free oracle of who took part.
        if (respondent.CreditCode is { } code && await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from response where questionnaire_id = @id and credit_code = @code and voided_at is null)",
                new { id, code }, tx))
        {
            await tx.CommitAsync(cancellationToken);
            AlreadyAnswered = true;
            return Page();
        }
        var resume = await conn.CreateAsync(tx, id, Questionnaire.CurrentVersionId!.Value, respondent, invitationId: invitationId);
        await tx.CommitAsync(cancellationToken);
        return RedirectToPage("Answer", new { id, code = resume });
    }

    public async Task<IActionResult> OnPostResumeAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindDraftAsync(id, ResumeCode) is null)
        {
            ModelState.AddModelError(nameof(ResumeCode), texts["Questionnaire.ResumeNotFound"]);
            return Page();
        }
        Receipt.TryNormalize(ResumeCode, out var code);
        return RedirectToPage("Answer", new { id, code });
    }

    public const string CaptchaField = "Captcha";

    private Respondent? ReadRespondent()
    {
        var regionCode = Input.RegionCode?.Trim();
        if (string.IsNullOrEmpty(regionCode))
            ModelState.AddModelError("Input.RegionCode", texts["Opinion.Region.Required"]);
        else if (Regions.All(r => r.Code != regionCode))
            ModelState.AddModelError("Input.RegionCode", texts["Opinion.Region.Invalid"]);

        switch (Questionnaire.Audience)
        {
            case Audiences.Enterprise:
            {
                string? code = null;
                if (string.IsNullOrWhiteSpace(Input.CreditCode))
                    ModelState.AddModelError("Input.CreditCode", texts["Enterprise.CreditCode.Required"]);
                else if (!CreditCode.TryNormalize(Input.CreditCode, out code))
                    ModelState.AddModelError("Input.CreditCode", texts["Enterprise.CreditCode.Invalid"]);
                var name = PlainText.Clean(Input.EnterpriseName);
                if (name is null) ModelState.AddModelError("Input.EnterpriseName", texts["Enterprise.Name.Required"]);
                else if (PlainText.Length(name) > 200) ModelState.AddModelError("Input.EnterpriseName", texts["Enterprise.Name.TooLong"]);
                if (!Enterprises.Industries.Contains(Input.Industry)) ModelState.AddModelError("Input.Industry", texts["Enterprise.Industry.Required"]);
                if (!Enterprises.Sizes.Contains(Input.EnterpriseSize)) ModelState.AddModelError("Input.EnterpriseSize", texts["Enterprise.Size.Required"]);
                return ModelState.IsValid
                    ? new Respondent(CreditCode.RespondentType(code!), regionCode, code, name, Input.Industry, Input.EnterpriseSize)
                    : null;
            }
            case Audiences.Invited:
                return ModelState.IsValid ? new Respondent(RespondentTypes.Citizen, regionCode) : null;
            default:
                if (!RespondentTypes.All.Contains(Input.RespondentType))
                    ModelState.AddModelError("Input.RespondentType", texts["Opinion.RespondentType.Required"]);
                return ModelState.IsValid ? new Respondent(Input.RespondentType!, regionCode) : null;
        }
    }

    /// <summary>
    /// A questionnaire for verified enterprises: the code typed must be the one issued to this credit code for this
    /// questionnaire, and not used yet (a response of the credit code marks it used). Otherwise a message says why.
    /// </summary>
    private async Task<bool> CheckEnterpriseCodeAsync(string creditCode)
    {
        if (string.IsNullOrWhiteSpace(Input.EnterpriseCode))
        {
            ModelState.AddModelError("Input.EnterpriseCode", texts["EnterpriseCode.Portal.Required"]);
            return false;
        }
        await using var conn = await db.OpenConnectionAsync();
        var issued = EnterpriseCodes.HashTyped(Input.EnterpriseCode) is { } hash
            ? await conn.QuerySingleOrDefaultAsync<(string CreditCode, DateTime? UsedAt)?>(
                "select credit_code, used_at from questionnaire_enterprise_code where code_hash = @hash and questionnaire_id = @Id",
                new { hash, Questionnaire.Id })
            : null;
        if (issued is not { } code || code.CreditCode != creditCode)
            ModelState.AddModelError("Input.EnterpriseCode", texts["EnterpriseCode.Portal.Invalid"]);
        else if (code.UsedAt is not null)
            ModelState.AddModelError("Input.EnterpriseCode", texts["EnterpriseCode.Portal.Used"]);
        return ModelState.IsValid;
    }

    /// <summary>The invitation behind the link: unused and for this questionnaire, or a message saying why not.</summary>
    private async Task<long?> CheckInvitationAsync()
    {
        var token = Invite?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            ModelState.AddModelError("", texts["Invitation.Missing"]);
            return null;
        }
        await using var conn = await db.OpenConnectionAsync();
        var invitation = await conn.QuerySingleOrDefaultAsync<(long Id, string? Name, DateTime? UsedAt)?>(
            "select id, name, used_at from questionnaire_invitation where token_hash = @hash and questionnaire_id = @Id",
            new { hash = SHA256.HashData(Encoding.ASCII.GetBytes(token)), Questionnaire.Id });
        if (invitation is not { } i)
        {
            ModelState.AddModelError("", texts["Invitation.Invalid"]);
            return null;
        }
        if (i.UsedAt is not null)
        {
            ModelState.AddModelError("", texts["Invitation.Used"]);
            return null;
        }
        InvitedName = personalData.Unprotect(i.Name);   // stored encrypted; the welcome names the person invited
        return i.Id;
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var info = await conn.FindQuestionnaireAsync(id);
        if (info is null) return false;
        Questionnaire = info;
        Accepting = info.AcceptsAt(clock.GetUtcNow().UtcDateTime);
        Regions = await regionDirectory.ForRespondentsAsync();
        return true;
    }

    public string? ErrorFor(string field) =>
        ModelState.TryGetValue(field, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
}
