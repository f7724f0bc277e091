using System.Net;
using System.Text.Json;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Results;

/// <summary>Publishing a decided project's results (Art. 7, 30): a draft previewed as the Portal shows it, every opinion text
/// confirmed by a person, the organizer's approval, withdrawal with a reason; republishing makes the next version.</summary>
public class PublishTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Publishing_is_refused_before_the_executive_decision()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();

        var page = await client.GetHtmlAsync($"/Results/Publish/{setup.Project}");
        Assert.Equal(Texts.Get("Results.NotDecided"), page.Text("#not-decided"));
        Assert.Null(page.QuerySelector("main form[method=post]"));

        var refused = await (await client.PostWithTokenAsync($"/Results/Publish/{setup.Project}?handler=Prepare")).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Results.NotDecided"), refused.Text(".validation-summary-errors"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from results_draft where project_id = @Project", setup));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from results_publication where project_id = @Project", setup));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action in ('prepare_results', 'publish_results') and entity_id = @id", new { id = setup.Project.ToString() }));
    }

    [Fact]
    public async Task A_decided_project_is_published_and_republishing_supersedes_the_previous_version()
    {
        var published = await sites.PublishedAsync();
        var project = published.Setup.Project;

        var snapshot = JsonDocument.Parse(await sites.DataSource.ScalarAsync<string>(
            "select snapshot::text from results_publication where project_id = @project and version = 1", new { project })).RootElement;
        Assert.Equal("amend", snapshot.GetProperty("meeting").GetProperty("outcome").GetString());
        Assert.Equal("市政府第12次常务会议", snapshot.GetProperty("meeting").GetProperty("reference").GetString());
        Assert.Equal("公共停车管理办法", snapshot.GetProperty("decision").GetProperty("title").GetString());
        Assert.Equal("评估认为办法总体可行，建议修改收费条款。", snapshot.GetProperty("report").GetProperty("conclusions").GetString());
        Assert.Equal(12, snapshot.GetProperty("work").GetProperty("methods")[0].GetProperty("participantCount").GetInt32());
        var theme = Assert.Single(snapshot.GetProperty("themes").EnumerateArray());
        var opinion = Assert.Single(theme.GetProperty("opinions").EnumerateArray());
        Assert.Equal("partly_adopted", opinion.GetProperty("disposition").GetString());
        Assert.Equal(["公开座谈会纪要.pdf"], snapshot.GetProperty("attachments").EnumerateArray().Select(a => a.GetProperty("fileName").GetString()));

        await sites.PublishThroughApprovalAsync(published.Staff, project, 2);
        Assert.Equal("1:true 2:false", await sites.DataSource.ScalarAsync<string>(
            "select string_agg(version || ':' || (superseded_at is not null), ' ' order by version) from results_publication where project_id = @project",
            new { project }));
        Assert.Equal(2L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'publish_results' and entity_id = @id", new { id = project.ToString() }));
    }

    [Fact]
    public async Task Staff_of_another_department_get_not_found_and_publish_nothing()
    {
        var (other, _, _) = await sites.StaffOfAsync("任丘市教育局");
        var (_, _, staffId) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        await sites.DecideAsync(setup.Project, staffId);

        var (staff, _, _) = await sites.StaffOfAsync("任丘市司法局");
        await staff.SubmitAsync($"/Results/Publish/{setup.Project}", new Dictionary<string, string?>(), "#prepare-form");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Results/Publish/{setup.Project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Results/Preview/{setup.Project}")).StatusCode);
        foreach (var handler in new[] { "Prepare", "Confirm", "Approve", "Withdraw" })
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostWithTokenAsync($"/Results/Publish/{setup.Project}?handler={handler}",
                new() { ["Positions"] = "1", ["Reason"] = "别人的项目撤回理由" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/Results/Publish/{setup.Project + 100000}")).StatusCode);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>("select count(*) from results_draft where project_id = @Project", setup));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from results_publication where project_id = @Project", setup));
    }

    [Fact]
    public async Task The_snapshot_holds_the_findings_per_standard_with_small_groups_suppressed_and_regions_named()
    {
        var (client, _, staffId) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var questionnaire = await sites.PublishedQuestionnaireAsync(ResponseData.LegalityItem(), consultationId: setup.Consultation);
        await sites.DataSource.AddResponsesAsync(questionnaire,
            Enumerable.Repeat(("citizen", "chuan", new Dictionary<string, int> { ["q1"] = 4 }), 6)
                .Concat(Enumerable.Repeat(("enterprise", "qingta", new Dictionary<string, int> { ["q1"] = 1 }), 2)));
        await sites.DecideAsync(setup.Project, staffId);

        await sites.PublishThroughApprovalAsync(client, setup.Project, 1);

        var snapshot = JsonDocument.Parse(await sites.DataSource.ScalarAsync<string>(
            "select snapshot::text from results_publication where project_id = @Project", setup)).RootElement;
        var legality = snapshot.GetProperty("findings").EnumerateArray().Single(c => c.GetProperty("criterion").GetString() == "legality");
        var item = Assert.Single(legality.GetProperty("items").EnumerateArray());
        Assert.Equal(8, item.GetProperty("summary").GetProperty("n").GetInt32());
        var byType = item.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("dimension").GetString() == "respondent_type");
        var enterprise = byType.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("group").GetString() == "enterprise");
        Assert.True(enterprise.GetProperty("suppressed").GetBoolean());
        Assert.Equal(0, enterprise.GetProperty("summary").GetProperty("n").GetInt32());
        var citizen = byType.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("group").GetString() == "citizen");
        Assert.Equal(6, citizen.GetProperty("summary").GetProperty("n").GetInt32());
        var byRegion = item.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("dimension").GetString() == "region");
        Assert.Equal(["出岸镇", "青塔乡"], byRegion.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("group").GetString()).Order());
        Assert.Equal(8, snapshot.GetProperty("work").GetProperty("questionnaires")[0].GetProperty("submitted").GetInt32());

        var page = await sites.Portal.Browser().GetHtmlAsync($"/Results/{setup.Project}");
        Assert.Contains(Texts.Get("Findings.Suppressed", 5), page.Text("#findings ~ table tr.suppressed, tr.suppressed"));
    }
}
