namespace Evaluation.Shared.Domain;

// The codes stored in the database; their Chinese names live in Resources/Texts.resx under "<Kind>.<code>".

public static class DecisionKinds
{
    public const string NormativeDocument = "normative_document"; // 规范性文件, Chapter 2
    public const string OtherMatter = "other_matter";             // 其他决策事项, Chapter 3
    public static readonly string[] All = [NormativeDocument, OtherMatter];
}

/// <summary>Art. 8: letter, telegram, fax, email and online; phone and meeting records come with offline entry.</summary>
public static class Channels
{
    public const string Online = "online";
    public static readonly string[] All = [Online, "letter", "telegram", "fax", "email", "phone", "meeting"];
}

public static class RespondentTypes
{
    public const string Citizen = "citizen";
    public const string Enterprise = "enterprise";
    public const string Organization = "organization";
    public static readonly string[] All = [Citizen, Enterprise, Organization];
}

public static class OpinionStatuses
{
    public const string Received = "received";
    public const string InReview = "in_review";
    public const string Replied = "replied";
    public static readonly string[] All = [Received, InReview, Replied];
}

/// <summary>Art. 3: the organizer, the evaluation agencies, the justice bureau; and who runs the system.</summary>
public static class StaffRoles
{
    public const string Organizer = "organizer";
    public const string EvaluationStaff = "evaluation_staff";
    public const string LegalReviewer = "legal_reviewer";
    public const string Administrator = "administrator";
    public static readonly string[] All = [Organizer, EvaluationStaff, LegalReviewer, Administrator];
}
