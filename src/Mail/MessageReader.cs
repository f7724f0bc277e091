using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Evaluation.Shared.Input;
using Evaluation.Shared.Mail;
using MimeKit;

namespace Evaluation.Mail;

/// <summary>A mail as the intake needs it: who wrote, to which address, its text and files, and whether a machine sent it.</summary>
/// <remarks>SenderAddress is the From address, never Reply-To: automatic mail goes back to whoever wrote, so the
/// intake cannot be made to mail anyone else. AuthenticatedSender: what the receiving server vouched for
/// (Authentication-Results: DMARC pass → the From address; else SPF pass → the envelope sender), the key of the
/// per-sender limit where there is one.</remarks>
public sealed record ReadMail(string Key, string? MessageId, string? SenderAddress, string? SenderName, string Subject,
    string Text, IReadOnlyList<(string FileName, byte[] Content)> Files, IReadOnlyList<string> Recipients, bool Automatic,
    string? AuthenticatedSender = null);

/// <summary>
/// Reads real-world mail: Chinese charsets in bodies and headers (GB2312, GBK, GB18030, Big5: the code-page encodings
/// are registered; raw 8-bit headers fall back to GB18030, a superset of GB2312 and GBK), HTML-only mails reduced to
/// text through the sanitizer (never shown as HTML), attachments, and automatic messages told apart.
/// </summary>
public static partial class MessageReader
{
    /// <summary>Before MimeKit first looks up a charset (it remembers what it did not find).</summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static ParserOptions Options() => new() { CharsetEncoding = Encoding.GetEncoding("GB18030") };

    public static ReadMail Read(byte[] raw)
    {
        var message = MimeMessage.Load(Options(), new MemoryStream(raw));
        var messageId = string.IsNullOrWhiteSpace(message.MessageId) ? null : message.MessageId.Trim();
        var key = messageId is { Length: <= 900 } ? messageId : MessageKeys.HashPrefix + Convert.ToHexStringLower(SHA256.HashData(raw));
        var from = message.From.Mailboxes.FirstOrDefault();
        var text = message.TextBody is { Length: > 0 } plain ? plain
            : message.HtmlBody is { Length: > 0 } html ? HtmlToText(html)
            : "";
        var files = message.BodyParts.OfType<MimePart>()
            .Where(p => p.IsAttachment || p.ContentDisposition is null && p is not TextPart && !p.ContentType.IsMimeType("multipart", "*"))
            .Select(p => (p.FileName ?? p.ContentType.Name ?? "attachment", Decode(p)))
            .ToList();
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Select(m => m.Address)
            .Concat(new[] { "Delivered-To", "X-Original-To", "Envelope-To" }.SelectMany(h => message.Headers.Where(x => x.Field.Equals(h, StringComparison.OrdinalIgnoreCase)).Select(x => x.Value.Trim().Trim('<', '>'))))
            .ToList();
        return new ReadMail(key, messageId, from?.Address, from?.Name, (message.Subject ?? "").Trim(), text, files, recipients,
            IsAutomatic(message, from), AuthenticatedSender(message.Headers["Authentication-Results"], from?.Address));
    }

    /// <summary>RFC 3834 and the usual marks of bounces, auto-replies and lists: none of them is an opinion, and none is
    /// answered (no mail loops).</summary>
    public static bool IsAutomatic(MimeMessage message, MailboxAddress? from)
    {
        var h = message.Headers;
        if (h["Auto-Submitted"] is { } auto && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase)) return true;
        if (h["Precedence"]?.Trim().ToLowerInvariant() is "bulk" or "junk" or "list" or "auto_reply") return true;
        if (h.Contains("X-Autoreply") || h.Contains("X-Autorespond") || h.Contains("List-Id")) return true;
        if (h["Return-Path"]?.Trim() == "<>") return true;
        if (message.Body is MultipartReport || message.Body?.ContentType.IsMimeType("multipart", "report") == true) return true;
        if (from is null) return true;
        var local = from.LocalPart.ToLowerInvariant();
        return local is "mailer-daemon" or "postmaster" or "noreply" or "no-reply" or "do-not-reply";
    }

    /// <summary>
    /// What the receiving server authenticated, from its Authentication-Results header (RFC 8601; the topmost, which
    /// our own server adds): DMARC pass vouches for the From address, else SPF pass for the envelope sender
    /// (smtp.mailfrom); null when nothing passed or there is no such header.
    /// </summary>
    public static string? AuthenticatedSender(string? authenticationResults, string? fromAddress)
    {
        if (string.IsNullOrWhiteSpace(authenticationResults)) return null;
        if (DmarcPass().IsMatch(authenticationResults) && fromAddress is not null) return fromAddress.Trim().ToLowerInvariant();
        var spf = SpfPass().Match(authenticationResults);
        return spf.Success ? spf.Groups["sender"].Value.Trim('<', '>').ToLowerInvariant() : null;
    }

    [GeneratedRegex(@"\bdmarc\s*=\s*pass\b", RegexOptions.IgnoreCase)]
    private static partial Regex DmarcPass();

    [GeneratedRegex(@"\bspf\s*=\s*pass\b[^;]*?\bsmtp\.mailfrom\s*=\s*(?<sender>[^\s;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex SpfPass();

    /// <summary>The consultation a mail is meant for: the number in a plus-address of the intake address
    /// (yijian+12@…), else a number in the subject (编号12, #12).</summary>
    public static long? ConsultationNumber(ReadMail mail, string? intakeAddress)
    {
        var (local, domain) = Split(intakeAddress);
        foreach (var recipient in mail.Recipients)
        {
            var m = PlusAddress().Match(recipient);
            if (!m.Success) continue;
            if (local is not null && (!m.Groups["local"].Value.Equals(local, StringComparison.OrdinalIgnoreCase)
                                      || !m.Groups["domain"].Value.Equals(domain, StringComparison.OrdinalIgnoreCase))) continue;
            if (long.TryParse(m.Groups["number"].Value, out var n)) return n;
        }
        var s = SubjectNumber().Match(mail.Subject);
        return s.Success && long.TryParse(s.Groups["number"].Value, out var fromSubject) ? fromSubject : null;
    }

    private static (string? Local, string? Domain) Split(string? address)
    {
        var at = address?.LastIndexOf('@') ?? -1;
        return at > 0 ? (address![..at], address[(at + 1)..]) : (null, null);
    }

    [GeneratedRegex(@"^(?<local>[^@+\s]+)\+(?<number>\d{1,9})@(?<domain>[^@\s]+)$")]
    private static partial Regex PlusAddress();

    [GeneratedRegex(@"(?:编号|編號|#|＃)\s*[:：]?\s*(?<number>\d{1,9})")]
    private static partial Regex SubjectNumber();

    private static byte[] Decode(MimePart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Markup nested deeper than this is read as text without an HTML parser (see <see cref="HtmlToText"/>).</summary>
    public const int MaxHtmlDepth = 512;

    /// <summary>HTML reduced to text: first through the sanitizer every rich text goes through, then only the text
    /// is kept, with line breaks where blocks end. Markup nested deeper than <see cref="MaxHtmlDepth"/> (a crafted mail:
    /// 100,000 nested tags cost a parser time in the square of the depth and overflow the stack of the recursive
    /// serializer, killing the worker on every poll) has its tags stripped instead, in one pass (with a time limit: a
    /// mail that runs it out fails on its own, see MailIntake).</summary>
    public static string HtmlToText(string html)
    {
        if (NestingDepth(html) > MaxHtmlDepth) return StripTags(html);
        var parser = new HtmlParser();
        var source = parser.ParseDocument(html);
        foreach (var hidden in source.QuerySelectorAll("script, style, head, title, noscript, template, iframe, object").ToList())
            hidden.Remove();
        // Mail clients write paragraphs as div, which the policy does not keep: a line break keeps them apart.
        foreach (var block in source.QuerySelectorAll("div, section, article, header, footer, center, address").ToList())
            block.After(source.CreateElement("br"));
        var document = parser.ParseDocument(RichText.SanitizeKeepingText(source.Body?.InnerHtml));
        var sb = new StringBuilder();
        Walk(document.Body!, sb);
        return MultipleBlankLines().Replace(sb.ToString(), "\n\n").Trim();
    }

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t) sb.Append(t.Data);
            else if (child is IElement e)
            {
                if (e.LocalName == "br") { sb.Append('\n'); continue; }
                Walk(e, sb);
                if (e.LocalName is "p" or "div" or "li" or "tr" or "h2" or "h3" or "h4" or "blockquote" or "table" or "ul" or "ol") sb.Append('\n');
                else if (e.LocalName is "td" or "th") sb.Append('\t');
            }
        }
    }

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex MultipleBlankLines();

    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
        { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param" };

    /// <summary>How deep the tags nest, counted on the text in one pass (start tags in, end tags out; void and
    /// self-closed tags neither); stops counting past the cap.</summary>
    public static int NestingDepth(string html)
    {
        int depth = 0, max = 0;
        foreach (Match m in Tag().Matches(html))
        {
            if (m.Groups["end"].Length > 0) depth = Math.Max(0, depth - 1);
            else if (!VoidElements.Contains(m.Groups["name"].Value) && !m.Value.EndsWith("/>", StringComparison.Ordinal))
                max = Math.Max(max, ++depth);
            if (max > MaxHtmlDepth) break;
        }
        return max;
    }

    /// <summary>The text of markup too deep to parse: hidden blocks dropped, a line break where a block ends, every
    /// other tag removed, entities decoded.</summary>
    private static string StripTags(string html)
    {
        var text = HiddenBlock().Replace(html, "");
        text = BlockEnd().Replace(text, "\n");
        text = Tag().Replace(text, "");
        return MultipleBlankLines().Replace(System.Net.WebUtility.HtmlDecode(text), "\n\n").Trim();
    }

    [GeneratedRegex(@"<(?<end>/?)(?<name>[a-zA-Z][a-zA-Z0-9:-]*)[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 5000)]
    private static partial Regex Tag();

    [GeneratedRegex(@"<(script|style|head|title|noscript|template)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 5000)]
    private static partial Regex HiddenBlock();

    [GeneratedRegex(@"<(br\b[^>]*|/(p|div|li|tr|h[1-6]|blockquote|table|ul|ol)\s*)>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 5000)]
    private static partial Regex BlockEnd();
}
