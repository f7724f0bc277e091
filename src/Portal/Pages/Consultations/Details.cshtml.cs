using Dapper;
using Evaluation.Shared.Domain;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Portal.Pages.Consultations;

/// <summary>A consultation with its decision, and the online opinion form (Art. 6, 8).</summary>
public sealed class DetailsModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regionDirectory,
    IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record View(long Id, string Title, string DescriptionHtml, string State, DateTime OpensAt,
        DateTime ClosesAt, int OpinionCount, string DecisionTitle, string? DocumentNumber, string DecisionKind,
        string IssuingBody, DateOnly IssuedOn, DateOnly EffectiveOn, DateOnly? ValidUntil, string SummaryHtml, string FullText);

    public sealed class OpinionForm
    {
        public string? RespondentType { get; set; }
        public string? Name { get; set; }
        public string? Contact { get; set; }
        public string? RegionCode { get; set; }
        public string? Body { get; set; }
        public bool Consent { get; set; }
    }

    public sealed record QuestionnaireLink(long Id, string Title, string Audience, string State);

    public View Consultation { get; private set; } = null!;
    public IReadOnlyList<QuestionnaireLink> Questionnaires { get; private set; } = [];
    public ConsultationPhase Phase { get; private set; }
    public IReadOnlyList<Region> Regions { get; private set; } = [];

    [BindProperty]
    public OpinionForm Input { get; set; } = new();

    /// <summary>Set when a submission arrived after the window closed: the text is shown back so nothing is lost.</summary>
    public string? Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (Phase != ConsultationPhase.Open) return RefusedPage(Consultation.ClosesAt);

        var draft = new OpinionDraft(Input.RespondentType, Input.Name, Input.Contact, Input.RegionCode, Input.Body, Input.Consent);
        var (opinion, errors) = OpinionRules.Validate(id, Channels.Online, draft, Regions.Select(r => r.Code).ToHashSet());
        foreach (var e in errors)
            ModelState.AddModelError($"{nameof(Input)}.{e.Field}", texts[e.MessageKey, e.Args]);
        if (opinion is null) return Page();

        var result = await db.SubmitAsync(opinion, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return result switch
        {
            SubmitResult.Accepted a => RedirectToPage("/Receipt", new { number = a.ReceiptNumber }),
            SubmitResult.ConsultationNotOpen n => RefusedPage(n.ClosesAt, n.Phase),
            _ => NotFound(),
        };
    }

    private PageResult RefusedPage(DateTime closesAt, ConsultationPhase? phase = null)
    {
        Phase = phase ?? Phase;
        Refused = Phase == ConsultationPhase.Upcoming
            ? texts["Consultation.Refused.Upcoming", Shared.Web.Display.Time(Consultation.OpensAt)]
            : texts["Consultation.Refused.Closed", Shared.Web.Display.Time(closesAt)];
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select c.id, c.title, c.description_html, c.state, c.opens_at, least(c.closes_at, c.closed_at) as closes_at, c.opinion_count,
                   d.title as decision_title, d.document_number, d.kind as decision_kind, d.issuing_body,
                   d.issued_on, d.effective_on, d.valid_until, d.summary_html, d.full_text
            from consultation c join decision d on d.id = c.decision_id
            where c.id = @id and c.state <> 'draft'
            """, new { id });
        if (view is null) return false;
        Consultation = view;
        Phase = ConsultationRules.PhaseAt(view.State, view.OpensAt, view.ClosesAt, clock.GetUtcNow().UtcDateTime);
        Regions = await regionDirectory.AllAsync();
        Questionnaires = (await conn.QueryAsync<QuestionnaireLink>(
            """
            select id, title, audience, state from questionnaire
            where consultation_id = @id and state <> 'draft' and current_version_id is not null order by id
            """, new { id })).ToList();
        return true;
    }

    public bool HasError(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0;
}
