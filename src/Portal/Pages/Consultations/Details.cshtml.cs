using Dapper;
using Evaluation.Portal.Captcha;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Feedback;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Portal.Pages.Consultations;

/// <summary>A consultation with its decision, and the online opinion form (Art. 6, 8).</summary>
[EnableRateLimiting(RateLimits.Submit), RequestSizeLimit(BodyLimits.OpinionForm)]
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regionDirectory,
    ICaptcha captcha, PersonalData personalData, IStringLocalizer<Texts> texts, PageTemplates templates, JoinedReads<long, KeptPage.Head?> heads) : PageModel
{
    public sealed record View(long Id, string Title, string DescriptionMd, string State, DateTime OpensAt,
        DateTime EndsAt, int OpinionCount, string DecisionTitle, string? DocumentNumber, string DecisionKind,
        string IssuingBody, DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ValidUntil, string SummaryMd, string FullText);

    public sealed class OpinionForm
    {
        public string? RespondentType { get; set; }
        public string? Name { get; set; }
        public string? Contact { get; set; }
        public string? RegionCode { get; set; }
        public string? Body { get; set; }
        public bool Consent { get; set; }
        /// <summary>One per form, made when the form is shown: a second POST of the same form finds its opinion.</summary>
        public Guid? SubmissionToken { get; set; }
    }

    public sealed record QuestionnaireLink(long Id, string Title, string Audience, string State);

    public View Consultation { get; private set; } = null!;
    public IReadOnlyList<QuestionnaireLink> Questionnaires { get; private set; } = [];
    public ConsultationPhase Phase { get; private set; }

    /// <summary>What the page writes for the opinion count: the count, or the marker of its hole when the page is kept
    /// (<see cref="PageTemplates"/>) and every visitor gets the count of the moment.</summary>
    public object OpinionCountShown => (object?)_countMarker ?? Consultation.OpinionCount;
    private string? _countMarker;
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    [BindProperty]
    public OpinionForm Input { get; set; } = new();

    /// <summary>Set when a submission arrived after the window closed: the text is shown back so nothing is lost.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        // KeptPage answered from the kept rendering when there was one; it read the head for this page otherwise.
        var head = HttpContext.Features.Get<KeptPage.HeadRead>() is { } read ? read.Head : await heads.ReadAsync(id);
        // A decision's standing consultation is its tracking feedback, shown on the decision's page (receipts link here).
        if (head is { Kind: ConsultationKinds.Standing }) return RedirectToPage("/Decisions/Details", new { id = head.DecisionId });
        if (head is null || head.State == ConsultationStates.Draft || head.Kind != ConsultationKinds.Window) return NotFound();
        var phase = ConsultationRules.PhaseAt(head.State, head.OpensAt, head.EndsAt, clock.GetUtcNow().UtcDateTime);
        Input.SubmissionToken = Guid.NewGuid();
        var (key, holes) = KeptPage.For(HttpContext, templates, id, head, phase, Input.SubmissionToken.Value);
        if (await LoadAsync(id) != Found.Window) return NotFound();
        // Kept only as read under its key: not when the window opened or closed in between.
        if (Phase != phase) key = null;
        if (key is not null) _countMarker = templates.Marker("count");
        PageTemplates.Keep(HttpContext, key, holes);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        // The usual case in one statement; anything else (an error to show, a refusal, a form sent twice) is answered
        // by the steps below, which take their time to say exactly what happened.
        if (await SubmitAtOnceAsync(id, cancellationToken) is { } receipt)
            return RedirectToPage("/Receipt", new { number = receipt });
        if (await LoadAsync(id) != Found.Window) return NotFound();
        // A double click or a retried POST: the opinion is stored already, show its receipt again.
        if (Input.SubmissionToken is not { } token)
        {
            Input.SubmissionToken = Guid.NewGuid();
            ModelState.AddModelError("", texts["Opinion.FormExpired"]);
            return Page();
        }
        if (await db.FindSubmittedAsync(token, cancellationToken) is { } earlier)
            return RedirectToPage("/Receipt", new { number = earlier.ReceiptNumber });
        if (Phase != ConsultationPhase.Open) return RefusedPage(Consultation.EndsAt);

        var draft = new OpinionDraft(Input.RespondentType, Input.Name, Input.Contact, Input.RegionCode, Input.Body, Input.Consent);
        var (opinion, errors) = OpinionRules.Validate(id, Channels.Online, draft, Regions.Select(r => r.Code).ToHashSet());
        foreach (var e in errors)
            ModelState.AddModelError($"{nameof(Input)}.{e.Field}", texts[e.MessageKey, e.Args]);
        if (opinion is null) return Page();

        // Checked after the fields, so that a person fixing a field does not solve the captcha for nothing.
        var check = await captcha.VerifyAsync(Request.Form[captcha.FieldName], CaptchaAction,
            HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (check.Outcome != CaptchaOutcome.Passed) return CaptchaRefused(check.Outcome);

        var result = await db.SubmitAsync(personalData, opinion, clock.GetUtcNow().UtcDateTime, token, check.Proof, cancellationToken);
        return result switch
        {
            SubmitResult.Accepted a => RedirectToPage("/Receipt", new { number = a.ReceiptNumber }),
            SubmitResult.AlreadySubmitted a => RedirectToPage("/Receipt", new { number = a.ReceiptNumber }),
            SubmitResult.ConsultationNotOpen n => RefusedPage(n.EndsAt, n.Phase),
            SubmitResult.CaptchaReplayed => CaptchaRefused(CaptchaOutcome.Replayed),
            _ => NotFound(),
        };
    }

    /// <summary>The reCAPTCHA v3 action of this form; a token made for another form does not count.</summary>
    public const string CaptchaAction = "opinion";

    /// <summary>The captcha failed: the message at the top and beside the check, everything typed kept.</summary>
    private PageResult CaptchaRefused(CaptchaOutcome outcome)
    {
        ModelState.AddModelError(CaptchaField, texts[$"Captcha.{outcome}"]);
        return Page();
    }

    public const string CaptchaField = "Captcha";

    private PageResult RefusedPage(DateTime closesAt, ConsultationPhase? phase = null)
    {
        Phase = phase ?? Phase;
        Refused = Phase == ConsultationPhase.Upcoming
            ? texts["Consultation.Refused.Upcoming", Shared.Web.Display.Time(Consultation.OpensAt)]
            : texts["Consultation.Refused.Closed", Shared.Web.Display.Time(closesAt)];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>A valid form with a passed captcha, stored in one statement (OpinionIntake.SubmitAtOnceAsync): its
    /// receipt number, or null when the full steps must answer.</summary>
    private async Task<string?> SubmitAtOnceAsync(long id, CancellationToken cancellationToken)
    {
        if (Input.SubmissionToken is not { } token) return null;
        var regions = await regionDirectory.ForRespondentsAsync();
        var draft = new OpinionDraft(Input.RespondentType, Input.Name, Input.Contact, Input.RegionCode, Input.Body, Input.Consent);
        var (opinion, _) = OpinionRules.Validate(id, Channels.Online, draft, regions.Select(r => r.Code).ToHashSet());
        if (opinion is null) return null;
        var check = await captcha.VerifyAsync(Request.Form[captcha.FieldName], CaptchaAction,
            HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (check.Outcome != CaptchaOutcome.Passed) return null;
        return (await db.SubmitAtOnceAsync(personalData, opinion, clock.GetUtcNow().UtcDateTime, token, check.Proof, cancellationToken))?.ReceiptNumber;
    }

    private enum Found { None, Window }

    /// <summary>The consultation, its decision and its questionnaires in one round trip.</summary>
    private async Task<Found> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        using var results = await conn.QueryMultipleAsync(
            $"""
            select c.id, c.title, c.description_md, c.state, c.opens_at, c.ends_at, consultation_opinion_count(c.id)::int as opinion_count,
                   d.title as decision_title, d.document_number, d.kind as decision_kind, d.issuing_body,
                   d.issued_on, d.effective_on, d.valid_until, d.summary_md, d.full_text
            from consultation c join decision d on d.id = c.decision_id
            where c.id = @id and c.state <> '{ConsultationStates.Draft}' and c.kind = '{ConsultationKinds.Window}';
            select q.id, q.title, q.audience, q.state from questionnaire q
            where q.consultation_id = @id and {KeptPage.Listed} order by q.id;
            """, new { id });
        var view = await results.ReadSingleOrDefaultAsync<View>();
        if (view is null) return Found.None;
        Consultation = view;
        Phase = ConsultationRules.PhaseAt(view.State, view.OpensAt, view.EndsAt, clock.GetUtcNow().UtcDateTime);
        Regions = await regionDirectory.ForRespondentsAsync();
        Questionnaires = (await results.ReadAsync<QuestionnaireLink>()).ToList();
        return Found.Window;
    }

    public bool HasError(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0;
}
