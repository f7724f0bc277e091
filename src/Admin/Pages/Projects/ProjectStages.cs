using Evaluation.Shared.Plans;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// The stages of an evaluation project: preparation → implementation → conclusion (Art. 17-20; the report is drafted,
/// reviewed by experts and finalized in the conclusion stage) → legality review (Art. 24) → deliberation by the
/// executive meeting (Art. 29) → follow-up (Art. 30-33) → closed. The first two steps are taken by "advance" once
/// their preconditions hold (<see cref="StageRules"/>); the later ones by their own acts: sending the finalized report
/// to review, the review's opinion (a returned report goes back to the conclusion stage), recording the decision, and
/// closing once every follow-up action is done or cancelled.
/// </summary>
public static class ProjectStages
{
    public const string Preparation = "preparation";
    public const string Implementation = "implementation";
    public const string Conclusion = "conclusion";
    public const string LegalityReview = "legality_review";
    public const string Deliberation = "deliberation";
    public const string FollowUp = "follow_up";
    public const string Closed = "closed";
    public static readonly string[] All = [Preparation, Implementation, Conclusion, LegalityReview, Deliberation, FollowUp, Closed];

    /// <summary>The stage "advance" moves to; null where the next step is an act of its own.</summary>
    public static string? Next(string stage) => stage switch
    {
        Preparation => Implementation,
        Implementation => Conclusion,
        _ => null,
    };

    /// <summary>Whether the project's data (team, plan, methods, links, conclusions) may still change.</summary>
    public static bool DataOpen(string stage) => stage is Preparation or Implementation;
}

/// <summary>What a project has, as far as its next stage is concerned.</summary>
public sealed record StageFacts(
    string Stage,
    string Procedure,
    bool HasInstitution,
    bool InstitutionApproved,
    int TeamMembers,
    bool PlanComplete,
    bool HasSurveyOutline,
    int LinkedConsultations,
    int PublishedQuestionnaires,
    int Symposia,
    bool BeforeRecorded,
    bool AfterRecorded,
    bool ConclusionsGenerated,
    bool ConclusionsReviewed);

/// <summary>
/// The preconditions of each transition, stated as what is missing (keys of Texts.resx under "Stage.Missing."), so the
/// page can say in words why a project cannot move on.
/// </summary>
public static class StageRules
{
    public static IReadOnlyList<string> MissingForNext(StageFacts f) => f.Stage switch
    {
        ProjectStages.Preparation => MissingForImplementation(f),
        ProjectStages.Implementation => MissingForConclusion(f),
        _ => ["Stage.Missing.Last"],
    };

    private static List<string> MissingForImplementation(StageFacts f)
    {
        var missing = new List<string>();
        // Art. 18: a team, a complete plan; a commissioned institution's team and plan approved by the agency.
        if (f.TeamMembers == 0) missing.Add("Stage.Missing.Team");
        if (!f.PlanComplete) missing.Add("Stage.Missing.Plan");
        if (f.HasInstitution && !f.InstitutionApproved) missing.Add("Stage.Missing.InstitutionApproval");
        if (f.Procedure == EvaluationProcedures.Standard)
        {
            // Art. 18: the survey outline and the questionnaire are designed in preparation.
            if (!f.HasSurveyOutline) missing.Add("Stage.Missing.SurveyOutline");
            if (f.LinkedConsultations == 0 && f.PublishedQuestionnaires == 0) missing.Add("Stage.Missing.Instrument");
        }
        // Art. 23: the simplified procedure rests on a symposium, an online questionnaire or an opinion solicitation.
        else if (f.Symposia == 0 && f.PublishedQuestionnaires == 0 && f.LinkedConsultations == 0)
            missing.Add("Stage.Missing.SimplifiedMethod");
        return missing;
    }

    private static List<string> MissingForConclusion(StageFacts f)
    {
        var missing = new List<string>();
        // Art. 19(1): information from before and after the decision took effect.
        if (!f.BeforeRecorded) missing.Add("Stage.Missing.Before");
        if (!f.AfterRecorded) missing.Add("Stage.Missing.After");
        // Art. 19(3): preliminary conclusions from the analysis, reviewed by a member of the team.
        if (!f.ConclusionsGenerated) missing.Add("Stage.Missing.Conclusions");
        else if (!f.ConclusionsReviewed) missing.Add("Stage.Missing.ConclusionsReview");
        return missing;
    }
}
