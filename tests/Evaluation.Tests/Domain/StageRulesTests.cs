using System.Security.Claims;
using Evaluation.Shared.Plans;
using Evaluation.Shared.Projects;
using Evaluation.Shared.Results;
using Evaluation.Shared.Staff;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Domain;

/// <summary>The stage machine's rules (Art. 17-33) on their own: the table of transitions, its preconditions, who may
/// take each act, the edit locks and the order of the later stages' dates. No database.</summary>
public class StageRulesTests
{
    /// <summary>A project that has everything every transition asks for, in the given stage.</summary>
    private static StageFacts Ready(string stage) => new(stage, EvaluationProcedures.Standard, HasInstitution: false, InstitutionApproved: false,
        TeamMembers: 2, PlanComplete: true, HasSurveyOutline: true, LinkedConsultations: 1, PublishedQuestionnaires: 1, Symposia: 1,
        BeforeRecorded: true, AfterRecorded: true, ConclusionsGenerated: true, ConclusionsReviewed: true, FinalizedVersion: true,
        VersionReturned: false, ReviewOpen: true, ReviewOutcome: LegalityOutcomes.Passed, ChangesAsked: 0, ChangesOpen: 0,
        DecisionRecorded: false, UnfinishedActions: 0);

    private static ClaimsPrincipal As(string role) => new(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test"));

    [Fact]
    public void The_table_leads_from_preparation_to_closed_and_every_stage_but_closed_has_a_way_on()
    {
        Assert.All(Transitions.All, t =>
        {
            Assert.Contains(t.From, Stages.All);
            Assert.Contains(t.To, Stages.All);
            Assert.NotEqual(t.From, t.To);
        });
        Assert.All(Stages.All.Where(s => s != Stages.Closed), s => Assert.NotEmpty(Transitions.From(s)));
        Assert.Empty(Transitions.From(Stages.Closed));
        // One transition per act and stage: a page finds its move without ambiguity.
        Assert.Equal(Transitions.All.Count, Transitions.All.Select(t => (t.Act, t.From)).Distinct().Count());
        Assert.Equal(Stages.Implementation, Stages.Next(Stages.Preparation));
        Assert.Equal(Stages.Conclusion, Stages.Next(Stages.Implementation));
        Assert.Null(Stages.Next(Stages.Conclusion));
        Assert.Equal((Stages.LegalityReview, Stages.Conclusion), (Transitions.Of(Acts.Return).From, Transitions.Of(Acts.Return).To));
    }

    [Fact]
    public void Every_precondition_and_every_party_is_stated_in_Chinese()
    {
        foreach (var t in Transitions.All)
        {
            Assert.NotEmpty(Resx.Get(t.Who));
            Assert.NotEmpty(Resx.Get($"Act.{t.Act}"));
            Assert.NotEmpty(Resx.Get($"Audit.Action.{t.Audit}"));
            Assert.All(t.Conditions, c => Assert.NotEmpty(Resx.Get(c.Key)));
        }
        Assert.NotEmpty(Resx.Get("Stage.Missing.WrongStage"));
        Assert.All(Stages.All, s => Assert.NotEmpty(Resx.Get($"Stage.{s}")));
    }

    [Fact]
    public void A_project_with_everything_may_take_each_act_from_its_own_stage_only()
    {
        foreach (var t in Transitions.All)
        {
            var facts = Ready(t.From) with
            {
                ReviewOpen = t.Act is Acts.Pass or Acts.Return,
                ReviewOutcome = t.Act == Acts.Revise ? LegalityOutcomes.PassedWithChanges : LegalityOutcomes.Passed,
                ChangesAsked = t.Act == Acts.Revise ? 2 : 0,
            };
            Assert.Empty(t.Missing(facts));
            Assert.Equal(["Stage.Missing.WrongStage"], t.Missing(facts with { Stage = t.To }));
        }
    }

    [Fact]
    public void Advancing_from_preparation_says_what_the_plan_team_and_procedure_lack()
    {
        var empty = StageFacts.Early(Stages.Preparation, EvaluationProcedures.Standard);
        Assert.Equal(["Stage.Missing.Team", "Stage.Missing.Plan", "Stage.Missing.SurveyOutline", "Stage.Missing.Instrument"],
            StageRules.MissingForNext(empty));
        // Art. 23: the simplified procedure needs no outline, but a symposium, a questionnaire or a solicitation.
        Assert.Equal(["Stage.Missing.Team", "Stage.Missing.Plan", "Stage.Missing.SimplifiedMethod"],
            StageRules.MissingForNext(empty with { Procedure = EvaluationProcedures.Simplified }));
        Assert.Equal(["Stage.Missing.InstitutionApproval"],
            StageRules.MissingForNext(Ready(Stages.Preparation) with { HasInstitution = true, InstitutionApproved = false }));
        // Art. 19(3): generated but not reviewed names the review only.
        Assert.Equal(["Stage.Missing.ConclusionsReview"],
            StageRules.MissingForNext(Ready(Stages.Implementation) with { ConclusionsReviewed = false }));
        Assert.Equal(["Stage.Missing.Last"], StageRules.MissingForNext(Ready(Stages.Conclusion)));
    }

    [Fact]
    public void A_returned_version_is_not_sent_again_and_a_pass_with_changes_reaches_deliberation_only_once_every_change_is_answered()
    {
        var send = Transitions.Of(Acts.Send);
        Assert.Equal(["Review.Send.NoFinalizedVersion"], send.Missing(Ready(Stages.Conclusion) with { FinalizedVersion = false }));
        Assert.Equal(["Review.Send.VersionReturned"], send.Missing(Ready(Stages.Conclusion) with { VersionReturned = true }));

        var revise = Transitions.Of(Acts.Revise);
        Assert.Equal((Stages.LegalityReview, Stages.Deliberation), (revise.From, revise.To));
        var asked = Ready(Stages.LegalityReview) with { ReviewOpen = false, ReviewOutcome = LegalityOutcomes.PassedWithChanges, ChangesAsked = 2, ChangesOpen = 1 };
        Assert.Equal(["Stage.Missing.ChangesOpen"], revise.Missing(asked));
        Assert.Empty(revise.Missing(asked with { ChangesOpen = 0 }));
        Assert.Equal(["Stage.Missing.ChangesAsked"], revise.Missing(asked with { ReviewOutcome = LegalityOutcomes.Passed, ChangesAsked = 0, ChangesOpen = 0 }));

        // The reviewer's opinion needs an open review; a decided one takes no second.
        Assert.Equal(["Review.AlreadyDecided"], Transitions.Of(Acts.Pass).Missing(Ready(Stages.LegalityReview) with { ReviewOpen = false }));
    }

    [Fact]
    public void The_decision_needs_a_passed_review_without_open_changes_and_closing_needs_every_action_finished()
    {
        var decide = Transitions.Of(Acts.Decide);
        Assert.Equal(["Stage.Missing.ReviewPassed"], decide.Missing(Ready(Stages.Deliberation) with { ReviewOutcome = LegalityOutcomes.Returned }));
        Assert.Equal(["Stage.Missing.ChangesOpen"], decide.Missing(Ready(Stages.Deliberation) with
        {
            ReviewOutcome = LegalityOutcomes.PassedWithChanges, ChangesOpen = 1,
        }));
        Assert.Equal(["Stage.Missing.AlreadyDecided"], decide.Missing(Ready(Stages.Deliberation) with { DecisionRecorded = true }));
        Assert.Equal(["Stage.Missing.FollowUps"], Transitions.Of(Acts.Close).Missing(Ready(Stages.FollowUp) with { UnfinishedActions = 1 }));
    }

    [Fact]
    public void Only_the_justice_bureau_gives_the_opinion_and_only_the_city_government_office_records_the_decision()
    {
        foreach (var act in new[] { Acts.Pass, Acts.Return })
        {
            Assert.True(Transitions.Of(act).Allows(As(StaffRoles.LegalReviewer)));
            Assert.False(Transitions.Of(act).Allows(As(StaffRoles.EvaluationStaff)));
            Assert.False(Transitions.Of(act).Allows(As(StaffRoles.Organizer)));
        }
        Assert.True(Transitions.Of(Acts.Decide).Allows(As(StaffRoles.Organizer)));
        Assert.False(Transitions.Of(Acts.Decide).Allows(As(StaffRoles.EvaluationStaff)));
        Assert.False(Transitions.Of(Acts.Decide).Allows(As(StaffRoles.Administrator)));
        // The agency answers the changes; the reviewer does not answer its own changes.
        Assert.True(Transitions.Of(Acts.Revise).Allows(As(StaffRoles.EvaluationStaff)));
        Assert.False(Transitions.Of(Acts.Revise).Allows(As(StaffRoles.LegalReviewer)));
    }

    [Theory]
    [InlineData("preparation", true, true, false, true)]
    [InlineData("implementation", true, true, false, true)]
    [InlineData("conclusion", false, true, true, true)]
    [InlineData("legality_review", false, false, false, true)]
    [InlineData("deliberation", false, false, false, true)]
    [InlineData("follow_up", false, false, false, true)]
    [InlineData("closed", false, false, false, false)]
    public void What_may_still_change_in_each_stage(string stage, bool data, bool team, bool report, bool open)
    {
        Assert.Equal(data, Locks.Data(stage));
        Assert.Equal(team, Locks.Team(stage));
        Assert.Equal(report, Locks.Report(stage, changesAsked: false));
        Assert.Equal(open, Locks.Open(stage));
        // Art. 24: the report changes after the review only to answer a pass with changes.
        Assert.Equal(stage is "conclusion" or "legality_review", Locks.Report(stage, changesAsked: true));
    }

    [Fact]
    public void The_later_dates_are_in_order_finalized_review_meeting_due()
    {
        var today = new DateOnly(2026, 6, 30);
        var finalized = new DateOnly(2026, 5, 10);
        Assert.Null(Dates.Review(finalized, finalized, today));
        Assert.Equal("Dates.Review.BeforeFinalized", Dates.Review(finalized.AddDays(-1), finalized, today));
        Assert.Equal("Dates.Review.Future", Dates.Review(today.AddDays(1), finalized, today));

        var reviewed = new DateOnly(2026, 6, 1);
        Assert.Null(Dates.Meeting(reviewed, reviewed, null, today));
        Assert.Equal(("Dates.Meeting.BeforeReview", reviewed), Dates.Meeting(reviewed.AddDays(-1), reviewed, null, today));
        var revised = new DateOnly(2026, 6, 10);
        Assert.Equal(("Dates.Meeting.BeforeRevision", revised), Dates.Meeting(revised.AddDays(-1), reviewed, revised, today));
        Assert.Equal("Deliberation.MeetingOn.Future", Dates.Meeting(today.AddDays(1), reviewed, null, today)?.Key);

        Assert.True(Dates.DueInOrder(reviewed, reviewed));
        Assert.False(Dates.DueInOrder(reviewed.AddDays(-1), reviewed));
    }

    [Fact]
    public void The_changes_are_one_per_line_without_the_numbering_the_reviewer_typed()
    {
        Assert.Equal(["删去第五条第二款", "补充听证程序", "第三部分注明依据", "明确牵头部门"],
            LegalityChanges.Split("1. 删去第五条第二款\r\n\n二、补充听证程序\n（3）第三部分注明依据\n  明确牵头部门  "));
        Assert.Equal(["一、删去第五条第二款；二、补充听证程序"[2..]], LegalityChanges.Split("一、删去第五条第二款；二、补充听证程序"));
        Assert.Empty(LegalityChanges.Split(null));
        // A year is not a number of the list.
        Assert.Equal(["2026年起施行"], LegalityChanges.Split("2026年起施行"));
    }

    [Theory]
    [InlineData("Deliberation.NotInDeliberation")]
    [InlineData("Deliberation.NotYet")]
    [InlineData("FollowUp.Close.NotInFollowUp")]
    [InlineData("LaterStages.Locked")]
    [InlineData("Report.StageNote")]
    [InlineData("Review.Send.NotInConclusion")]
    [InlineData("Evidence.Locked")]
    [InlineData("Stage.Refused")]
    [InlineData("Stage.Advanced")]
    [InlineData("Review.Revised")]
    public void A_stage_named_in_a_sentence_says_阶段_once(string key)
    {
        foreach (var stage in Stages.All)
        {
            var text = Resx.Get(key, Resx.Get($"Stage.{stage}"), Resx.Get($"Stage.{stage}"));
            Assert.DoesNotContain("阶段”阶段", text);
            Assert.DoesNotContain("阶段阶段", text);
            Assert.DoesNotContain("“形成结论”", text);
        }
        var recorded = Resx.Get("Review.Recorded", Resx.Get("Legality.returned"), Resx.Get("Stage.conclusion"));
        Assert.DoesNotContain("阶段”阶段", recorded);
    }
}
