namespace Evaluation.Shared.Decisions;

/// <summary>
/// The evaluation criteria, by the decision's kind: the same codes as the lookup table <c>criterion</c>, which holds
/// their Chinese names and articles and which every criterion column references.
/// </summary>
public static class Criteria
{
    /// <summary>Art. 15: the six standards for normative documents.</summary>
    public static readonly string[] NormativeDocument = ["legality", "rationality", "coordination", "operability", "normativity", "effectiveness"];

    /// <summary>Art. 25: the seven items for other decision matters.</summary>
    public static readonly string[] OtherMatter = ["purpose_achieved", "cost_benefit", "negative_effects", "acceptance", "economic_fit", "near_and_long_term", "lessons"];

    public static IReadOnlyList<string> For(string decisionKind) =>
        decisionKind == DecisionKinds.OtherMatter ? OtherMatter : NormativeDocument;
}
