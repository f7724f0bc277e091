using Evaluation.Shared.Decisions;

namespace Evaluation.Shared.Results;

// The codes stored by the report, the legality review, the executive decision, the follow-ups and the public results
// (migrations 0300-0306); their Chinese names live in Resources/Texts.resx under "<Kind>.<code>".

/// <summary>Art. 21 and 28: the report of a normative document and that of another decision matter differ in their parts.</summary>
public static class ReportForms
{
    public const string NormativeDocument = DecisionKinds.NormativeDocument;
    public const string OtherMatter = DecisionKinds.OtherMatter;

    /// <summary>The report's form follows the kind of the decision evaluated.</summary>
    public static string For(string decisionKind) =>
        decisionKind == DecisionKinds.NormativeDocument ? NormativeDocument : OtherMatter;
}

/// <summary>
/// What a report recommends and what the executive meeting decides (texts "Outcome.&lt;code&gt;"): for a normative
/// document continue / amend / repeal / complete supporting systems / improve enforcement (Art. 30-33); for another
/// decision matter continue / promote / adjust / terminate (Art. 29).
/// </summary>
public static class Outcomes
{
    public const string Continue = "continue";
    public const string Amend = "amend";
    public const string Repeal = "repeal";
    public const string CompleteSystems = "complete_systems";
    public const string ImproveEnforcement = "improve_enforcement";
    public const string Promote = "promote";
    public const string Adjust = "adjust";
    public const string Terminate = "terminate";

    public static readonly string[] ForNormativeDocument = [Continue, Amend, Repeal, CompleteSystems, ImproveEnforcement];
    public static readonly string[] ForOtherMatter = [Continue, Promote, Adjust, Terminate];

    public static string[] For(string reportForm) =>
        reportForm == ReportForms.NormativeDocument ? ForNormativeDocument : ForOtherMatter;
}

/// <summary>Art. 24: the justice bureau's opinion on a report (texts "Legality.&lt;code&gt;").</summary>
public static class LegalityOutcomes
{
    public const string Passed = "passed";
    public const string PassedWithChanges = "passed_with_changes";
    public const string Returned = "returned";
    public static readonly string[] All = [Passed, PassedWithChanges, Returned];
}

/// <summary>Art. 30-33: the state of a follow-up action (texts "FollowUp.&lt;code&gt;").</summary>
public static class FollowUpStatuses
{
    public const string Open = "open";
    public const string InProgress = "in_progress";
    /// <summary>Art. 31-33: the department reported it done; the organizer has yet to accept it.</summary>
    public const string Reported = "reported";
    /// <summary>Art. 31-33: accepted by the organizer.</summary>
    public const string Done = "done";
    /// <summary>The department asked for cancellation; the organizer has yet to approve or refuse it.</summary>
    public const string CancelRequested = "cancel_requested";
    /// <summary>Cancelled with the organizer's approval.</summary>
    public const string Cancelled = "cancelled";
    public static readonly string[] All = [Open, InProgress, Reported, Done, CancelRequested, Cancelled];
    /// <summary>What the public sees (Art. 7): only the organizer's decisions; a report or request awaiting it is still in progress.</summary>
    public static string Public(string status) => status is Reported or CancelRequested ? InProgress : status;
    public static bool IsFinished(string status) => status is Done or Cancelled;
}

/// <summary>Art. 7, "you said, we did": what became of an opinion (texts "Disposition.&lt;code&gt;").</summary>
public static class Dispositions
{
    public const string Adopted = "adopted";
    public const string PartlyAdopted = "partly_adopted";
    public const string NotAdopted = "not_adopted";
    public const string OutOfScope = "out_of_scope";
    public const string Noted = "noted";
    public static readonly string[] All = [Adopted, PartlyAdopted, NotAdopted, OutOfScope, Noted];
    public const int MaxReasonLength = 500;
}

/// <summary>
/// The parts of a report (texts "ReportPart.&lt;code&gt;"). A report version's <c>content</c> is the JSON object
/// <c>{"parts": {"&lt;part&gt;": "prose", ...}}</c> with the parts of its form, in this order.
/// </summary>
public static class ReportParts
{
    // Art. 21, a normative document.
    public const string BasicFacts = "basic_facts";
    public const string ImplementationAnalysis = "implementation_analysis";
    public const string Conclusions = "conclusions";
    public const string OtherMatters = "other_matters";
    // Art. 28, another decision matter.
    public const string OverallEvaluation = "overall_evaluation";
    public const string Basis = "basis";
    public const string ProblemsAndRemedies = "problems_and_remedies";
    public const string Recommendation = "recommendation";

    public static readonly string[] ForNormativeDocument = [BasicFacts, ImplementationAnalysis, Conclusions, OtherMatters];
    public static readonly string[] ForOtherMatter = [OverallEvaluation, Basis, ProblemsAndRemedies, Recommendation];

    public static string[] For(string reportForm) =>
        reportForm == ReportForms.NormativeDocument ? ForNormativeDocument : ForOtherMatter;

    /// <summary>The part whose prose the public results show as the report's conclusions.</summary>
    public static string ConclusionsOf(string reportForm) =>
        reportForm == ReportForms.NormativeDocument ? Conclusions : Recommendation;
}
