using Evaluation.Shared.Input;

namespace Evaluation.Tests.Domain;

/// <summary>Summaries are written as plain text or Markdown, rendered and sanitized, never taken as HTML (issue 23).</summary>
public class MarkdownTests
{
    [Fact]
    public void Markdown_becomes_formatting_and_plain_text_stays_text()
    {
        Assert.Equal("<p>评估认为<strong>总体可行</strong>。</p>", Markdown.ToHtml("评估认为**总体可行**。"));
        Assert.Equal("<ul>\n<li>延长免费时长</li>\n<li>调整收费</li>\n</ul>", Markdown.ToHtml("- 延长免费时长\n- 调整收费"));
        Assert.Equal("<p>第一行<br>\n第二行</p>", Markdown.ToHtml("第一行\n第二行"));
        Assert.Equal("", Markdown.ToHtml("  "));
    }

    [Fact]
    public void Html_typed_into_the_text_is_shown_as_typed_never_run()
    {
        var html = Markdown.ToHtml("<script>alert(1)</script> <b onclick=\"x()\">粗</b>");
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<b ", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public void A_javascript_link_loses_its_address_and_a_web_link_is_kept_with_rel()
    {
        Assert.DoesNotContain("javascript", Markdown.ToHtml("[点我](javascript:alert(1))"));
        var link = Markdown.ToHtml("[任丘市政府](https://www.renqiu.gov.cn/)");
        Assert.Contains("href=\"https://www.renqiu.gov.cn/\"", link);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", link);
    }

    [Fact]
    public void Headings_start_below_the_pages_own_and_a_code_block_keeps_its_text()
    {
        Assert.Equal("<h3>结论</h3>", Markdown.ToHtml("# 结论"));
        Assert.Equal("<h4>细节</h4>", Markdown.ToHtml("#### 细节"));
        Assert.Contains("第五条", Markdown.ToHtml("```\n第五条\n```"));
    }
}
