using System.Text;

namespace Evaluation.Shared.Input;

/// <summary>Plain text from the public: normalized to NFC, line breaks unified, control characters removed.</summary>
public static class PlainText
{
    /// <summary>Returns the cleaned text, or null when nothing but white space remains.</summary>
    public static string? Clean(string? input)
    {
        if (input is null) return null;
        // Normalize throws on a lone surrogate; such text is refused by HasInvalidCharacters, and cleaned safely here.
        if (HasLoneSurrogate(input)) input = string.Concat(input.EnumerateRunes().Select(r => r.ToString()));
        var text = input.Normalize(NormalizationForm.FormC).Replace("\r\n", "\n").Replace('\r', '\n');
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is '\n' or '\t' || !Rune.IsControl(rune) && rune.Value is not (0x200B or 0xFEFF))
                sb.Append(rune.ToString());
        }
        var cleaned = sb.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>
    /// At most <paramref name="maxCharacters"/> characters of the text, cut between whole characters (Unicode scalar
    /// values): a cut through a surrogate pair would leave half an emoji, which no encoding can store.
    /// </summary>
    public static string Truncate(string text, int maxCharacters)
    {
        if (text.Length <= maxCharacters) return text;
        var end = 0;
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (count++ == maxCharacters) break;
            end += rune.Utf16SequenceLength;
        }
        return text[..end];
    }

    /// <summary>
    /// True when the text holds what no keyboard produces: a lone surrogate, or U+FFFD, which the form decoder puts
    /// where the bytes sent were not valid UTF-8 (a wrong encoding, or a crafted request). Such text gets a message
    /// instead of being stored garbled.
    /// </summary>
    public static bool HasInvalidCharacters(string? input) =>
        input is not null && (input.Contains('\uFFFD') || HasLoneSurrogate(input));

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    /// <summary>Length in characters as PostgreSQL's char_length counts them (code points, not UTF-16 units).</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }
}
