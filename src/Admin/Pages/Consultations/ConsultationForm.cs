using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Input;
using Evaluation.Shared.Web;

namespace Evaluation.Admin.Pages.Consultations;

/// <summary>A consultation's title, description and window; times are typed in China Standard Time.</summary>
public sealed class ConsultationForm
{
    [Display(Name = "Consultation.Title"), Required(ErrorMessage = "Validation.Required"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? Title { get; set; }

    [Display(Name = "Consultation.Description"), StringLength(20000, ErrorMessage = "Validation.MaxLength")]
    public string? DescriptionMd { get; set; }

    [Display(Name = "Consultation.OpensAt"), Required(ErrorMessage = "Validation.Required")]
    public DateTime? OpensAt { get; set; }

    [Display(Name = "Consultation.ClosesAt"), Required(ErrorMessage = "Validation.Required")]
    [NotBefore(nameof(OpensAt), Strictly = true, ErrorMessage = "Consultation.ClosesBeforeOpens")]
    public DateTime? ClosesAt { get; set; }

    public object ToRow() => new
    {
        Title = PlainText.Clean(Title),
        DescriptionMd = PlainText.Clean(DescriptionMd) ?? "",
        OpensAt = Display.FromChinaTime(OpensAt!.Value),
        ClosesAt = Display.FromChinaTime(ClosesAt!.Value),
    };

    public static ConsultationForm From(string title, string descriptionMd, DateTime opensAtUtc, DateTime closesAtUtc) => new()
    {
        Title = title,
        DescriptionMd = descriptionMd,
        OpensAt = Display.ToChinaTime(opensAtUtc),
        ClosesAt = Display.ToChinaTime(closesAtUtc),
    };
}
