namespace Evaluation.Shared.Staff;

/// <summary>Art. 3: the organizer, the evaluation agencies, the justice bureau; and who runs the system.</summary>
public static class StaffRoles
{
    public const string Organizer = "organizer";
    public const string EvaluationStaff = "evaluation_staff";
    public const string LegalReviewer = "legal_reviewer";
    public const string Administrator = "administrator";
    public static readonly string[] All = [Organizer, EvaluationStaff, LegalReviewer, Administrator];
}
