using Evaluation.Shared.Input;

namespace Evaluation.Tests.Domain;

public class TextTests
{
    [Fact]
    public void Plain_text_is_normalized_to_NFC()
    {
        var decomposed = "e\u0301";
        Assert.Equal("\u00e9", PlainText.Clean(decomposed));
    }

    [Theory]
    [InlineData("<script>alert(1)</script><p>正文</p>", "<p>正文</p>")]
    [InlineData("<p onclick=\"x()\">段落</p>", "<p>段落</p>")]
    [InlineData("<a href=\"javascript:alert(1)\">链接</a>", "<a rel=\"noopener noreferrer nofollow\">链接</a>")]
    [InlineData("<iframe src=\"https://example.cn\"></iframe>正文", "正文")]
    [InlineData("<p style=\"color:red\">红</p>", "<p>红</p>")]
    [InlineData("<ul><li><strong>一</strong></li></ul>", "<ul><li><strong>一</strong></li></ul>")]
    public void Rich_text_keeps_formatting_and_drops_active_content(string html, string expected) =>
        Assert.Equal(expected, RichText.Sanitize(html));

    [Fact]
    public void Links_keep_their_address_and_open_safely()
    {
        var html = RichText.Sanitize("<a href=\"https://www.renqiu.gov.cn/\">市政府网站</a>");
        Assert.Equal("<a href=\"https://www.renqiu.gov.cn/\" rel=\"noopener noreferrer nofollow\">市政府网站</a>", html);
    }

    [Fact]
    public void Cleaning_text_with_a_lone_surrogate_does_not_throw()
    {
        Assert.True(PlainText.HasInvalidCharacters("a\uDC00b"));
        Assert.False(PlainText.HasInvalidCharacters("表情😀"));
        Assert.Equal("a\uFFFDb", PlainText.Clean("a\uDC00b"));
    }
}
