using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class CreateTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_questionnaire_is_created_as_a_draft_with_its_introduction_kept_as_typed_Markdown()
    {
        var (_, id) = await sites.QuestionnaireInBuilderAsync();
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string IntroMd, string State)>("select intro_md, state from questionnaire where id = @id", new { id });
        Assert.Equal(("<p>说明</p><script>x()</script>", "draft"), row);   // shown as text: MarkdownTextsTests
    }
}
