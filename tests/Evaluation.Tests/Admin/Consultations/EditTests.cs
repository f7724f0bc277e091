using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Consultations;

public class EditTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Editing_an_open_consultation_saves_and_records_before_and_after()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.ConsultationAsync(title: "旧的征求意见");
        // The form comes filled with the consultation; only the title changes.
        var saved = await client.SubmitAsync($"/Consultations/Edit/{id}", new Dictionary<string, string?> { ["Input.Title"] = "新的征求意见" });
        Assert.Equal($"/Consultations/Details/{id}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(Texts.Get("Form.Saved"), (await saved.ReadHtmlAsync()).Text("#flash"));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal("新的征求意见", await conn.ExecuteScalarAsync<string>("select title from consultation where id = @id", new { id }));
        var audit = await conn.QuerySingleAsync<(string Before, string After)>(
            "select before ->> 'title', after ->> 'title' from audit_log where entity = 'consultation' and entity_id = @id::text and action = 'update'", new { id });
        Assert.Equal(("旧的征求意见", "新的征求意见"), audit);
    }

    [Fact]
    public async Task A_closed_consultation_is_not_edited()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.ConsultationAsync(state: "closed", opensAt: sites.Now.AddDays(-40), closesAt: sites.Now.AddDays(-10));
        var response = await client.GetAsync($"/Consultations/Edit/{id}");
        Assert.Equal($"/Consultations/Details/{id}", response.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
