using Evaluation.Shared.Attachments;
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

/// <summary>录入意见: staff record an opinion received by letter, telegram, fax, call or at a meeting (Art. 8, 16), with
/// its scans; it gets a receipt number at once and counts like an online one.</summary>
[Authorize(Policy = StaffAccess.Manage)]
[RequestSizeLimit(OfflineEntry.RequestLimit), RequestFormLimits(MultipartBodyLengthLimit = OfflineEntry.RequestLimit)]
public sealed class RecordModel(NpgsqlDataSource db, TimeProvider clock, RegionDirectory regions, PersonalData personalData,
    IStringLocalizer<Texts> texts) : PageModel
{
    public sealed class RecordForm
    {
        public string? Channel { get; set; }
        public DateOnly? ReceivedOn { get; set; }
        public DateOnly? PostmarkOn { get; set; }
        public string? SenderReference { get; set; }
        public string? Name { get; set; }
        public string? ContactAsGiven { get; set; }
        public string? RespondentType { get; set; }
        public string? RegionCode { get; set; }
        public string? Body { get; set; }
        /// <summary>Set by the "record it anyway" button after the duplicate warning.</summary>
        public bool ConfirmDuplicate { get; set; }
    }

    [BindProperty] public RecordForm Input { get; set; } = new();
    [BindProperty] public List<IFormFile> Scans { get; set; } = [];

    public StaffConsultations.Summary Consultation { get; private set; } = null!;
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyList<OfflineEntry.Duplicate> Duplicates { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long consultationId)
    {
        if (!await LoadAsync(consultationId)) return NotFound();
        Input.Channel = Channels.Letter;
        Input.RespondentType = RespondentTypes.Citizen;
        Input.RegionCode = Region.Unspecified;
        Input.ReceivedOn = GivenAt.Today(clock.GetUtcNow().UtcDateTime);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long consultationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(consultationId)) return NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        var channel = Input.Channel ?? "";
        if (!Channels.Offline.Contains(channel))
            Error(nameof(Input.Channel), "Offline.Channel.Invalid");
        foreach (var (field, key) in OfflineEntry.CheckDates(channel, Input.ReceivedOn, Input.PostmarkOn, GivenAt.Today(now)))
            Error(field, key);
        var reference = PlainText.Clean(Input.SenderReference);
        if (reference is not null && PlainText.Length(reference) > OfflineEntry.MaxReferenceLength)
            Error(nameof(Input.SenderReference), "Offline.Reference.TooLong", OfflineEntry.MaxReferenceLength);
        var contact = PlainText.Clean(Input.ContactAsGiven)?.Replace('\n', ' ');
        if (PlainText.HasInvalidCharacters(Input.ContactAsGiven))
            Error(nameof(Input.ContactAsGiven), "Opinion.InvalidCharacters");
        else if (contact is not null && PlainText.Length(contact) > OfflineEntry.MaxContactLength)
            Error(nameof(Input.ContactAsGiven), "Offline.Contact.TooLong", OfflineEntry.MaxContactLength);

        var draft = new OpinionDraft(Input.RespondentType, Input.Name, null, Input.RegionCode, Input.Body, false);
        var (opinion, errors) = OpinionRules.Validate(consultationId, Channels.Offline.Contains(channel) ? channel : Channels.Letter,
            draft, Regions.Select(r => r.Code).ToHashSet());
        foreach (var e in errors) ModelState.AddModelError($"{nameof(Input)}.{e.Field}", texts[e.MessageKey, e.Args]);

        var scans = new List<CheckedFile>();
        if (Scans.Count > OfflineEntry.MaxScans)
            ModelState.AddModelError(nameof(Scans), texts["Offline.Scans.TooMany", OfflineEntry.MaxScans]);
        else
        {
            (scans, var refused) = await Attachments.CheckUploadsAsync(Scans, Attachments.Scans, cancellationToken);
            foreach (var r in refused) ModelState.AddModelError(nameof(Scans), texts[r.MessageKey, r.FileName, Attachments.MaxBytes / 1024 / 1024]);
        }
        if (!ModelState.IsValid || opinion is null) return Page();

        opinion = opinion with { Contact = contact is null ? null : Contact.Parse(contact) ?? new Contact(ContactKind.AsGiven, contact) };
        var source = new OfflineSource(Input.ReceivedOn!.Value, Input.PostmarkOn, reference, null);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (!Input.ConfirmDuplicate)
        {
            Duplicates = await conn.FindDuplicatesAsync(consultationId, opinion.Body, reference, source.ReceivedOn);
            if (Duplicates.Count > 0) return Page();
        }
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var result = await conn.AddOpinionAsync(tx, personalData, opinion, now, source.GivenAt, cancellationToken: cancellationToken);
        if (result is not SubmitResult.Accepted accepted)
        {
            await tx.RollbackAsync(cancellationToken);
            ModelState.AddModelError("", OfflineEntry.Refusal(texts, result, channel, source));
            return Page();
        }
        await conn.StoreSourceAsync(tx, accepted, channel, source, scans, User, now);
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Offline.Recorded", Receipt.Format(accepted.ReceiptNumber)].Value);
        return RedirectToPage("PrintReceipt", new { id = accepted.OpinionId });
    }

    /// <summary>One message per field: a date that did not parse has its message from model binding already.</summary>
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
