using Markdig;
using Markdig.Syntax;

namespace Evaluation.Shared.Input;

/// <summary>
/// Summaries staff write for the public (the results summary, Art. 7) are plain text or Markdown, never HTML: HTML
/// typed into the text stays text (Markdig's DisableHtml), and what Markdown makes passes the one sanitizing policy
/// (<see cref="RichText"/>), so a javascript: link never reaches a page. Headings start at h3 (the summary sits under
/// its page's h2); what the policy does not allow (an image, a code block) keeps its text and loses its tags.
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    /// <summary>The sanitized HTML of a Markdown text ("" for none).</summary>
    public static string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return "";
        var document = Markdig.Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>()) heading.Level = Math.Min(heading.Level + 2, 4);
        return RichText.SanitizeKeepingText(document.ToHtml(Pipeline));
    }
}
