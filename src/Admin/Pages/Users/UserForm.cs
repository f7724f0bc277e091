using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Domain;

namespace Evaluation.Admin.Pages.Users;

public sealed class UserForm : IValidatableObject
{
    [Display(Name = "User.DisplayName"), Required(ErrorMessage = "Validation.Required"), StringLength(50, ErrorMessage = "Validation.MaxLength")]
    public string? DisplayName { get; set; }

    [Display(Name = "User.Role"), Required(ErrorMessage = "Validation.Select")]
    public string? Role { get; set; }

    [Display(Name = "User.Department"), StringLength(100, ErrorMessage = "Validation.MaxLength")]
    public string? Department { get; set; }

    public bool IsActive { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Role is not null && !StaffRoles.All.Contains(Role))
            yield return new("User.Role.Invalid", [nameof(Role)]);
        // Art. 3: evaluation agency staff act for a department.
        if (Role == StaffRoles.EvaluationStaff && string.IsNullOrWhiteSpace(Department))
            yield return new("User.Department.Required", [nameof(Department)]);
    }
}
