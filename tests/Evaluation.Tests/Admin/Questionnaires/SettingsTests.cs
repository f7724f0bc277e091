using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class SettingsTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_title_changes_but_the_audience_is_fixed_once_published()
    {
        var id = await sites.PublishedQuestionnaireAsync(title: "旧问卷标题");
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");

        var refused = await (await admin.SubmitAsync($"/Questionnaires/Settings/{id}",
            new Dictionary<string, string?> { ["Input.Title"] = "新问卷标题", ["Input.Audience"] = "enterprise" })).ReadHtmlAsync();
        Assert.Equal(Texts.Get("Questionnaire.AudienceFixed"), refused.Text("[data-valmsg-for='Input.Audience']"));
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(("旧问卷标题", "public"), await conn.QuerySingleAsync<(string, string)>("select title, audience from questionnaire where id = @id", new { id }));

        var saved = await admin.SubmitAsync($"/Questionnaires/Settings/{id}", new Dictionary<string, string?> { ["Input.Title"] = "新问卷标题" });
        Assert.Equal($"/Questionnaires/Details/{id}", saved.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(("新问卷标题", "public"), await conn.QuerySingleAsync<(string, string)>("select title, audience from questionnaire where id = @id", new { id }));
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where entity = 'questionnaire' and entity_id = @id::text and action = 'update'", new { id }));
    }
}
