using Ganss.Xss;

namespace Evaluation.Shared.Input;

/// <summary>
/// The one sanitizing policy for rich text written by staff (decision summaries, consultation descriptions):
/// formatting, lists, tables and links stay; scripts, styles, event handlers, javascript: URLs and frames go.
/// </summary>
public static class RichText
{
    private static readonly HtmlSanitizer Sanitizer = Create();
    private static readonly HtmlSanitizer TextKeeping = Create(keepChildNodes: true);

    public static string Sanitize(string? html) =>
        string.IsNullOrWhiteSpace(html) ? "" : Sanitizer.Sanitize(PlainText.Clean(html) ?? "").Trim();

    /// <summary>The same policy for HTML from outside that is read for its text (an HTML-only e-mail): elements outside
    /// the policy (div, font, ...) lose their tags but keep their text. Scripts and styles must be removed before.</summary>
    public static string SanitizeKeepingText(string? html) =>
        string.IsNullOrWhiteSpace(html) ? "" : TextKeeping.Sanitize(PlainText.Clean(html) ?? "").Trim();

    private static HtmlSanitizer Create(bool keepChildNodes = false)
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "ul", "ol", "li",
                "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "a", "span", "hr",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "colspan", "rowspan" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = keepChildNodes };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
                link.SetAttribute("rel", "noopener noreferrer nofollow");
        };
        return sanitizer;
    }
}
