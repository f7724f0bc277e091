namespace Evaluation.Shared.Projects;

/// <summary>
/// The stages of an evaluation project: preparation → implementation → conclusion (Art. 17-20; the report is drafted,
/// reviewed by experts and finalized in the conclusion stage) → legality review (Art. 24) → deliberation by the
/// executive meeting (Art. 29) → follow-up (Art. 30-33) → closed. Which act moves a project from which stage to which,
/// who may take it and what it needs is the table of <see cref="Transitions"/>; the move itself is
/// <see cref="StageMove.MoveAsync"/>; what may still change in each stage is <see cref="Locks"/>.
/// </summary>
public static class Stages
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
    public static string? Next(string stage) => Transitions.From(stage).FirstOrDefault(t => t.Act == Acts.Advance)?.To;
}

/// <summary>
/// What of a project may still change in each stage. The data the conclusions rest on (plan, survey outline, methods,
/// linked consultations, conclusions) only in preparation and implementation; the team also in the conclusion stage,
/// because the experts who review the report (论证, Art. 20) are its members. The report is drafted and finalized in the
/// conclusion stage, and in the legality review stage only to answer a pass with changes (Art. 24). A closed project is
/// read-only: its pages show no form.
/// </summary>
public static class Locks
{
    public static bool Data(string stage) => stage is Stages.Preparation or Stages.Implementation;

    public static bool Team(string stage) => Data(stage) || stage == Stages.Conclusion;

    /// <summary>The report, its experts' reviews and finalizing; <paramref name="changesAsked"/>: the latest legality review
    /// passed the report with changes not yet forwarded to deliberation.</summary>
    public static bool Report(string stage, bool changesAsked) =>
        stage == Stages.Conclusion || stage == Stages.LegalityReview && changesAsked;

    /// <summary>Whether anything of the project may still change at all (follow-up updates, files, notes).</summary>
    public static bool Open(string stage) => stage != Stages.Closed;
}

/// <summary>What a project has, as far as its next stage is concerned (one statement reads it, under the project's lock).</summary>
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
    bool ConclusionsReviewed,
    // The later stages (Art. 24, 29-33).
    bool FinalizedVersion,
    bool VersionReturned,
    bool ReviewOpen,
    string? ReviewOutcome,
    int ChangesAsked,
    int ChangesOpen,
    bool DecisionRecorded,
    int UnfinishedActions)
{
    /// <summary>For the rules' tests and callers that only know the early stages.</summary>
    public static StageFacts Early(string stage, string procedure) => new(stage, procedure, false, false, 0, false, false, 0, 0, 0,
        false, false, false, false, false, false, false, null, 0, 0, false, 0);
}

/// <summary>
/// The preconditions of advancing (the conditions of the "advance" transitions), stated as what is missing (keys of
/// Texts.resx under "Stage.Missing."), so the page can say in words why a project cannot move on.
/// </summary>
public static class StageRules
{
    public static IReadOnlyList<string> MissingForNext(StageFacts f) =>
        Transitions.Find(Acts.Advance, f.Stage) is { } t ? t.Missing(f) : ["Stage.Missing.Last"];
}
