using System.Text.Json;
using Evaluation.Shared.Chain;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Chain;

/// <summary>证据链: the heads published per day, the current head, the JSON at its stable address, and the lag for staff.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_page_and_the_json_show_the_current_head_and_each_days_head_and_staff_see_the_lag()
    {
        var consultation = await sites.ConsultationAsync();
        await sites.OpinionAsync(consultation, "第一条");
        await sites.OpinionAsync(consultation, "第二条");
        await sites.DataSource.ChainPendingAsync(sites.Now);
        var day = IntakeChain.ChinaDay(sites.Now);
        sites.Clock.Advance(TimeSpan.FromDays(1));
        await sites.DataSource.ChainPendingAsync(sites.Now);
        await sites.OpinionAsync(consultation, "还在等待的意见");
        var head = Convert.ToHexStringLower(await sites.DataSource.ScalarAsync<byte[]>("select hash from intake_chain order by seq desc limit 1"));
        var links = await sites.DataSource.ScalarAsync<long>("select max(seq) from intake_chain");

        var page = await sites.Portal.Browser().GetHtmlAsync("/Chain");
        Assert.Contains(head, page.Text("#current"));
        var row = Assert.Single(page.QuerySelectorAll("#days tbody tr"));
        Assert.Contains(head, row.TextContent);
        Assert.Contains("回执", page.Body!.TextContent);
        Assert.NotNull(page.QuerySelector("footer a[href='/Chain']"));

        var json = JsonDocument.Parse(await sites.Portal.Browser().GetStringAsync("/Chain/heads.json")).RootElement;
        Assert.Equal(head, json.GetProperty("current").GetProperty("head").GetString());
        Assert.Equal(links, json.GetProperty("current").GetProperty("seq").GetInt64());
        var published = json.GetProperty("days")[0];
        Assert.Equal(day.ToString("yyyy-MM-dd"), published.GetProperty("day").GetString());
        Assert.Equal(head, published.GetProperty("head").GetString());
        Assert.Equal(links, published.GetProperty("chained").GetInt64());

        // Staff see on the audit page what waits and how long: the opinion above, taken in at the clock's time.
        sites.Clock.Advance(TimeSpan.FromMinutes(7));
        var (admin, _) = await sites.SignedInAsync("administrator");
        var audit = await admin.GetHtmlAsync("/Audit");
        Assert.Contains($"已写入 {links} 环；待写入 1 条，最早一条已等待 7 分钟", audit.Text("#chain-status"));
    }
}
