using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Decisions;

public class EditTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task Editing_a_decision_records_before_and_after()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var id = await sites.DataSource.DecisionAsync("旧标题");
        // The form comes filled with the decision; only the title changes.
        var saved = await client.SubmitAsync($"/Decisions/Edit/{id}", new Dictionary<string, string?> { ["Input.Title"] = "新标题" });
        Assert.Equal($"/Decisions/Details/{id}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal("新标题", await conn.ExecuteScalarAsync<string>("select title from decision where id = @id", new { id }));
        var audit = await conn.QuerySingleAsync<(string Before, string After)>(
            "select before ->> 'title', after ->> 'title' from audit_log where entity = 'decision' and entity_id = @id::text and action = 'update'", new { id });
        Assert.Equal(("旧标题", "新标题"), audit);
    }
}
