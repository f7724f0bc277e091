using Evaluation.Shared.Input;
using Evaluation.Shared.Respondents;

namespace Evaluation.Shared.Opinions;

/// <summary>An opinion as a person filled it in, before any check.</summary>
public sealed record OpinionDraft(string? RespondentType, string? Name, string? Contact, string? RegionCode, string? Body, bool Consent);

/// <summary>An opinion that passed every check, ready to be stored.</summary>
public sealed record NewOpinion(long ConsultationId, string Channel, string RespondentType, string? Name, Contact? Contact,
    string RegionCode, string Body, bool Consent);

/// <summary>The checks every opinion passes, whatever its channel (Art. 8: all channels in one stream).</summary>
public static class OpinionRules
{
    public const int MaxBodyLength = 5000;
    public const int MaxNameLength = 50;
    /// <summary>Staff replies, shown to the respondent by the receipt number.</summary>
    public const int MaxReplyLength = 5000;

    public static (NewOpinion? Opinion, IReadOnlyList<FieldError> Errors) Validate(
        long consultationId, string channel, OpinionDraft draft, IReadOnlyCollection<string> regionCodes)
    {
        var errors = new List<FieldError>();
        foreach (var (field, value) in new[] { (nameof(draft.Body), draft.Body), (nameof(draft.Name), draft.Name), (nameof(draft.Contact), draft.Contact) })
            if (PlainText.HasInvalidCharacters(value))
                errors.Add(new(field, "Opinion.InvalidCharacters"));
        if (errors.Count > 0) return (null, errors);

        var respondentType = draft.RespondentType?.Trim();
        if (string.IsNullOrEmpty(respondentType))
            errors.Add(new(nameof(draft.RespondentType), "Opinion.RespondentType.Required"));
        else if (!RespondentTypes.All.Contains(respondentType))
            errors.Add(new(nameof(draft.RespondentType), "Opinion.RespondentType.Invalid"));

        var name = PlainText.Clean(draft.Name)?.Replace('\n', ' ').Replace('\t', ' ');
        if (name is not null && PlainText.Length(name) > MaxNameLength)
            errors.Add(new(nameof(draft.Name), "Opinion.Name.TooLong", MaxNameLength));

        Contact? contact = null;
        if (!string.IsNullOrWhiteSpace(draft.Contact))
        {
            contact = Contact.Parse(PlainText.Clean(draft.Contact));
            if (contact is null) errors.Add(new(nameof(draft.Contact), "Opinion.Contact.Invalid"));
        }

        var region = draft.RegionCode?.Trim();
        if (string.IsNullOrEmpty(region))
            errors.Add(new(nameof(draft.RegionCode), "Opinion.Region.Required"));
        else if (!regionCodes.Contains(region))
            errors.Add(new(nameof(draft.RegionCode), "Opinion.Region.Invalid"));

        var body = PlainText.Clean(draft.Body);
        if (body is null)
            errors.Add(new(nameof(draft.Body), "Opinion.Body.Required"));
        else if (PlainText.Length(body) is var length && length > MaxBodyLength)
            errors.Add(new(nameof(draft.Body), "Opinion.Body.TooLong", MaxBodyLength, length));

        // PIPL: personal data is kept only with consent to the notice.
        if ((name is not null || !string.IsNullOrWhiteSpace(draft.Contact)) && !draft.Consent && Channels.PersonalDataNeedsConsent(channel))
            errors.Add(new(nameof(draft.Consent), "Opinion.Consent.Required"));

        if (errors.Count > 0) return (null, errors);
        return (new NewOpinion(consultationId, channel, respondentType!, name, contact, region!, body!, draft.Consent), errors);
    }
}
