using Evaluation.Admin.Pages.Results;
using Evaluation.Shared.Staff;

namespace Evaluation.Tests.Admin.Results;

/// <summary>Who may approve and withdraw public results (Art. 7, 30), as rules apart from the pages.</summary>
public class PublicationRulesTests
{
    private const long Office = 1, Bureau = 2;

    private static PublicationRules.Facts Facts(string role = StaffRoles.Organizer, long? department = Office, long staff = 10,
        long decisionDepartment = Bureau, long preparedBy = 20, int unconfirmed = 0) =>
        new(role, department, staff, decisionDepartment, preparedBy, unconfirmed);

    [Fact]
    public void An_organizer_outside_the_decisions_department_approves_a_fully_confirmed_draft_someone_else_prepared() =>
        Assert.Null(PublicationRules.ApprovalRefusal(Facts()));

    [Theory]
    [InlineData(StaffRoles.EvaluationStaff)]
    [InlineData(StaffRoles.Administrator)]
    [InlineData(StaffRoles.LegalReviewer)]
    public void Only_the_organizer_approves(string role) =>
        Assert.Equal("Results.Refused.ApproveRole", PublicationRules.ApprovalRefusal(Facts(role: role)));

    [Fact]
    public void The_decisions_own_department_never_approves_even_as_organizer() =>
        Assert.Equal("Results.Refused.OwnDepartment", PublicationRules.ApprovalRefusal(Facts(decisionDepartment: Office)));

    [Fact]
    public void Nobody_approves_the_draft_they_prepared() =>
        Assert.Equal("Results.Refused.OwnDraft", PublicationRules.ApprovalRefusal(Facts(preparedBy: 10)));

    [Fact]
    public void An_unconfirmed_text_blocks_approval() =>
        Assert.Equal("Results.Refused.Unconfirmed", PublicationRules.ApprovalRefusal(Facts(unconfirmed: 1)));

    [Fact]
    public void Withdrawal_is_the_organizers_outside_the_decisions_department()
    {
        Assert.Null(PublicationRules.WithdrawalRefusal(StaffRoles.Organizer, Office, Bureau));
        Assert.Equal("Results.Refused.WithdrawRole", PublicationRules.WithdrawalRefusal(StaffRoles.EvaluationStaff, Bureau, Office));
        Assert.Equal("Results.Refused.OwnDepartment", PublicationRules.WithdrawalRefusal(StaffRoles.Organizer, Office, Office));
    }
}
