namespace Evaluation.Shared.Plans;

/// <summary>Art. 13: the annual plan is drafted by the city government office with the departments, submitted, and
/// approved by the government (with the approval document's number and date).</summary>
public static class PlanStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Approved = "approved";
}

/// <summary>Art. 14: a document is evaluated as a whole or in part (the parts are then named).</summary>
public static class EvaluationScopes
{
    public const string Whole = "whole";
    public const string Partial = "partial";
    public static readonly string[] All = [Whole, Partial];
}

/// <summary>Art. 17-23: the standard procedure, or the simplified one (symposium, online questionnaire or opinion
/// solicitation, then a report).</summary>
public static class EvaluationProcedures
{
    public const string Standard = "standard";
    public const string Simplified = "simplified";
    public static readonly string[] All = [Standard, Simplified];
}
