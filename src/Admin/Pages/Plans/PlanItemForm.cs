using System.ComponentModel.DataAnnotations;
using Evaluation.Shared.Input;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Web;

namespace Evaluation.Admin.Pages.Plans;

/// <summary>An item of the annual plan (Art. 13, 14): which decision, whole or in part, by whom, when.</summary>
public sealed class PlanItemForm
{
    [Display(Name = "Plan.Item.Decision"), Required(ErrorMessage = "Validation.Select")]
    public long? DecisionId { get; set; }

    [Display(Name = "Plan.Item.Scope"), Required(ErrorMessage = "Validation.Select")]
    [AllowedValues(EvaluationScopes.Whole, EvaluationScopes.Partial, ErrorMessage = "Validation.Select")]
    public string? Scope { get; set; } = EvaluationScopes.Whole;

    /// <summary>Art. 14: a partial evaluation names the parts (articles, chapters) it covers.</summary>
    [Display(Name = "Plan.Item.Parts"), StringLength(1000, ErrorMessage = "Validation.MaxLength")]
    public string? Parts { get; set; }

    [Display(Name = "Plan.Item.Agency"), Required(ErrorMessage = "Validation.Select")]
    public long? AgencyDepartmentId { get; set; }

    /// <summary>Art. 3: a professional institution commissioned to do the evaluation, if any.</summary>
    [Display(Name = "Plan.Item.Institution"), StringLength(200, ErrorMessage = "Validation.MaxLength")]
    public string? CommissionedInstitution { get; set; }

    [Display(Name = "Plan.Item.PlannedStart"), Required(ErrorMessage = "Validation.Required")]
    public DateOnly? PlannedStart { get; set; }

    [Display(Name = "Plan.Item.PlannedEnd"), Required(ErrorMessage = "Validation.Required")]
    [NotBefore(nameof(PlannedStart), ErrorMessage = "Plan.Item.EndBeforeStart")]
    public DateOnly? PlannedEnd { get; set; }

    /// <summary>Required when the plan is approved: the item is then an amendment (Art. 13).</summary>
    [Display(Name = "Plan.Item.AmendmentReason"), StringLength(1000, ErrorMessage = "Validation.MaxLength")]
    public string? AmendmentReason { get; set; }

    /// <summary>The values as stored: text cleaned, the parts only for a partial evaluation.</summary>
    public object ToRow(long planId, bool isAmendment) => new
    {
        PlanId = planId,
        DecisionId,
        Scope,
        Parts = Scope == EvaluationScopes.Partial ? PlainText.Clean(Parts) : null,
        AgencyDepartmentId,
        CommissionedInstitution = PlainText.Clean(CommissionedInstitution),
        PlannedStart,
        PlannedEnd,
        IsAmendment = isAmendment,
        AmendmentReason = isAmendment ? PlainText.Clean(AmendmentReason) : null,
    };
}
