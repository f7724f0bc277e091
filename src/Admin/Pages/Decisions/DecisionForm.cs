using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Input;
using Evaluation.Shared.Web;

namespace Evaluation.Admin.Pages.Decisions;

/// <summary>The fields staff fill in for a decision in the register (Art. 12: validity dates drive the triggers).</summary>
public sealed class DecisionForm
{
    [Display(Name = "Decision.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? Title { get; set; }

    [Display(Name = "Decision.DocumentNumber"), StringLength(100, ErrorMessage = "Validation.MaxLength")]
    public string? DocumentNumber { get; set; }

    [Display(Name = "Decision.Kind"), Required(ErrorMessage = "Validation.Select")]
    [AllowedValues(DecisionKinds.NormativeDocument, DecisionKinds.OtherMatter, ErrorMessage = "Decision.Kind.Invalid")]
    public string? Kind { get; set; }

    /// <summary>The department that proposed the decision and carries it out; its staff see it (Art. 3).</summary>
    [Display(Name = "Decision.Department"), Required(ErrorMessage = "Validation.Select")]
    public long? DepartmentId { get; set; }

    [Display(Name = "Decision.IssuingBody"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? IssuingBody { get; set; }

    [Display(Name = "Decision.IssuedOn"), Required(ErrorMessage = "Validation.Required")]
    public DateOnly? IssuedOn { get; set; }

    [Display(Name = "Decision.EffectiveOn"), Required(ErrorMessage = "Validation.Required")]
    [NotBefore(nameof(IssuedOn), ErrorMessage = "Decision.EffectiveBeforeIssued")]
    public DateOnly? EffectiveOn { get; set; }

    [Display(Name = "Decision.ValidUntil"), NotBefore(nameof(EffectiveOn), ErrorMessage = "Decision.ValidUntilBeforeEffective")]
    public DateOnly? ValidUntil { get; set; }

    [Display(Name = "Decision.Summary"), StringLength(20000, ErrorMessage = "Validation.MaxLength")]
    public string? SummaryMd { get; set; }

    [Display(Name = "Decision.FullTextField"), StringLength(200000, ErrorMessage = "Validation.MaxLength")]
    public string? FullText { get; set; }

    /// <summary>The values as stored: trimmed, rich text sanitized, plain text cleaned.</summary>
    public object ToRow() => new
    {
        Title = PlainText.Clean(Title),
        DocumentNumber = PlainText.Clean(DocumentNumber),
        Kind,
        DepartmentId,
        IssuingBody = PlainText.Clean(IssuingBody),
        IssuedOn,
        EffectiveOn,
        ValidUntil,
        SummaryMd = PlainText.Clean(SummaryMd) ?? "",
        FullText = PlainText.Clean(FullText) ?? "",
    };
}
