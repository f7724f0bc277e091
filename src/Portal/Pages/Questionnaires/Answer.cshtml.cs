using Evaluation.Shared.Input;
using Evaluation.Shared.Opinions;
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
/// Answering, one section per page. Every page sent is kept in the server-side draft (and, with JavaScript, every
/// change shortly after it is made), so a closed page or a dropped connection loses nothing; the resume code in the
/// address brings the respondent back. Submitting checks every shown question and stores the response in one
/// transaction.
/// </summary>
[EnableRateLimiting(RateLimits.Answer), RequestSizeLimit(BodyLimits.QuestionnairePage)]
public sealed class AnswerModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regionDirectory, IStringLocalizer<Texts> texts,
    FrozenVersions versions) : PageModel
{
    public QuestionnaireInfo Questionnaire { get; private set; } = null!;
    public Definition Definition { get; private set; } = Definition.Empty;
    public Draft Draft { get; private set; } = null!;
    public AnswerSet Answers { get; private set; } = new();
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyList<Section> VisibleSections { get; private set; } = [];
    public Section Section { get; private set; } = null!;
    public Dictionary<string, string> Errors { get; } = [];
    public string? TopError { get; private set; }
    public bool Saved { get; private set; }
    public bool Accepting { get; private set; }

    [BindProperty(SupportsGet = true)] public string Code { get; set; } = "";
    [BindProperty] public long Version { get; set; }

    public int PageNumber => VisibleSections.ToList().IndexOf(Section) + 1;
    public bool IsLast => PageNumber == VisibleSections.Count;

    public async Task<IActionResult> OnGetAsync(long id)
    {
        if (!await LoadAsync(id)) return await SubmittedAlreadyAsync(id);
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? nav)
    {
        if (!await LoadAsync(id)) return nav == "autosave" ? NotFound() : await SubmittedAlreadyAsync(id);
        Response.Headers.CacheControl = "no-store";
        if (!Accepting) return nav == "autosave" ? StatusCode(StatusCodes.Status409Conflict) : Page();

        // The version answered is the draft's: a form naming another one was tampered with or is stale.
        if (Version != Draft.VersionId)
        {
            TopError = texts["Questionnaire.VersionMismatch"];
            return nav == "autosave" ? BadRequest() : Page();
        }
        var posted = AnswerSet.FromForm(Request.Form);
        var pageKeys = Section.Questions.Select(q => q.Key).ToList();
        if (posted.Fields.Any(f => !pageKeys.Any(k => AnswerSet.BelongsTo(f, k))))
        {
            TopError = texts["Questionnaire.UnknownAnswers"];
            return nav == "autosave" ? BadRequest() : Page();
        }

        Answers = Draft.Answers.Merge(posted, pageKeys);
        VisibleSections = Definition.Sections.Where(s => AnswerRules.IsVisible(Definition, s, Answers)).ToList();
        var pageIndex = IndexOf(Section);
        if (nav == "submit") return await SubmitAsync(id, pageIndex);
        await using var conn = await db.OpenConnectionAsync();

        switch (nav)
        {
            case "autosave":
                await conn.SaveDraftAsync(Draft.Id, Answers, pageIndex);
                return new NoContentResult();
            case "previous":
                Section = VisibleSections.LastOrDefault(s => IndexOf(s) < pageIndex) ?? Section;
                await conn.SaveDraftAsync(Draft.Id, Answers, IndexOf(Section));
                return RedirectToPage(new { id, code = Code });
            case "next":
            {
                await conn.SaveDraftAsync(Draft.Id, Answers, pageIndex);
                if (AddErrors(AnswerRules.Validate(Shown(Section), Answers, RegionCodes))) return Page();
                Section = VisibleSections.FirstOrDefault(s => IndexOf(s) > pageIndex) ?? Section;
                await conn.SaveDraftAsync(Draft.Id, Answers, IndexOf(Section));
                return RedirectToPage(new { id, code = Code });
            }
            default:
                await conn.SaveDraftAsync(Draft.Id, Answers, pageIndex);
                Saved = true;
                return Page();
        }
    }

    /// <summary>The final submit: every shown question checked, then the response stored in one transaction
    /// (<see cref="Responses.SubmitAsync"/>); the draft is saved again only when the response is not taken.</summary>
    private async Task<IActionResult> SubmitAsync(long id, int pageIndex)
    {
        var shown = AnswerRules.VisibleQuestions(Definition, Answers);
        var errors = AnswerRules.Validate(shown, Answers, RegionCodes);
        if (errors.Count > 0)
        {
            // Show the first page with a problem, with its messages.
            var first = Definition.Sections.First(s => s.Questions.Any(q => errors.Any(e => e.Field == q.Key)));
            Section = first;
            AddErrors(errors.Where(e => first.Questions.Any(q => q.Key == e.Field)).ToList());
            await SaveDraftAsync(IndexOf(first));
            return Page();
        }
        var (rows, textRows) = AnswerRules.ToRows(shown, Answers);
        var result = await db.SubmitAsync(Draft, rows, textRows, clock.GetUtcNow().UtcDateTime, _version.Items);
        // A submitted draft is gone; one refused keeps what was typed on this page.
        if (result is not ResponseResult.Accepted) await SaveDraftAsync(pageIndex);
        switch (result)
        {
            case ResponseResult.Accepted accepted:
                return RedirectToPage("Submitted", new { number = accepted.ReceiptNumber });
            case ResponseResult.EnterpriseAlreadyAnswered:
                TopError = texts["Enterprise.AlreadyAnswered"];
                return Page();
            case ResponseResult.DraftGone:
                return await SubmittedAlreadyAsync(id);
            case ResponseResult.InvitationUsed:
                TopError = texts["Invitation.Used"];
                return Page();
            default:
                Accepting = false;
                return Page();
        }
    }

    /// <summary>This draft with the answers so far, on its own connection (the submit holds none).</summary>
    private async Task SaveDraftAsync(int page)
    {
        await using var conn = await db.OpenConnectionAsync();
        await conn.SaveDraftAsync(Draft.Id, Answers, page);
    }

    /// <summary>A draft that is gone was submitted (a double click, a retried request): show that response's receipt.</summary>
    private async Task<IActionResult> SubmittedAlreadyAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.SubmittedFromAsync(id, Code) is { } receipt
            ? RedirectToPage("Submitted", new { number = receipt })
            : NotFound();
    }

    private IReadOnlyCollection<string> RegionCodes => Regions.Select(r => r.Code).ToHashSet();

    private int IndexOf(Section section) => Definition.Sections.ToList().IndexOf(section);

    /// <summary>The questions of a section that the current answers show.</summary>
    private IReadOnlyList<Question> Shown(Section section) =>
        section.Questions.Where(q => AnswerRules.IsVisible(Definition, q, Answers)).ToList();

    private bool AddErrors(IReadOnlyList<FieldError> errors)
    {
        foreach (var e in errors) Errors[e.Field] = texts[e.MessageKey, e.Args];
        return errors.Count > 0;
    }

    /// <summary>Whether a question is drawn on this page: its condition is left to the browser when it looks at this
    /// page; otherwise the server has decided already.</summary>
    public bool Draws(Question q) =>
        q.ShowIf is not { } c || ConditionOnThisPage(q) || AnswerRules.Holds(Definition, c, Answers);

    public bool ConditionOnThisPage(Question q) =>
        q.ShowIf is { } c && Section.Questions.Any(other => other.Key == c.Question);

    public QuestionField Field(Question q) =>
        new(Definition, q, Answers, Errors.GetValueOrDefault(q.Key), Regions, ConditionOnThisPage: ConditionOnThisPage(q));

    private FrozenVersions.Frozen _version = null!;

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindWithDraftAsync(id, Code) is not var (info, draft)) return false;
        Questionnaire = info;
        Draft = draft;
        Answers = draft.Answers;
        _version = await versions.GetAsync(conn, draft.VersionId);
        Definition = _version.Definition;
        Regions = await regionDirectory.ForRespondentsAsync();
        Accepting = info.AcceptsAt(clock.GetUtcNow().UtcDateTime);
        VisibleSections = Definition.Sections.Where(s => AnswerRules.IsVisible(Definition, s, Answers)).ToList();
        var saved = Definition.Sections.ElementAtOrDefault(draft.Page);
        Section = saved is not null && VisibleSections.Contains(saved)
            ? saved
            : VisibleSections.FirstOrDefault(s => IndexOf(s) >= draft.Page) ?? VisibleSections.Last();
        if (!Receipt.TryNormalize(Code, out var normalized)) return false;
        Code = normalized;
        return true;
    }
}
