namespace Evaluation.Shared.Opinions;

// The codes stored in the database; their Chinese names live in Resources/Texts.resx under "<Kind>.<code>".

/// <summary>Art. 8: letter, telegram, fax, email and online; calls, symposia and hearings (Art. 16) are recorded by staff.</summary>
public static class Channels
{
    public const string Online = "online";
    public const string Letter = "letter";
    public const string Telegram = "telegram";
    public const string Fax = "fax";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Meeting = "meeting";
    public const string Hearing = "hearing";
    public static readonly string[] All = [Online, Letter, Telegram, Fax, Email, Phone, Meeting, Hearing];

    /// <summary>What staff record by hand (录入意见); e-mail comes in by the mail worker.</summary>
    public static readonly string[] Offline = [Letter, Telegram, Fax, Phone, Meeting, Hearing];

    /// <summary>Art. 16: symposia and hearings, whose minutes may be entered in bulk.</summary>
    public static readonly string[] Meetings = [Meeting, Hearing];

    /// <summary>Channels whose date is a postmark: such an opinion arriving late counts when posted in time.</summary>
    public static bool HasPostmark(string channel) => channel is Letter or Telegram;

    /// <summary>PIPL Art. 13: online, name and contact are kept on the respondent's consent to the notice; a letter's,
    /// a call's or an e-mail's sender gives them to be answered, which is the basis there (see the privacy notice).</summary>
    public static bool PersonalDataNeedsConsent(string channel) => channel == Online;
}

public static class OpinionStatuses
{
    public const string Received = "received";
    public const string InReview = "in_review";
    public const string Replied = "replied";
    public static readonly string[] All = [Received, InReview, Replied];
}
