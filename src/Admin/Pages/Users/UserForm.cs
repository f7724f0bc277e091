using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Staff;
using Microsoft.Extensions.Localization;

namespace Evaluation.Admin.Pages.Users;

public sealed class UserForm : IValidatableObject
{
    [Display(Name = "User.DisplayName"), Required(ErrorMessage = "Validation.Required"), StringLength(50, ErrorMessage = "Validation.MaxLength")]
    public string? DisplayName { get; set; }

    [Display(Name = "User.Role"), Required(ErrorMessage = "Validation.Select")]
    [AllowedValues(StaffRoles.Organizer, StaffRoles.EvaluationStaff, StaffRoles.LegalReviewer, StaffRoles.Administrator, StaffRoles.InstitutionStaff, ErrorMessage = "User.Role.Invalid")]
    public string? Role { get; set; }

    [Display(Name = "User.Department")]
    public long? DepartmentId { get; set; }

    /// <summary>Art. 18: the commissioned institution an institution_staff account works for, as the projects name it.</summary>
    [Display(Name = "User.Institution"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? Institution { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>The institution as stored: only for institution staff, who act for no department of the city.</summary>
    public string? StoredInstitution => Role == StaffRoles.InstitutionStaff ? Evaluation.Shared.Input.PlainText.Clean(Institution)?.Replace('\n', ' ') : null;
    public long? StoredDepartmentId => Role == StaffRoles.InstitutionStaff ? null : DepartmentId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Art. 3: evaluation agency staff and legal reviewers act for a department.
        if (Role is StaffRoles.EvaluationStaff or StaffRoles.LegalReviewer && DepartmentId is null)
            yield return new(validationContext.GetRequiredService<IStringLocalizer<Texts>>()["User.Department.Required"], [nameof(DepartmentId)]);
        if (Role == StaffRoles.InstitutionStaff && StoredInstitution is null)
            yield return new(validationContext.GetRequiredService<IStringLocalizer<Texts>>()["User.Institution.Required"], [nameof(Institution)]);
    }
}

public static class Institutions
{
    /// <summary>The institutions projects and plans are commissioned to, offered when an account is created for one (a name
    /// typed differently would match no project).</summary>
    public static async Task<IReadOnlyList<string>> InstitutionsAsync(this Npgsql.NpgsqlConnection conn) =>
        (await Dapper.SqlMapper.QueryAsync<string>(conn,
            """
            select distinct btrim(commissioned_institution) from evaluation_project where commissioned_institution is not null
            union select distinct btrim(commissioned_institution) from annual_plan_item where commissioned_institution is not null
            order by 1
            """)).ToList();
}
