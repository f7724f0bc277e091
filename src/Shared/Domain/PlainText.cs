using System.Text;

namespace Evaluation.Shared.Domain;

/// <summary>Plain text from the public: normalized to NFC, line breaks unified, control characters removed.</summary>
public static class PlainText
{
    /// <summary>Returns the cleaned text, or null when nothing but white space remains.</summary>
    public static string? Clean(string? input)
    {
        if (input is null) return null;
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

    /// <summary>Length in characters as PostgreSQL's char_length counts them (code points, not UTF-16 units).</summary>
    public static int Length(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }
}
