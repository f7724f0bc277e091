using System.Text.RegularExpressions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>
/// Art. 16: the opinions given at a symposium or hearing, entered from its minutes, each its own opinion with its own
/// receipt number: one paragraph is one opinion, "发言人：" before it names the speaker. Staff see the split first; all
/// are stored in one transaction, or none.
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed partial class MinutesModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regions, PersonalData personalData,
    IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxOpinions = 200;

    public sealed class MinutesForm
    {
        public string? Channel { get; set; }
        public string? MeetingTitle { get; set; }
        public DateOnly? HeldOn { get; set; }
        public string? RespondentType { get; set; }
        public string? RegionCode { get; set; }
        public string? Minutes { get; set; }
        public bool ConfirmDuplicate { get; set; }
    }

    public sealed record Statement(string? Speaker, string Body);

    [BindProperty] public MinutesForm Input { get; set; } = new();
    public StaffConsultations.Summary Consultation { get; private set; } = null!;
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyList<Statement> Statements { get; private set; } = [];
    public IReadOnlyList<OfflineEntry.Duplicate> Duplicates { get; private set; } = [];
    /// <summary>True when the split is shown and may be stored.</summary>
    public bool Previewed { get; private set; }

    public async Task<IActionResult> OnGetAsync(long consultationId)
    {
        if (!await LoadAsync(consultationId)) return NotFound();
        Input.Channel = Channels.Meeting;
        Input.RespondentType = RespondentTypes.Citizen;
        Input.RegionCode = Region.Unspecified;
        Input.HeldOn = GivenAt.Today(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    /// <summary>Shows how the minutes split into opinions; nothing is stored.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(long consultationId)
    {
        if (!await LoadAsync(consultationId)) return NotFound();
        var opinions = Check(consultationId);
        Previewed = opinions is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long consultationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(consultationId)) return NotFound();
        var opinions = Check(consultationId);
        if (opinions is null) return Page();
        Previewed = true;
        var now = clock.GetUtcNow().UtcDateTime;
        var channel = Input.Channel!;
        var source = new OfflineSource(Input.HeldOn!.Value, null, null, PlainText.Clean(Input.MeetingTitle));
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (!Input.ConfirmDuplicate)
        {
            var duplicates = new List<OfflineEntry.Duplicate>();
            foreach (var o in opinions)
                duplicates.AddRange(await conn.FindDuplicatesAsync(consultationId, o.Body, null, source.ReceivedOn));
            Duplicates = duplicates;
            if (Duplicates.Count > 0) return Page();
        }
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        foreach (var opinion in opinions)
        {
            var result = await conn.AddOpinionAsync(tx, personalData, opinion, now, source.GivenAt, cancellationToken: cancellationToken);
            if (result is not SubmitResult.Accepted accepted)
            {
                await tx.RollbackAsync(cancellationToken);
                ModelState.AddModelError("", OfflineEntry.Refusal(texts, result, channel, source));
                return Page();
            }
            await conn.StoreSourceAsync(tx, accepted, channel, source, [], User, now);
        }
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Minutes.Recorded", opinions.Count].Value);
        return Redirect($"/Opinions?consultationId={consultationId}");
    }

    /// <summary>The opinions of the minutes when every check passes; otherwise null, with the messages set.</summary>
    private List<NewOpinion>? Check(long consultationId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!Channels.Meetings.Contains(Input.Channel ?? "")) Error(nameof(Input.Channel), "Offline.Channel.Invalid");
        var title = PlainText.Clean(Input.MeetingTitle);
        if (title is null) Error(nameof(Input.MeetingTitle), "Minutes.Title.Required");
        else if (PlainText.Length(title) > OfflineEntry.MaxMeetingTitleLength)
            Error(nameof(Input.MeetingTitle), "Minutes.Title.TooLong", OfflineEntry.MaxMeetingTitleLength);
        if (Input.HeldOn is null) Error(nameof(Input.HeldOn), "Minutes.HeldOn.Required");
        else if (Input.HeldOn > GivenAt.Today(now)) Error(nameof(Input.HeldOn), "Offline.ReceivedOn.Future");
        if (PlainText.HasInvalidCharacters(Input.Minutes)) Error(nameof(Input.Minutes), "Opinion.InvalidCharacters");

        Statements = Split(PlainText.Clean(Input.Minutes));
        if (Statements.Count == 0) Error(nameof(Input.Minutes), "Minutes.Required");
        else if (Statements.Count > MaxOpinions) Error(nameof(Input.Minutes), "Minutes.TooMany", MaxOpinions);

        var opinions = new List<NewOpinion>();
        var codes = Regions.Select(r => r.Code).ToHashSet();
        for (var i = 0; i < Statements.Count && i < MaxOpinions; i++)
        {
            var s = Statements[i];
            var (opinion, errors) = OpinionRules.Validate(consultationId, Channels.Meeting,
                new OpinionDraft(Input.RespondentType, s.Speaker, null, Input.RegionCode, s.Body, false), codes);
            foreach (var e in errors)
            {
                var field = e.Field is nameof(OpinionDraft.RespondentType) or nameof(OpinionDraft.RegionCode) ? e.Field : nameof(Input.Minutes);
                var message = field == nameof(Input.Minutes) ? texts["Minutes.InParagraph", i + 1, texts[e.MessageKey, e.Args]] : texts[e.MessageKey, e.Args];
                if (!HasError(field) || field == nameof(Input.Minutes))
                    ModelState.AddModelError($"{nameof(Input)}.{field}", message);
            }
            if (opinion is not null) opinions.Add(opinion with { Channel = Input.Channel ?? Channels.Meeting });
        }
        return ModelState.IsValid ? opinions : null;
    }

    /// <summary>Paragraphs (split at blank lines); "张三：……" names the speaker when the part before the colon is short.</summary>
    public static IReadOnlyList<Statement> Split(string? minutes)
    {
        if (minutes is null) return [];
        return BlankLines().Split(minutes)
            .Select(p => p.Trim())
            .Where(p => p.Length > 0)
            .Select(p => Speaker().Match(p) is { Success: true } m
                ? new Statement(m.Groups["speaker"].Value.Trim(), m.Groups["body"].Value.Trim())
                : new Statement(null, p))
            .ToList();
    }

    [GeneratedRegex(@"\n\s*\n")]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^(?<speaker>[^：:\n，,。；;？?！!]{1,20})[：:](?<body>[\s\S]+)$")]
    private static partial Regex Speaker();

    private void Error(string field, string key, params object[] args)
    {
        if (!HasError(field)) ModelState.AddModelError($"{nameof(Input)}.{field}", texts[key, args]);
    }

    private async Task<bool> LoadAsync(long consultationId)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindForStaffAsync(consultationId, User) is not { } consultation) return false;
        Consultation = consultation;
        Regions = await regions.AllAsync();
        return true;
    }

    public bool HasError(string field) =>
        ModelState.TryGetValue($"{nameof(Input)}.{field}", out var entry) && entry.Errors.Count > 0;
}
