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
}
