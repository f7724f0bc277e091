using System.Security.Claims;
using Evaluation.Shared.Data;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Results;
using Evaluation.Shared.Staff;

namespace Evaluation.Shared.Projects;

/// <summary>The acts that move a project from one stage to another.</summary>
public static class Acts
{
    /// <summary>Art. 18-19: preparation → implementation → conclusion, once each stage's work is done.</summary>
    public const string Advance = "advance";
    /// <summary>Art. 24: the finalized report goes to the justice bureau.</summary>
    public const string Send = "send";
    /// <summary>Art. 24: the justice bureau passes the report (without changes).</summary>
    public const string Pass = "pass";
    /// <summary>Art. 24: the justice bureau returns the report; the evaluators answer with a new version.</summary>
    public const string Return = "return";
    /// <summary>Art. 24: after a pass with changes, the agency forwards the report once every change is answered in a
    /// new finalized version.</summary>
    public const string Revise = "revise";
    /// <summary>Art. 29: the organizer records the executive meeting's decision.</summary>
    public const string Decide = "decide";
    /// <summary>Art. 30-33: 结项, once the follow-up is finished.</summary>
    public const string Close = "close";
}

/// <summary>A precondition of a transition: a key of Texts.resx that says in words what must hold, and the test.</summary>
public sealed record Condition(string Key, Func<StageFacts, bool> Holds);

/// <summary>
/// One transition of the stage machine: the act, the stages it goes from and to, the roles that may take it (and the
/// text key that names them for a refusal), the audit action it writes, and its preconditions.
/// </summary>
public sealed record Transition(string Act, string From, string To, IReadOnlyList<string> Roles, string Who, string Audit,
    IReadOnlyList<Condition> Conditions)
{
    /// <summary>The text keys of the preconditions that do not hold; empty when the project may move.</summary>
    public IReadOnlyList<string> Missing(StageFacts facts) =>
        facts.Stage != From ? ["Stage.Missing.WrongStage"] : Conditions.Where(c => !c.Holds(facts)).Select(c => c.Key).ToList();

    public bool Allows(ClaimsPrincipal user) => Roles.Any(user.IsInRole);
}

/// <summary>
/// The table of the stage machine (Art. 17-33). A page looks its act up here, checks <see cref="Transition.Allows"/>
/// and <see cref="Transition.Missing"/> on facts read under the project's lock, and moves with
/// <see cref="StageMove.MoveAsync"/>; no page writes the stage itself.
/// </summary>
public static class Transitions
{
    /// <summary>The agency's evaluators, the city government office and the administrator (the managing roles).</summary>
    public static readonly string[] Managers = [StaffRoles.Organizer, StaffRoles.EvaluationStaff, StaffRoles.Administrator];

    public static readonly IReadOnlyList<Transition> All =
    [
        new(Acts.Advance, Stages.Preparation, Stages.Implementation, Managers, "Transition.Who.Managers", AuditActions.AdvanceStage,
        [
            // Art. 18: a team, a complete plan; a commissioned institution's team and plan approved by the agency.
            new("Stage.Missing.Team", f => f.TeamMembers > 0),
            new("Stage.Missing.Plan", f => f.PlanComplete),
            new("Stage.Missing.InstitutionApproval", f => !f.HasInstitution || f.InstitutionApproved),
            // Art. 18: the survey outline and the questionnaire are designed in preparation (standard procedure).
            new("Stage.Missing.SurveyOutline", f => f.Procedure != EvaluationProcedures.Standard || f.HasSurveyOutline),
            new("Stage.Missing.Instrument", f => f.Procedure != EvaluationProcedures.Standard || f.LinkedConsultations > 0 || f.PublishedQuestionnaires > 0),
            // Art. 23: the simplified procedure rests on a symposium, an online questionnaire or an opinion solicitation.
            new("Stage.Missing.SimplifiedMethod", f => f.Procedure == EvaluationProcedures.Standard
                || f.Symposia > 0 || f.PublishedQuestionnaires > 0 || f.LinkedConsultations > 0),
        ]),
        new(Acts.Advance, Stages.Implementation, Stages.Conclusion, Managers, "Transition.Who.Managers", AuditActions.AdvanceStage,
        [
            // Art. 19(1): information from before and after the decision took effect.
            new("Stage.Missing.Before", f => f.BeforeRecorded),
            new("Stage.Missing.After", f => f.AfterRecorded),
            // Art. 19(3): preliminary conclusions from the analysis, reviewed by a member of the team.
            new("Stage.Missing.Conclusions", f => f.ConclusionsGenerated),
            new("Stage.Missing.ConclusionsReview", f => !f.ConclusionsGenerated || f.ConclusionsReviewed),
        ]),
        // Art. 24: the latest finalized version, not one the reviewer already returned (a return is answered by a new version).
        new(Acts.Send, Stages.Conclusion, Stages.LegalityReview, Managers, "Transition.Who.Managers", AuditActions.SendToLegalityReview,
        [
            new("Review.Send.NoFinalizedVersion", f => f.FinalizedVersion),
            new("Review.Send.VersionReturned", f => !f.VersionReturned),
        ]),
        // Art. 3, 24: the justice bureau's opinion on the open review. A pass with changes keeps the project in this stage.
        new(Acts.Pass, Stages.LegalityReview, Stages.Deliberation, [StaffRoles.LegalReviewer], "Transition.Who.LegalReviewer",
            AuditActions.RecordLegalityReview, [new("Review.AlreadyDecided", f => f.ReviewOpen)]),
        new(Acts.Return, Stages.LegalityReview, Stages.Conclusion, [StaffRoles.LegalReviewer], "Transition.Who.LegalReviewer",
            AuditActions.RecordLegalityReview, [new("Review.AlreadyDecided", f => f.ReviewOpen)]),
        // Art. 24: the changes are a checklist the agency answers in a new finalized version, each marked done with a note.
        new(Acts.Revise, Stages.LegalityReview, Stages.Deliberation, Managers, "Transition.Who.Managers", AuditActions.ReviseAfterLegalityReview,
        [
            new("Stage.Missing.ChangesAsked", f => f.ReviewOutcome == LegalityOutcomes.PassedWithChanges && f.ChangesAsked > 0),
            new("Stage.Missing.ChangesOpen", f => f.ChangesOpen == 0),
        ]),
        // Art. 29: the organizer (city government office) records the meeting's decision on a passed report.
        new(Acts.Decide, Stages.Deliberation, Stages.FollowUp, [StaffRoles.Organizer], "Transition.Who.Organizer", AuditActions.RecordExecutiveDecision,
        [
            new("Stage.Missing.ReviewPassed", f => f.ReviewOutcome is LegalityOutcomes.Passed or LegalityOutcomes.PassedWithChanges),
            new("Stage.Missing.ChangesOpen", f => f.ChangesOpen == 0),
            new("Stage.Missing.AlreadyDecided", f => !f.DecisionRecorded),
        ]),
        // Art. 30-33: every follow-up action finished. (Where the organizer's acceptance of a done action and approval
        // of a cancellation are recorded, UnfinishedActions counts the actions still lacking them.)
        new(Acts.Close, Stages.FollowUp, Stages.Closed, Managers, "Transition.Who.Managers", AuditActions.CloseProject,
            [new("Stage.Missing.FollowUps", f => f.UnfinishedActions == 0)]),
    ];

    public static IEnumerable<Transition> From(string stage) => All.Where(t => t.From == stage);

    /// <summary>The transition of an act from a stage; null where the act cannot be taken from there.</summary>
    public static Transition? Find(string act, string from) => All.FirstOrDefault(t => t.Act == act && t.From == from);

    /// <summary>The transition of an act taken from one stage only (every act but "advance").</summary>
    public static Transition Of(string act) => All.Single(t => t.Act == act);
}
