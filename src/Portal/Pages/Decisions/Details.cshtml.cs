using Dapper;
using Evaluation.Analysis.Text;
using Evaluation.Portal.Captcha;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Feedback;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Npgsql;
using ConsultationPage = Evaluation.Portal.Pages.Consultations.DetailsModel;

namespace Evaluation.Portal.Pages.Decisions;

/// <summary>A decision of the register with its consultations, and the feedback form (跟踪反馈, Art. 9, 11) that is
/// open for as long as the decision is in force. Feedback is an opinion of the decision's standing consultation: the
/// same checks, captcha, one-time token, receipt and look-up as a consultation's form.</summary>
[EnableRateLimiting(RateLimits.Submit), RequestSizeLimit(BodyLimits.OpinionForm)]
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regionDirectory,
    ICaptcha captcha, PersonalData personalData, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record View(long Id, string Title, string? DocumentNumber, string Kind, string IssuingBody,
        DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ValidUntil, string SummaryMd, string FullText, int FeedbackCount)
    {
        public DecisionFacts Facts => new(Title, DocumentNumber, Kind, IssuingBody, IssuedOn, EffectiveOn, ValidUntil, SummaryMd, FullText);
    }

    public sealed record ConsultationRow(long Id, string Title, string State, DateTime OpensAt, DateTime EndsAt, int OpinionCount);

    public View Decision { get; private set; } = null!;
    public DecisionStatus Status { get; private set; }
    public IReadOnlyList<ConsultationRow> Consultations { get; private set; } = [];
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public DateTime Now { get; private set; }

    [BindProperty]
    public ConsultationPage.OpinionForm Input { get; set; } = new();

    /// <summary>Set when feedback arrived after the decision ceased to be in force: the text is shown back.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        Input.SubmissionToken = Guid.NewGuid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Input.SubmissionToken is not { } token)
        {
            Input.SubmissionToken = Guid.NewGuid();
            ModelState.AddModelError("", texts["Opinion.FormExpired"]);
            return Page();
        }
        // A double click or a retried POST: the feedback is stored already, show its receipt again.
        if (await db.FindSubmittedAsync(token, cancellationToken) is { } earlier)
            return RedirectToPage("/Receipt", new { number = earlier.ReceiptNumber });
        if (Status != DecisionStatus.InForce) return RefusedPage();

        var draft = new OpinionDraft(Input.RespondentType, Input.Name, Input.Contact, Input.RegionCode, Input.Body, Input.Consent);
        // The standing consultation is found or made in the intake's transaction; its id replaces this placeholder.
        var (opinion, errors) = OpinionRules.Validate(0, Channels.Online, draft, Regions.Select(r => r.Code).ToHashSet());
        foreach (var e in errors)
            ModelState.AddModelError($"{nameof(Input)}.{e.Field}", texts[e.MessageKey, e.Args]);
        if (opinion is null) return Page();

        var check = await captcha.VerifyAsync(Request.Form[captcha.FieldName], ConsultationPage.CaptchaAction,
            HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (check.Outcome != CaptchaOutcome.Passed)
        {
            ModelState.AddModelError(ConsultationPage.CaptchaField, texts[$"Captcha.{check.Outcome}"]);
            return Page();
        }

        // Art. 9: classified as it comes, from the editable keyword lists; staff confirm or change it.
        IntakeSuggestion? suggestion = null;
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        {
            var keywords = await CriterionKeywords.LoadAsync(conn, Decision.Kind, cancellationToken);
            if (keywords.Suggest(TextSegmenter.Terms(opinion.Body)) is { } s) suggestion = new IntakeSuggestion(s.Criterion, s.MatchedKeywords);
        }

        var result = await db.SubmitAsync(personalData, id, opinion, suggestion, clock.GetUtcNow().UtcDateTime, token,
            check.Proof, cancellationToken);
        return result switch
        {
            SubmitResult.Accepted a => RedirectToPage("/Receipt", new { number = a.ReceiptNumber }),
            SubmitResult.AlreadySubmitted a => RedirectToPage("/Receipt", new { number = a.ReceiptNumber }),
            SubmitResult.ConsultationNotOpen => RefusedPage(),
            SubmitResult.CaptchaReplayed => CaptchaReplayed(),
            _ => NotFound(),
        };
    }

    private PageResult CaptchaReplayed()
    {
        ModelState.AddModelError(ConsultationPage.CaptchaField, texts[$"Captcha.{CaptchaOutcome.Replayed}"]);
        return Page();
    }

    private PageResult RefusedPage()
    {
        var today = Display.Today(clock);
        Status = DecisionValidity.StatusOn(Decision.EffectiveOn, Decision.ValidUntil, today);
        Refused = Status == DecisionStatus.NotYetInForce
            ? texts["Feedback.Refused.NotYetInForce", Display.Date(Decision.EffectiveOn)]
            : texts["Feedback.Refused.Expired", Display.Date(Decision.ValidUntil ?? today)];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            $"""
            select d.id, d.title, d.document_number, d.kind, d.issuing_body, d.issued_on, d.effective_on, d.valid_until,
                   d.summary_md, d.full_text,
                   coalesce((select consultation_opinion_count(c.id)::int from consultation c
                             where c.decision_id = d.id and c.kind = '{ConsultationKinds.Standing}'), 0) as feedback_count
            from decision d where d.id = @id
            """, new { id });
        if (view is null) return false;
        Decision = view;
        Now = clock.GetUtcNow().UtcDateTime;
        Status = DecisionValidity.StatusOn(view.EffectiveOn, view.ValidUntil, Display.Today(clock));
        Consultations = (await conn.QueryAsync<ConsultationRow>(
            $"""
            select c.id, c.title, c.state, c.opens_at, c.ends_at, consultation_opinion_count(c.id)::int as opinion_count from consultation c
            where c.decision_id = @id and c.kind = '{ConsultationKinds.Window}' and c.state <> '{ConsultationStates.Draft}'
            order by c.opens_at desc
            """, new { id })).ToList();
        Regions = await regionDirectory.ForRespondentsAsync();
        return true;
    }
}
