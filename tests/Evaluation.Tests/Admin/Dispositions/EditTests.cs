using System.Net;
using Evaluation.Tests.Admin.Results;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Dispositions;

/// <summary>One opinion's disposition: a public reason and a text masked automatically, masked more by hand, never rewritten.</summary>
public class EditTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private const string Body = "我住新华路，电话13812345678，建议延长免费停车时间。";

    [Fact]
    public async Task The_form_offers_the_text_masked_and_a_disposition_with_more_masking_is_stored_and_audited()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var opinion = await sites.OpinionAsync(setup.Consultation, Body);
        var url = $"/Dispositions/Edit/{setup.Project}/{opinion.OpinionId}";

        var page = await client.GetHtmlAsync(url);
        Assert.Equal(Body, page.Text("#original-body"));
        Assert.Equal("我住新华路，电话***********，建议延长免费停车时间。", page.QuerySelector("textarea[name=RedactedBody]")!.TextContent.Trim());
        Assert.Contains(Texts.Get("Redaction.mobile"), page.Text("#redaction-found"));

        var response = await client.SubmitAsync(url, new Dictionary<string, string?>
        {
            ["Disposition"] = "partly_adopted", ["Reason"] = "  免费时长将延长至30分钟。 ",
            ["RedactedBody"] = "我住***，电话***********，建议延长免费停车时间。".Replace("\n", "\r\n"),
        });
        Assert.Equal($"/Dispositions/{setup.Project}", response.RequestMessage!.RequestUri!.AbsolutePath);
        var row = await sites.DataSource.ScalarAsync<string>(
            "select disposition || '|' || reason || '|' || redacted_body from opinion_disposition where opinion_id = @id", new { id = opinion.OpinionId });
        Assert.Equal("partly_adopted|免费时长将延长至30分钟。|我住***，电话***********，建议延长免费停车时间。", row);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'set_disposition' and entity = 'opinion' and entity_id = @id",
            new { id = opinion.OpinionId.ToString() }));
        Assert.Contains(Texts.Get("Disposition.partly_adopted"), (await response.ReadHtmlAsync()).Text($"tr[data-opinion='{opinion.OpinionId}'] .disposition"));
    }

    [Theory]
    [InlineData("我住新华路，电话***********，建议缩短免费停车时间。", "Disposition.Rewritten")]
    [InlineData("我住新华路，电话***********。", "Disposition.Rewritten")]
    [InlineData("我住新华路，电话13812345678，建议延长免费停车时间。", "Disposition.Unmasked")]
    public async Task A_rewritten_or_unmasked_text_is_refused_and_nothing_is_stored(string redacted, string message)
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var opinion = await sites.OpinionAsync(setup.Consultation, Body);

        var page = await (await client.SubmitAsync($"/Dispositions/Edit/{setup.Project}/{opinion.OpinionId}", new Dictionary<string, string?>
        {
            ["Disposition"] = "adopted", ["Reason"] = "采纳", ["RedactedBody"] = redacted,
        })).ReadHtmlAsync();

        Assert.Contains(Texts.Get(message), page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_disposition where opinion_id = @id", new { id = opinion.OpinionId }));
    }

    [Fact]
    public async Task A_missing_disposition_or_a_reason_too_long_is_refused_in_words()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var opinion = await sites.OpinionAsync(setup.Consultation, Body);

        var page = await (await client.SubmitAsync($"/Dispositions/Edit/{setup.Project}/{opinion.OpinionId}", new Dictionary<string, string?>
        {
            ["Disposition"] = "", ["Reason"] = new string('理', 501),
        })).ReadHtmlAsync();

        Assert.Contains(Texts.Get("Disposition.Required"), page.Body!.TextContent);
        Assert.Contains(Texts.Get("Disposition.ReasonTooLong", 500, 501), page.Body!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_disposition where opinion_id = @id", new { id = opinion.OpinionId }));
    }

    [Fact]
    public async Task Staff_of_another_department_get_not_found_and_change_nothing()
    {
        var (owner, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var (other, _, _) = await sites.StaffOfAsync("任丘市教育局");
        var setup = await sites.ProjectWithConsultationAsync();
        var opinion = await sites.OpinionAsync(setup.Consultation, Body);
        var url = $"/Dispositions/Edit/{setup.Project}/{opinion.OpinionId}";
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(url)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Dispositions/{setup.Project}")).StatusCode);
        var post = await other.PostWithTokenAsync(url, new Dictionary<string, string>
        {
            ["Disposition"] = "adopted", ["Reason"] = "采纳", ["RedactedBody"] = Body,
        });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from opinion_disposition where opinion_id = @id", new { id = opinion.OpinionId }));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'set_disposition' and entity_id = @id", new { id = opinion.OpinionId.ToString() }));
    }

    [Fact]
    public async Task An_opinion_of_a_consultation_not_linked_to_the_project_is_not_found()
    {
        var (client, _, _) = await sites.StaffOfAsync("任丘市司法局");
        var setup = await sites.ProjectWithConsultationAsync();
        var elsewhere = await sites.OpinionAsync(await sites.ConsultationAsync(), Body);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Dispositions/Edit/{setup.Project}/{elsewhere.OpinionId}")).StatusCode);
    }
}
