using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Decisions;

/// <summary>决策库: the decisions in force, searchable and filtered.</summary>
public class IndexTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_register_lists_decisions_in_force_and_finds_them_by_words_of_the_title()
    {
        var inForce = await sites.DataSource.DecisionAsync("城区养犬管理规定");
        var other = await sites.DataSource.DecisionAsync("城区占道经营管理办法");
        var expired = await sites.DataSource.DecisionAsync("已失效的养犬规定");
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
            await conn.ExecuteAsync("update decision set valid_until = date '2024-12-31' where id = @expired", new { expired });

        var all = await sites.Portal.Browser().GetHtmlAsync("/Decisions");
        var listed = all.Text("#decisions");
        Assert.Contains("城区养犬管理规定", listed);
        Assert.Contains("城区占道经营管理办法", listed);
        Assert.DoesNotContain("已失效的养犬规定", listed);

        var found = await sites.Portal.Browser().GetHtmlAsync("/Decisions?Q=" + Uri.EscapeDataString("养犬 城区"));
        Assert.Contains("城区养犬管理规定", found.Text("#decisions"));
        Assert.DoesNotContain("占道", found.Text("#decisions"));
        Assert.NotNull(found.QuerySelector($"#decisions a[href='/Decisions/{inForce}']"));
        Assert.Null(found.QuerySelector($"#decisions a[href='/Decisions/{other}']"));

        var none = await sites.Portal.Browser().GetHtmlAsync("/Decisions?Kind=other_matter&Q=" + Uri.EscapeDataString("养犬"));
        Assert.NotNull(none.QuerySelector("#no-decisions"));
    }
}
