using System.Net;
using Dapper;
using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Dispositions;

/// <summary>The opinions of a project with their dispositions, filtered, and one disposition for a whole campaign group.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Letter = "强烈要求取消老城区路边停车收费，居民停车本来就难，收费以后更难，请政府认真考虑群众的实际困难";

    [Fact]
    public async Task A_campaign_group_gets_one_disposition_each_member_with_its_own_redacted_text()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var first = await sites.OpinionAsync(setup.Consultation, Letter + "。电话13812345678");
        var second = await sites.OpinionAsync(setup.Consultation, Letter + "！电话13987654321");
        var third = await sites.OpinionAsync(setup.Consultation, Letter + "。");
        var other = await sites.OpinionAsync(setup.Consultation, "建议在医院周边增设临时停车位，方便就医群众，缓解周边道路拥堵。");

        var page = await client.GetHtmlAsync($"/Dispositions/{setup.Project}");
        var option = page.QuerySelectorAll("select[name=campaign] option").Single(o => o.GetAttribute("value") != "");
        Assert.Equal(first.OpinionId.ToString(), option.GetAttribute("value"));

        var response = await client.SubmitAsync($"/Dispositions/{setup.Project}?campaign={first.OpinionId}", new Dictionary<string, string?>
        {
            ["Disposition"] = "not_adopted", ["Reason"] = "路边停车收费用于调节停车需求，将增加老城区停车位供给。",
        });
        Assert.Contains(Texts.Get("Disposition.CampaignSet", 3, Texts.Get("Disposition.not_adopted")), (await response.ReadHtmlAsync()).Body!.TextContent);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(long Id, string Disposition, string Redacted)>(
            """
            select d.opinion_id, d.disposition, d.redacted_body from opinion_disposition d join opinion o on o.id = d.opinion_id
            where o.consultation_id = @Consultation order by d.opinion_id
            """, setup)).ToList();
        Assert.Equal([first.OpinionId, second.OpinionId, third.OpinionId], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal("not_adopted", r.Disposition));
        Assert.Equal(Letter + "。电话***********", rows[0].Redacted);
        Assert.Equal(Letter + "！电话***********", rows[1].Redacted);
        Assert.Equal(Letter + "。", rows[2].Redacted);
        Assert.Equal(3L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'set_disposition' and entity_id::bigint in (select id from opinion where consultation_id = @Consultation)", setup));

        var undisposed = await client.GetHtmlAsync($"/Dispositions/{setup.Project}?status=undisposed");
        Assert.Equal([other.OpinionId.ToString()], undisposed.QuerySelectorAll("tr[data-opinion]").Select(r => r.GetAttribute("data-opinion")));
        var notAdopted = await client.GetHtmlAsync($"/Dispositions/{setup.Project}?status=not_adopted");
        Assert.Equal(3, notAdopted.QuerySelectorAll("tr[data-opinion]").Length);
    }

    [Fact]
    public async Task The_criterion_filter_shows_the_opinions_coded_with_it()
    {
        var (client, _, id) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var coded = await sites.OpinionAsync(setup.Consultation, "收费标准和上位法不一致");
        await sites.OpinionAsync(setup.Consultation, "停车位太少");
        await sites.DataSource.ScalarAsync<long>(
            "insert into opinion_coding (opinion_id, criterion, coded_by, coded_at) values (@o, 'legality', @id, now()) returning opinion_id",
            new { o = coded.OpinionId, id });

        var page = await client.GetHtmlAsync($"/Dispositions/{setup.Project}?criterion=legality");
        Assert.Equal([coded.OpinionId.ToString()], page.QuerySelectorAll("tr[data-opinion]").Select(r => r.GetAttribute("data-opinion")));
    }

    [Fact]
    public async Task A_campaign_disposition_without_a_reason_is_refused_and_nothing_is_stored()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var first = await sites.OpinionAsync(setup.Consultation, Letter + "一");
        await sites.OpinionAsync(setup.Consultation, Letter + "二");

        var page = await (await client.SubmitAsync($"/Dispositions/{setup.Project}?campaign={first.OpinionId}",
            new Dictionary<string, string?> { ["Disposition"] = "noted", ["Reason"] = " " })).ReadHtmlAsync();
        Assert.Contains(Texts.Get("Disposition.ReasonRequired"), page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from opinion_disposition d join opinion o on o.id = d.opinion_id where o.consultation_id = @Consultation", setup));
    }

    [Fact]
    public async Task A_campaign_disposition_by_another_department_is_not_found_and_changes_nothing()
    {
        var (other, _, _) = await sites.StaffOfAsync("任丘市教育局");
        var setup = await sites.ProjectWithConsultationAsync();
        var first = await sites.OpinionAsync(setup.Consultation, Letter + "一");
        await sites.OpinionAsync(setup.Consultation, Letter + "二");

        var post = await other.PostWithTokenAsync($"/Dispositions/{setup.Project}?handler=Campaign", new Dictionary<string, string>
        {
            ["Campaign"] = first.OpinionId.ToString(), ["Disposition"] = "noted", ["Reason"] = "已记录",
        });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from opinion_disposition d join opinion o on o.id = d.opinion_id where o.consultation_id = @Consultation", setup));
    }

    [Fact]
    public async Task A_text_masked_by_hand_keeps_its_masking_when_its_campaign_group_is_disposed()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var first = await sites.OpinionAsync(setup.Consultation, Letter + "。老王");
        await sites.OpinionAsync(setup.Consultation, Letter + "。老李");
        await client.SubmitAsync($"/Dispositions/Edit/{setup.Project}/{first.OpinionId}", new Dictionary<string, string?>
        {
            ["Disposition"] = "noted", ["Reason"] = "已记录", ["RedactedBody"] = Letter + "。**",
        });

        await client.SubmitAsync($"/Dispositions/{setup.Project}?campaign={first.OpinionId}", new Dictionary<string, string?>
        {
            ["Disposition"] = "not_adopted", ["Reason"] = "收费用于调节停车需求。",
        });

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Disposition, string Redacted)>(
            """
            select d.disposition, d.redacted_body from opinion_disposition d join opinion o on o.id = d.opinion_id
            where o.consultation_id = @Consultation order by d.opinion_id
            """, setup)).ToList();
        Assert.Equal([("not_adopted", Letter + "。**"), ("not_adopted", Letter + "。老李")], rows);
    }
}
