using System.Net;
using Evaluation.Tests.Admin.Projects;
using Evaluation.Tests.Admin.Reviews;
using Evaluation.Tests.Infrastructure;
using Resx = Evaluation.Tests.Infrastructure.Texts;

namespace Evaluation.Tests.Admin.Refusals;

/// <summary>Issue 23: a user in scope but without the role is told in Chinese who may do it and what their account
/// lacks; an id out of scope stays 404.</summary>
public class RefusalTests(SitesFixture sites) : IClassFixture<SitesFixture>
{

    private static string Sentence(string who, string act, string role) =>
        Resx.Get("Refusal.Sentence", Resx.Get(who), Resx.Get(act), Resx.Get($"StaffRole.{role}"));

    private static async Task<string> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal("/Account/AccessDenied", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        return (await response.ReadHtmlAsync()).QuerySelector("#refusal")?.TextContent ?? "";
    }

    [Fact]
    public async Task Recording_the_meetings_decision_as_evaluation_staff_says_only_the_city_government_office_may()
    {
        var project = await sites.DataSource.ProjectInDeliberationAsync();
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var denied = await client.PostWithTokenAsync($"/Projects/Decision/{project}", new()
        {
            ["Input.MeetingOn"] = "2026-03-01", ["Input.MeetingReference"] = "市政府第12次常务会议", ["Input.Outcome"] = "amend", ["Input.Details"] = "同意",
        });
        var text = await RefusalAsync(denied);
        Assert.Equal(Sentence("Transition.Who.Organizer", "Act.decide", "evaluation_staff"), text);
        Assert.Contains("只有市政府办公室可以记录常务会议决定", text);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from executive_decision where project_id = @project", new { project }));
    }

    [Fact]
    public async Task Giving_the_legality_opinion_as_evaluation_staff_says_only_the_justice_bureaus_reviewers_may()
    {
        var project = await sites.DataSource.ProjectInStageAsync("legality_review");
        var version = await sites.DataSource.ReportVersionAsync(project, 1, true, new ReviewData.Rec("amend", "第五条与上位法不一致", "任丘市教育局"));
        var review = await sites.DataSource.LegalityReviewAsync(project, version, null);
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var text = await RefusalAsync(await client.PostWithTokenAsync($"/Reviews/Details/{review}", new() { ["Outcome"] = "passed" }));
        Assert.Equal(Sentence("Transition.Who.LegalReviewer", "Refusal.Act.LegalityOpinion", "evaluation_staff"), text);
        Assert.Contains("只有市司法局的合法性审查人员可以出具合法性审查意见", text);
    }

    [Fact]
    public async Task Finalizing_the_report_as_institution_staff_says_only_the_agencys_staff_may_and_another_institution_gets_404()
    {
        const string institution = "河北某法治研究院";
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync(), institution: institution);
        await sites.DataSource.ExecuteAsync(
            "update evaluation_project set stage = 'conclusion', institution_approved_at = now() where id = @project", new { project });
        var (client, me) = await InstitutionStaffAsync(institution);
        await sites.DataSource.MemberAsync(project, me, "leader");

        var text = await RefusalAsync(await client.PostWithTokenAsync($"/Reports/{project}?handler=Finalize&version=1"));
        Assert.Equal(Sentence("Transition.Who.Managers", "Refusal.Act.FinalizeReport", "institution_staff"), text);
        Assert.Contains("可以定稿或审核评估报告", text);

        var (outsider, _) = await InstitutionStaffAsync("另一家评估机构");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostWithTokenAsync($"/Reports/{project}?handler=Finalize&version=1")).StatusCode);
    }

    [Fact]
    public async Task A_refusal_without_a_reason_keeps_the_generic_text_and_forged_keys_are_not_shown()
    {
        var (client, _) = await InstitutionStaffAsync("河北某法治研究院");
        // A refusal reached without a reason (a page outside the role altogether) keeps the generic text.
        var generic = await client.GetAsync("/Departments");
        Assert.Equal("/Account/AccessDenied", generic.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(Resx.Get("AccessDenied.Body"), (await generic.ReadHtmlAsync()).Body!.TextContent);
        // Forged keys are not shown.
        var forged = await (await client.GetAsync("/Account/AccessDenied?who=Login.Title&act=Status.Home")).ReadHtmlAsync();
        Assert.Null(forged.QuerySelector("#refusal"));
    }

    private Task<(HttpClient Client, long Id)> InstitutionStaffAsync(string institution) => sites.InstitutionStaffAsync(institution);
}
