using System.Text.RegularExpressions;

namespace Evaluation.Shared.Results;

/// <summary>
/// Art. 7: an opinion's text is published only with the personal data in it masked: mainland ID-card numbers (18
/// digits with a valid ISO 7064 check character, or the old 15 digits, both with a real birth date), mobile numbers
/// (also written with +86, spaces or hyphens), landline numbers with their area code, e-mail addresses and bank card
/// numbers (16-19 digits passing the Luhn check, also in groups of four). Ordinary numbers stay: dates, amounts,
/// document numbers, percentages and years never have the length, the leading digits or the check digit of these.
/// Masking keeps the length (one <see cref="Mask"/> per character), so staff can mask more by hand and
/// <see cref="CheckHandMasking"/> can prove that they did nothing else.
/// </summary>
public static partial class Redaction
{
    public const char Mask = '*';

    /// <summary>The kinds of personal data found (texts "Redaction.&lt;kind&gt;").</summary>
    public static class Kinds
    {
        public const string Email = "email";
        public const string IdCard = "id_card";
        public const string BankCard = "bank_card";
        public const string Mobile = "mobile";
        public const string Landline = "landline";
    }

    /// <summary>One piece of personal data: where it is (in UTF-16 units of the text) and what it is.</summary>
    public sealed record Match(int Start, int Length, string Kind);

    // A number is never cut out of a longer one (no digit, no decimal point with digits right before or after) and is
    // never an amount or a count (a currency sign before, a unit after: 15000000000元 is an amount, not a phone).
    private const string NotAfterNumber = @"(?<![0-9])(?<![0-9]\.)(?<![¥￥$])";
    private const string NotBeforeNumber = @"(?![0-9])(?!\.[0-9])(?!\s?(?:[元万亿%％‰年月日个人次户件份]|号(?!码)))";

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9-])")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(NotAfterNumber + @"(?<![A-Za-z])([0-9]{17}[0-9Xx]|[0-9]{15})(?![A-Za-z])" + NotBeforeNumber)]
    private static partial Regex IdCardPattern();

    [GeneratedRegex(NotAfterNumber + @"([0-9]{16,19}|[0-9]{4}(?:[ -][0-9]{4}){3}(?:[ -]?[0-9]{1,3})?)" + NotBeforeNumber)]
    private static partial Regex BankCardPattern();

    [GeneratedRegex(NotAfterNumber + @"(?:(?:\+|00)\s?86[ -]?|[(（]\+?86[)）]\s?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2}" + NotBeforeNumber)]
    private static partial Regex MobilePattern();

    // The area code 0xx or 0xxx (never 00), separated or in brackets, then a 7 or 8 digit number; or all run together.
    [GeneratedRegex(NotAfterNumber + @"(?:[(（]0[1-9][0-9]{1,2}[)）]\s?|0[1-9][0-9]{1,2}[ -]|0[1-9][0-9]{1,2})[2-9][0-9]{6,7}" + NotBeforeNumber)]
    private static partial Regex LandlinePattern();

    /// <summary>The personal data in a text, in order, never overlapping (an ID card before a bank card, a bank card
    /// before a phone number).</summary>
    public static IReadOnlyList<Match> Find(string text)
    {
        // Fullwidth digits, letters and signs (１３８…, ＠) are read as their ASCII twins, one character for one, so the
        // positions found are those of the text.
        var plain = HalfWidth(text);
        var found = new List<Match>();
        void Add(Regex pattern, string kind, Func<string, bool> valid)
        {
            foreach (System.Text.RegularExpressions.Match m in pattern.Matches(plain))
            {
                if (!valid(m.Value)) continue;
                if (found.Any(f => m.Index < f.Start + f.Length && f.Start < m.Index + m.Length)) continue;
                found.Add(new Match(m.Index, m.Length, kind));
            }
        }
        Add(EmailPattern(), Kinds.Email, _ => true);
        Add(IdCardPattern(), Kinds.IdCard, LooksLikeIdCardNumber);
        Add(BankCardPattern(), Kinds.BankCard, v => PassesLuhn(Digits(v)));
        Add(MobilePattern(), Kinds.Mobile, _ => true);
        Add(LandlinePattern(), Kinds.Landline, _ => true);
        return found.OrderBy(f => f.Start).ToList();
    }

    /// <summary>The text with every piece of personal data masked, character for character.</summary>
    public static string Redact(string text)
    {
        var chars = text.ToCharArray();
        foreach (var m in Find(text))
            for (var i = m.Start; i < m.Start + m.Length; i++) chars[i] = Mask;
        return new string(chars);
    }

    /// <summary>What became of a hand-masked text compared with the original.</summary>
    public enum HandMasking
    {
        /// <summary>The automatic masking and perhaps more masks, nothing else changed.</summary>
        Valid,
        /// <summary>Something other than masking: a character changed, added or removed.</summary>
        Rewritten,
        /// <summary>Personal data the automatic masking found was shown again.</summary>
        Unmasked,
    }

    /// <summary>
    /// Staff may mask more than the automatic redaction, never rewrite an opinion (Art. 6: no picking or changing
    /// what the public said) nor unmask personal data. Compared character by character (a character outside the
    /// basic plane, such as an emoji, is one character masked by one mask); line endings do not count.
    /// </summary>
    public static HandMasking CheckHandMasking(string original, string edited)
    {
        var source = Characters(NormalizeLines(original));
        var target = Characters(NormalizeLines(edited));
        if (source.Count != target.Count) return HandMasking.Rewritten;
        var automatic = Characters(Redact(NormalizeLines(original)));
        var unmasked = false;
        for (var i = 0; i < source.Count; i++)
        {
            if (target[i] != source[i] && target[i] != MaskText) return HandMasking.Rewritten;
            if (automatic[i] == MaskText && source[i] != MaskText && target[i] != MaskText) unmasked = true;
        }
        return unmasked ? HandMasking.Unmasked : HandMasking.Valid;
    }

    /// <summary>The text with line endings as "\n" (a browser sends a textarea's lines with "\r\n").</summary>
    public static string NormalizeLines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static readonly string MaskText = Mask.ToString();

    private static List<string> Characters(string text)
    {
        var list = new List<string>(text.Length);
        foreach (var rune in text.EnumerateRunes()) list.Add(rune.ToString());
        return list;
    }

    private static string HalfWidth(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = source[i] switch
                {
                    >= '\uFF01' and <= '\uFF5E' => (char)(source[i] - 0xFEE0),
                    '\u3000' => ' ',
                    var c => c,
                };
        });

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    private static int DigitValue(char c) => c - '0';

    /// <summary>GB 11643: six digits of region, the birth date, three of sequence and (18 digits) the ISO 7064 MOD 11-2
    /// check character.</summary>
    public static bool IsIdCardNumber(string value)
    {
        if (value.Length == 15)
            return value.All(char.IsAsciiDigit)
                && IsDate(1900 + DigitValue(value[6]) * 10 + DigitValue(value[7]), Number(value, 8, 2), Number(value, 10, 2));
        if (value.Length != 18 || !value[..17].All(char.IsAsciiDigit)) return false;
        if (DigitValue(value[0]) == 0) return false;
        if (!IsDate(Number(value, 6, 4), Number(value, 10, 2), Number(value, 12, 2))) return false;
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += DigitValue(value[i]) * weights[i];
        var check = "10X98765432"[sum % 11];
        return char.ToUpperInvariant(value[17]) == check;
    }

    /// <summary>
    /// What is masked as an ID-card number: the shape of one (a region, a real birth date, the sequence) whatever its
    /// check character, since a mistyped number is still somebody's (Art. 7: err on the side of masking).
    /// </summary>
    public static bool LooksLikeIdCardNumber(string value) =>
        IsIdCardNumber(value)
        || value.Length == 18 && value[..17].All(char.IsAsciiDigit) && (char.IsAsciiDigit(value[17]) || value[17] is 'X' or 'x')
           && DigitValue(value[0]) != 0 && IsDate(Number(value, 6, 4), Number(value, 10, 2), Number(value, 12, 2));

    /// <summary>The Luhn check every bank card number passes.</summary>
    public static bool PassesLuhn(string digits)
    {
        if (digits.Length is < 16 or > 19) return false;
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = DigitValue(digits[digits.Length - 1 - i]);
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static int Number(string value, int start, int length)
    {
        var n = 0;
        for (var i = start; i < start + length; i++) n = n * 10 + DigitValue(value[i]);
        return n;
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= 1900 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
}
