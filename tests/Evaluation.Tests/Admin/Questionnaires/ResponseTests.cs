using Evaluation.Shared.Questionnaires;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class ResponseTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Excluding_a_response_needs_a_reason_changes_the_figures_and_is_listed()
    {
        var (consultation, responses) = await sites.ConsultationWithAnswersAsync(5, 1);
        var (staff, userName) = await sites.SignedInAsync("evaluation_staff");
        var before = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");
        Assert.Contains("50.0%", before.Text("#conclusion-legality"));

        var empty = await (await staff.SubmitAsync($"/Questionnaires/Response/{responses[1]}", new Dictionary<string, string?> { ["Reason"] = " " },
            "form[action*='handler=Exclude']")).ReadHtmlAsync();
        Assert.Contains(Texts.Start("Findings.ReasonRequired"), empty.Text("#Reason-error"));

        await staff.SubmitAsync($"/Questionnaires/Response/{responses[1]}", new Dictionary<string, string?> { ["Reason"] = "内部测试数据" },
            "form[action*='handler=Exclude']");
        var after = await staff.GetHtmlAsync($"/Findings/consultation/{consultation}");
        Assert.Contains("0.0%", after.Text("#conclusion-legality"));
        var listed = after.Text("#exclusion-list");
        Assert.Contains("内部测试数据", listed);
        Assert.Contains(userName, listed);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'exclude' and entity = 'response' and entity_id = @id", new { id = responses[1].ToString() }));

        // Lifted, the response counts again; the history stays.
        await staff.SubmitAsync($"/Questionnaires/Response/{responses[1]}", new Dictionary<string, string?>(), "form[action*='handler=Lift']");
        Assert.Contains("50.0%", (await staff.GetHtmlAsync($"/Findings/consultation/{consultation}")).Text("#conclusion-legality"));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from analysis_exclusion where response_id = @id", new { id = responses[1] }));
    }

    [Fact]
    public async Task A_squatted_enterprise_response_is_voided_with_a_reason_and_the_enterprise_answers_itself()
    {
        // Someone answers first in the name of enterprise 914403001922038216 (credit codes are public).
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Audiences.Enterprise);
        var squatter = sites.Portal.Browser();
        var start = await squatter.SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise("914403001922038216"), "form[action*='handler=Start']");
        await squatter.SubmitOnePageAsync(start.RequestMessage!.RequestUri!.PathAndQuery, "1", "冒名填写");
        var fake = await sites.DataSource.ScalarAsync<long>("select id from response where questionnaire_id = @id", new { id });
        var turnedAway = await (await sites.Portal.Browser().SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise("914403001922038216"),
            "form[action*='handler=Start']")).ReadHtmlAsync();
        Assert.NotNull(turnedAway.QuerySelector("#already-answered"));

        var (staff, _) = await sites.SignedInAsync("evaluation_staff");
        var noReason = await (await staff.SubmitAsync($"/Questionnaires/Response/{fake}", new Dictionary<string, string?> { ["VoidReason"] = "" },
            "form[action*='handler=Void']")).ReadHtmlAsync();
        Assert.Contains(Texts.Start("Response.Void.ReasonRequired"), noReason.Text("#VoidReason-error"));
        Assert.True(await sites.DataSource.ScalarAsync<bool>("select voided_at is null from response where id = @fake", new { fake }));

        var voided = await (await staff.SubmitAsync($"/Questionnaires/Response/{fake}", new Dictionary<string, string?> { ["VoidReason"] = "企业来函否认填写" },
            "form[action*='handler=Void']")).ReadHtmlAsync();
        Assert.Contains("企业来函否认填写", voided.Text("#voided"));
        Assert.Contains("企业来函否认填写", await sites.DataSource.ScalarAsync<string>(
            "select reason from analysis_exclusion where response_id = @fake and lifted_at is null", new { fake }));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'void_response' and entity_id = @id", new { id = fake.ToString() }));

        // The enterprise itself now answers; the voided row stays as evidence.
        var owner = sites.Portal.Browser();
        var own = await owner.SubmitAsync($"/Questionnaires/{id}", PortalSteps.Enterprise("914403001922038216"), "form[action*='handler=Start']");
        await owner.SubmitOnePageAsync(own.RequestMessage!.RequestUri!.PathAndQuery, "5", "本企业填写");
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>("select count(*) from response where questionnaire_id = @id", new { id }));
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from response where questionnaire_id = @id and voided_at is null", new { id }));
    }
}
