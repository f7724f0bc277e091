using System.Net;
using Dapper;
using Evaluation.Shared.Web;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Consultations;

public class CreateTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_consultation_is_created_as_a_draft_that_the_portal_does_not_show_and_the_creation_is_audited()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var decision = await sites.DataSource.DecisionAsync();
        var created = await client.SubmitAsync($"/Consultations/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "新的征求意见",
            ["Input.DescriptionMd"] = "说明",
            ["Input.OpensAt"] = Display.InputValue(sites.Now.AddHours(-1)),
            ["Input.ClosesAt"] = Display.InputValue(sites.Now.AddDays(30)),
        });
        var detailsUrl = created.RequestMessage!.RequestUri!.AbsolutePath;
        Assert.StartsWith("/Consultations/Details/", detailsUrl);
        var id = long.Parse(detailsUrl.Split('/')[^1]);
        Assert.Equal("draft", await sites.DataSource.ScalarAsync<string>("select state from consultation where id = @id", new { id }));
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Consultations/{id}")).StatusCode);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var actions = (await conn.QueryAsync<string>(
            "select action from audit_log where entity = 'consultation' and entity_id = @id::text order by id", new { id })).ToList();
        Assert.Equal(["create"], actions);
    }

    [Fact]
    public async Task A_window_that_ends_before_it_begins_is_refused()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var decision = await sites.DataSource.DecisionAsync();
        var page = await (await client.SubmitAsync($"/Consultations/Create?decisionId={decision}", new Dictionary<string, string?>
        {
            ["Input.Title"] = "倒置的时间",
            ["Input.OpensAt"] = "2026-05-02T09:00",
            ["Input.ClosesAt"] = "2026-05-01T09:00",
        })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Consultation.ClosesBeforeOpens"), string.Join("|", page.QuerySelectorAll(".field-error").Select(e => e.TextContent)));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from consultation where title = '倒置的时间'"));
    }
}
