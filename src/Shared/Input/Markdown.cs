using Markdig;

namespace Evaluation.Shared.Input;

/// <summary>
/// Summaries staff write for the public (the results summary, Art. 7) are plain text or Markdown, never HTML: HTML
/// typed into the text stays text (Markdig's DisableHtml), and what Markdown makes passes the one sanitizing policy
/// (<see cref="RichText"/>), so a link to javascript: or a heading level outside the policy never reaches a page.
/// </summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    /// <summary>The sanitized HTML of a Markdown text ("" for none).</summary>
    public static string ToHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : RichText.Sanitize(Markdig.Markdown.ToHtml(markdown, Pipeline));
}
