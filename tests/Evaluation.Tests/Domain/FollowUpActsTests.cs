using Evaluation.Admin.Pages.FollowUps;
using Evaluation.Shared.Results;

namespace Evaluation.Tests.Domain;

/// <summary>Art. 31-33: the follow-up action's acts: only the organizer's acts settle an action, the department's acts
/// start only from open or in progress, and nothing leaves a settled action.</summary>
public class FollowUpActsTests
{
    [Fact]
    public void Only_the_organizer_makes_an_action_done_or_cancelled()
    {
        Assert.All(FollowUpActs.All.Where(a => a.To is FollowUpStatuses.Done or FollowUpStatuses.Cancelled),
            a => Assert.Equal(FollowUpParty.Organizer, a.Party));
        Assert.Equal([FollowUpActs.Accept, FollowUpActs.ApproveCancel],
            FollowUpActs.All.Where(a => a.To is FollowUpStatuses.Done or FollowUpStatuses.Cancelled).Select(a => a.Code));
    }

    [Theory]
    [InlineData("done")]
    [InlineData("cancelled")]
    public void Nothing_leaves_a_settled_action(string status)
    {
        Assert.Empty(FollowUpActs.Open(status, FollowUpParty.Department));
        Assert.Empty(FollowUpActs.Open(status, FollowUpParty.Organizer));
    }

    [Fact]
    public void A_report_awaits_the_organizer_who_accepts_or_returns_it_and_the_department_cannot_act_meanwhile()
    {
        Assert.Empty(FollowUpActs.Open(FollowUpStatuses.Reported, FollowUpParty.Department));
        Assert.Equal([FollowUpActs.Accept, FollowUpActs.Return], FollowUpActs.Open(FollowUpStatuses.Reported, FollowUpParty.Organizer).Select(a => a.Code));
        Assert.Equal([FollowUpActs.ApproveCancel, FollowUpActs.RefuseCancel],
            FollowUpActs.Open(FollowUpStatuses.CancelRequested, FollowUpParty.Organizer).Select(a => a.Code));
        Assert.Equal([FollowUpActs.Progress, FollowUpActs.Report, FollowUpActs.RequestCancel],
            FollowUpActs.Open(FollowUpStatuses.Open, FollowUpParty.Department).Select(a => a.Code));
        Assert.Empty(FollowUpActs.Open(FollowUpStatuses.Open, FollowUpParty.Organizer));
    }

    [Theory]
    [InlineData("reported", "in_progress")]
    [InlineData("cancel_requested", "in_progress")]
    [InlineData("done", "done")]
    [InlineData("open", "open")]
    public void The_public_sees_only_the_organizers_decisions(string status, string shown) =>
        Assert.Equal(shown, FollowUpStatuses.Public(status));
}
