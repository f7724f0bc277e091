using Dapper;
using Evaluation.Admin.Pages.Opinions;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Opinions;

public class MinutesTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Minutes =
        """
        张三：建议把办理时限从二十天缩短到十天。

        任丘市某某建材有限公司代表：希望公开评估的标准和打分方法。

        与会群众普遍认为，听证会应当提前十五天公告。
        """;

    [Fact]
    public void Minutes_split_at_blank_lines_and_a_short_name_before_a_colon_is_the_speaker()
    {
        var statements = MinutesModel.Split(Minutes);
        Assert.Equal(
        [
            new MinutesModel.Statement("张三", "建议把办理时限从二十天缩短到十天。"),
            new MinutesModel.Statement("任丘市某某建材有限公司代表", "希望公开评估的标准和打分方法。"),
            new MinutesModel.Statement(null, "与会群众普遍认为，听证会应当提前十五天公告。"),
        ], statements);
    }

    [Fact]
    public async Task A_hearings_minutes_are_previewed_then_stored_as_one_opinion_each_with_its_own_receipt()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        var url = $"/Opinions/Minutes?consultationId={consultation}";
        var fields = new Dictionary<string, string?>
        {
            ["Input.Channel"] = "hearing", ["Input.MeetingTitle"] = "《办法》实施情况听证会", ["Input.Minutes"] = Minutes,
        };

        var empty = await client.GetHtmlAsync(url);
        var page = await (await client.ClickAsync(empty, "#preview", url, fields)).ReadHtmlAsync();
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(3, page.QuerySelectorAll("#statements tbody tr").Length);
        Assert.Contains("任丘市某某建材有限公司代表", page.Text("#statements"));

        var response = await client.PostFormAsync((AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#minutes-form")!, url, new Dictionary<string, string?>());
        Assert.Equal("/Opinions", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("已从会议记录录入 3 条意见", (await response.ReadHtmlAsync()).Text("#flash"));

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(string Channel, string? Name, string Receipt, string Meeting)>(
            """
            select o.channel, o.name, o.receipt_number, s.meeting_title from opinion o join opinion_source s on s.opinion_id = o.id
            where o.consultation_id = @consultation order by o.id
            """, new { consultation })).ToList();
        Assert.Equal(3, rows.Select(r => r.Receipt).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(("hearing", "《办法》实施情况听证会"), (r.Channel, r.Meeting)));
        Assert.Equal(["张三", "任丘市某某建材有限公司代表", null], rows.Select(r => sites.PersonalData.Unprotect(r.Name)));
        Assert.Equal(3, await conn.ExecuteScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));

        // The same minutes again: warned, nothing stored.
        page = await (await client.SubmitAsync(url, fields, "#minutes-form")).ReadHtmlAsync();
        Assert.NotNull(page.QuerySelector("#duplicate-warning"));
        Assert.Equal(3L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task Clicking_preview_then_record_all_stores_the_opinions_and_the_list_shows_them()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        var url = $"/Opinions/Minutes?consultationId={consultation}";
        var fields = new Dictionary<string, string?> { ["Input.MeetingTitle"] = "座谈会", ["Input.Minutes"] = Minutes };

        // As the browser does it: each button posts where the page sends it, from the URL the page was shown at.
        var empty = await client.GetHtmlAsync(url);
        Assert.Equal("发言人身份", empty.Text("label[for=Input_RespondentType]"));
        var previewResponse = await client.ClickAsync(empty, "#preview", url, fields);
        var shownAt = previewResponse.RequestMessage!.RequestUri!.PathAndQuery;
        var preview = await previewResponse.ReadHtmlAsync();
        Assert.Equal(3, preview.QuerySelectorAll("#statements tbody tr").Length);

        var stored = await client.ClickAsync(preview, "#record", shownAt);
        Assert.Equal("/Opinions", stored.RequestMessage!.RequestUri!.AbsolutePath);
        var list = await stored.ReadHtmlAsync();
        Assert.Contains("已从会议记录录入 3 条意见", list.Text("#flash"));
        Assert.DoesNotContain("共 0 条", list.Body!.TextContent);
        Assert.Equal(3L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task One_bad_paragraph_stores_none_and_says_which()
    {
        var (client, _) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        var url = $"/Opinions/Minutes?consultationId={consultation}";
        var page = await (await client.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Input.MeetingTitle"] = "座谈会", ["Input.Minutes"] = "李四：好。\n\n" + new string('长', 5001),
        }, "#minutes-form")).ReadHtmlAsync();
        Assert.Contains("第 2 段", page.Text("[data-valmsg-for='Input.Minutes']"));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }
}
