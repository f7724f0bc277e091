namespace Evaluation.Shared.Staff;

/// <summary>Art. 3: the organizer, the evaluation agencies, the justice bureau, the commissioned institutions (Art. 18); and
/// who runs the system.</summary>
public static class StaffRoles
{
    public const string Organizer = "organizer";
    public const string EvaluationStaff = "evaluation_staff";
    public const string LegalReviewer = "legal_reviewer";
    public const string Administrator = "administrator";
    /// <summary>A commissioned institution's staff (受委托评估机构, Art. 3, 18): works only in the projects its institution is
    /// commissioned for, until they close (scope: migration 0820); never approves, publishes, reviews legality or decides.</summary>
    public const string InstitutionStaff = "institution_staff";
    public static readonly string[] All = [Organizer, EvaluationStaff, LegalReviewer, Administrator, InstitutionStaff];
}
