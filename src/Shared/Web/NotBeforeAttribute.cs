using System.ComponentModel.DataAnnotations;

namespace Evaluation.Shared.Web;

/// <summary>
/// A date or time that must not be earlier than (or, when <see cref="Strictly"/>, must be later than) another
/// property of the same form. A property rule, so it is checked together with the others and its message is
/// localized like theirs.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotBeforeAttribute(string otherProperty) : ValidationAttribute
{
    public bool Strictly { get; init; }

    protected override ValidationResult? IsValid(object? value, ValidationContext context)
    {
        var other = context.ObjectType.GetProperty(otherProperty)?.GetValue(context.ObjectInstance);
        if (value is not IComparable mine || other is null || mine.GetType() != other.GetType()) return ValidationResult.Success;
        var order = mine.CompareTo(other);
        return order > 0 || order == 0 && !Strictly
            ? ValidationResult.Success
            : new ValidationResult(FormatErrorMessage(context.DisplayName), context.MemberName is { } m ? [m] : null);
    }
}
