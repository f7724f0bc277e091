using Dapper;
using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Results;

/// <summary>Art. 7, 31-33: the public follow-up status shows the organizer's decisions only: an action reported done but
/// not yet accepted, or asked to be cancelled, is still 落实中; accepted it is 已完成.</summary>
public class FollowUpAcceptanceTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_reported_action_stays_in_progress_publicly_until_the_organizer_accepts_it()
    {
        var published = await sites.PublishedAsync();
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var ids = (await conn.QueryAsync<long>(
            """
            insert into follow_up_action (project_id, what, department_id, due_on, status, cancel_reason, created_by, created_at)
            select @Project, w, (select id from department where name = '任丘市司法局'), date '2099-06-30', s, r, (select min(id) from staff_user), now()
            from (values ('修改第五条收费标准', 'reported', null), ('制定配套细则', 'cancel_requested', '并入办法')) as v(w, s, r)
            returning id
            """, new { published.Setup.Project })).ToList();

        var rows = (await sites.Portal.Browser().GetHtmlAsync($"/Results/{published.Setup.Project}")).QuerySelectorAll("#follow-up-list tbody tr").ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(Texts.Get("FollowUp.in_progress"), r.QuerySelector(".follow-up-status")!.TextContent.Trim()));
        Assert.DoesNotContain(Texts.Get("FollowUp.reported"), rows[0].TextContent);

        await conn.ExecuteAsync("update follow_up_action set status = 'done', finished_at = now(), decided_by = created_by where id = @id", new { id = ids[0] });
        rows = (await sites.Portal.Browser().GetHtmlAsync($"/Results/{published.Setup.Project}")).QuerySelectorAll("#follow-up-list tbody tr").ToList();
        Assert.Equal(Texts.Get("FollowUp.done"), rows.Single(r => r.TextContent.Contains("修改第五条收费标准")).QuerySelector(".follow-up-status")!.TextContent.Trim());
    }
}
