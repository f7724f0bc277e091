namespace Evaluation.Shared.Opinions;

// The codes stored in the database; their Chinese names live in Resources/Texts.resx under "<Kind>.<code>".

/// <summary>Art. 8: letter, telegram, fax, email and online; phone and meeting records come with offline entry.</summary>
public static class Channels
{
    public const string Online = "online";
    public const string Letter = "letter";
    public const string Telegram = "telegram";
    public const string Fax = "fax";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Meeting = "meeting";
    public static readonly string[] All = [Online, Letter, Telegram, Fax, Email, Phone, Meeting];
}

public static class OpinionStatuses
{
    public const string Received = "received";
    public const string InReview = "in_review";
    public const string Replied = "replied";
    public static readonly string[] All = [Received, InReview, Replied];
}
