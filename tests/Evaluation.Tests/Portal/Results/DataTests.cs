using System.Net;
using System.Text;
using System.Text.Json;
using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Portal.Results;

/// <summary>The published results as open data at stable addresses: the snapshot as JSON, the dispositions as CSV.</summary>
public class DataTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_json_is_the_snapshot_as_published_with_its_version_and_nothing_confidential()
    {
        var published = await sites.PublishedAsync();
        var project = published.Setup.Project;

        var response = await sites.Portal.Browser().GetAsync($"/Results/{project}/data.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonDocument.Parse(text).RootElement;
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.True(json.TryGetProperty("publishedAt", out _));
        Assert.Equal("amend", json.GetProperty("snapshot").GetProperty("meeting").GetProperty("outcome").GetString());
        Assert.Equal(await sites.DataSource.ScalarAsync<string>(
                "select (snapshot->'themes'->0->'opinions'->0->>'text') from results_publication where project_id = @project", new { project }),
            json.GetProperty("snapshot").GetProperty("themes")[0].GetProperty("opinions")[0].GetProperty("text").GetString());
        await PublicText.AssertNothingConfidentialAsync(sites, published, text);

        await sites.PublishThroughApprovalAsync(published.Staff, project, 2);
        var first = JsonDocument.Parse(await sites.Portal.Browser().GetStringAsync($"/Results/{project}/1/data.json")).RootElement;
        Assert.Equal(1, first.GetProperty("version").GetInt32());
        Assert.Equal(2, first.GetProperty("currentVersion").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, first.GetProperty("supersededAt").ValueKind);
        Assert.Equal(2, JsonDocument.Parse(await sites.Portal.Browser().GetStringAsync($"/Results/{project}/data.json")).RootElement.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task The_csv_lists_the_dispositions_in_utf8_with_a_byte_order_mark_and_nothing_confidential()
    {
        var published = await sites.PublishedAsync();

        var response = await sites.Portal.Browser().GetAsync($"/Results/{published.Setup.Project}/opinions.csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{Texts.Get("Results.Csv.Theme")},{Texts.Get("Results.Csv.Disposition")},{Texts.Get("Results.Csv.Reason")},{Texts.Get("Results.Csv.Text")}", lines[0]);
        Assert.Contains($"{Texts.Get("Disposition.partly_adopted")},免费时长延长至30分钟。,我是新华路居民，身份证******************，电话***********", lines[1]);
        await PublicText.AssertNothingConfidentialAsync(sites, published, text);

        Assert.Equal(HttpStatusCode.OK, (await sites.Portal.Browser().GetAsync($"/Results/{published.Setup.Project}/1/opinions.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync($"/Results/{published.Setup.Project}/9/opinions.csv")).StatusCode);
    }
}
