namespace Evaluation.Shared.Decisions;

public enum DecisionStatus { NotYetInForce, InForce, Expired }

/// <summary>Whether a decision is in force on a day (China time): from its effective date through its last day of
/// validity. The one home of the rule, in C# and in SQL; the standing consultation's window follows it.</summary>
public static class DecisionValidity
{
    public static DecisionStatus StatusOn(DateOnly effectiveOn, DateOnly? validUntil, DateOnly today) =>
        today < effectiveOn ? DecisionStatus.NotYetInForce
        : validUntil is { } until && today > until ? DecisionStatus.Expired
        : DecisionStatus.InForce;

    /// <summary>The same rule over a decision aliased <c>d</c> on the date @today.</summary>
    public const string InForceSql = "d.effective_on <= @today and (d.valid_until is null or d.valid_until >= @today)";
}
