namespace Evaluation.Shared.Respondents;

/// <summary>Art. 6: citizens, legal persons and other organizations.</summary>
public static class RespondentTypes
{
    public const string Citizen = "citizen";
    public const string Enterprise = "enterprise";
    public const string Organization = "organization";
    public static readonly string[] All = [Citizen, Enterprise, Organization];
}
