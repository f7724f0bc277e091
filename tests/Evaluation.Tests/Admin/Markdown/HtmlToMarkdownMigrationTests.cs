using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Markdown;

/// <summary>Migration 0890 turns the HTML staff typed before issue 23 (sanitized by RichText) into Markdown that renders
/// the same. Its conversion runs here as the migration ran it, on the kinds of HTML the old policy let through.</summary>
public class HtmlToMarkdownMigrationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<string> ConvertAsync(string html)
    {
        var assembly = typeof(Evaluation.Shared.Data.Migrations).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith("0890_summaries_in_markdown.sql", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        var script = await reader.ReadToEndAsync();
        var start = script.IndexOf("create function pg_temp.html_to_markdown", StringComparison.Ordinal);
        var end = script.IndexOf("$$;", script.IndexOf("$$", start, StringComparison.Ordinal) + 2, StringComparison.Ordinal) + 3;
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(script[start..end]);
        return await conn.QuerySingleAsync<string>("select pg_temp.html_to_markdown(@html)", new { html });
    }

    [Fact]
    public async Task Paragraphs_bold_lists_links_and_entities_become_the_Markdown_that_renders_the_same()
    {
        var markdown = await ConvertAsync(
            "<p>本办法<strong>有效期两年</strong>，由<em>市住建局</em>负责。</p>\n<p>A &amp; B &lt;c&gt;</p><ul><li>分类投放</li><li>分类收集</li></ul>" +
            "<h3>附则</h3><p>详见<a href=\"https://www.renqiu.gov.cn/\" rel=\"noopener\">政府网站</a>。<br>第二行</p>");
        Assert.Equal("本办法**有效期两年**，由*市住建局*负责。\n\nA & B <c>\n\n- 分类投放\n- 分类收集\n\n### 附则\n\n详见[政府网站](https://www.renqiu.gov.cn/)。\n第二行", markdown);

        var html = Evaluation.Shared.Input.Markdown.ToHtml(markdown);
        Assert.Contains("<strong>有效期两年</strong>", html);
        Assert.Contains("<li>分类收集</li>", html);
        Assert.Contains("A &amp; B &lt;c&gt;", html);
        Assert.Contains("href=\"https://www.renqiu.gov.cn/\"", html);
    }

    [Fact]
    public async Task Plain_text_passes_unchanged()
    {
        Assert.Equal("办法施行首月的意见征集，已结束。", await ConvertAsync("<p>办法施行首月的意见征集，已结束。</p>"));
    }
}
