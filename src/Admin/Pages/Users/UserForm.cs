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
    [AllowedValues(StaffRoles.Organizer, StaffRoles.EvaluationStaff, StaffRoles.LegalReviewer, StaffRoles.Administrator, ErrorMessage = "User.Role.Invalid")]
    public string? Role { get; set; }

    [Display(Name = "User.Department")]
    public long? DepartmentId { get; set; }

    public bool IsActive { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Art. 3: evaluation agency staff and legal reviewers act for a department.
        if (Role is StaffRoles.EvaluationStaff or StaffRoles.LegalReviewer && DepartmentId is null)
            yield return new(validationContext.GetRequiredService<IStringLocalizer<Texts>>()["User.Department.Required"], [nameof(DepartmentId)]);
    }
}
