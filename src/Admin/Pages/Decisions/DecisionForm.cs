using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Domain;

namespace Evaluation.Admin.Pages.Decisions;

/// <summary>The fields staff fill in for a decision in the register (Art. 12: validity dates drive the triggers).</summary>
public sealed class DecisionForm : IValidatableObject
{
    [Display(Name = "Decision.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? Title { get; set; }

    [Display(Name = "Decision.DocumentNumber"), StringLength(100, ErrorMessage = "Validation.MaxLength")]
    public string? DocumentNumber { get; set; }

    [Display(Name = "Decision.Kind"), Required(ErrorMessage = "Validation.Select")]
    public string? Kind { get; set; }

    [Display(Name = "Decision.IssuingBody"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? IssuingBody { get; set; }

    [Display(Name = "Decision.IssuedOn"), Required(ErrorMessage = "Validation.Required")]
    public DateOnly? IssuedOn { get; set; }

    [Display(Name = "Decision.EffectiveOn"), Required(ErrorMessage = "Validation.Required")]
    public DateOnly? EffectiveOn { get; set; }

    [Display(Name = "Decision.ValidUntil")]
    public DateOnly? ValidUntil { get; set; }

    [Display(Name = "Decision.Summary"), StringLength(20000, ErrorMessage = "Validation.MaxLength")]
    public string? SummaryHtml { get; set; }

    [Display(Name = "Decision.FullTextField"), StringLength(200000, ErrorMessage = "Validation.MaxLength")]
    public string? FullText { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind is not null && !DecisionKinds.All.Contains(Kind))
            yield return new("Decision.Kind.Invalid", [nameof(Kind)]);
        if (IssuedOn is { } issued && EffectiveOn is { } effective && effective < issued)
            yield return new("Decision.EffectiveBeforeIssued", [nameof(EffectiveOn)]);
        if (EffectiveOn is { } from && ValidUntil is { } until && until < from)
            yield return new("Decision.ValidUntilBeforeEffective", [nameof(ValidUntil)]);
    }

    /// <summary>The values as stored: trimmed, rich text sanitized, plain text cleaned.</summary>
    public object ToRow() => new
    {
        Title = PlainText.Clean(Title),
        DocumentNumber = PlainText.Clean(DocumentNumber),
        Kind,
        IssuingBody = PlainText.Clean(IssuingBody),
        IssuedOn,
        EffectiveOn,
        ValidUntil,
        SummaryHtml = RichText.Sanitize(SummaryHtml),
        FullText = PlainText.Clean(FullText) ?? "",
    };
}
