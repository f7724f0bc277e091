using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Evaluation.Shared.Respondents;

/// <summary>
/// Receipt numbers (回执编号) that respondents keep to look up their opinion later: 11 random symbols of Crockford's
/// base 32 (no I, L, O, U, so nothing is misread) and one Luhn mod 32 check symbol, shown as XXXX-XXXX-XXXX.
/// 55 random bits: unguessable, yet short enough to copy by hand; the check symbol catches any single mistyped
/// symbol and most swapped neighbours before a look-up touches the database.
/// </summary>
public static class Receipt
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int RandomLength = 11;
    public const int Length = RandomLength + 1;

    public static string NewNumber() => NewNumber(RandomNumberGenerator.GetInt32);

    /// <summary>A number drawn from <paramref name="random"/>: the same numbers for the same seed (the demo's history),
    /// and as guessable as the seed, so never for a real respondent.</summary>
    public static string NewNumber(Random random) => NewNumber(random.Next);

    private static string NewNumber(Func<int, int> next)
    {
        Span<char> symbols = stackalloc char[Length];
        for (var i = 0; i < RandomLength; i++)
            symbols[i] = Alphabet[next(Alphabet.Length)];
        symbols[RandomLength] = CheckSymbol(symbols[..RandomLength]);
        return new string(symbols);
    }

    /// <summary>How a receipt number is shown to a person: three groups of four.</summary>
    public static string Format(string number) =>
        number.Length == Length ? $"{number[..4]}-{number[4..8]}-{number[8..]}" : number;

    /// <summary>
    /// Reads a receipt number as a person may type it: any case, with spaces or dashes, O for 0 and I or L for 1.
    /// Returns false when the input cannot be a receipt number (wrong length, foreign symbol or wrong check symbol).
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? number)
    {
        number = null;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var sb = new StringBuilder(Length);
        foreach (var raw in input.Normalize(NormalizationForm.FormKC))
        {
            if (raw is ' ' or '-' or '\u2014' or '\u2013' || char.IsWhiteSpace(raw)) continue;
            var c = char.ToUpperInvariant(raw) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (Alphabet.IndexOf(c) < 0) return false;
            sb.Append(c);
        }
        if (sb.Length != Length) return false;
        var candidate = sb.ToString();
        if (CheckSymbol(candidate.AsSpan(0, RandomLength)) != candidate[RandomLength]) return false;
        number = candidate;
        return true;
    }

    /// <summary>Luhn mod N over Crockford's alphabet.</summary>
    internal static char CheckSymbol(ReadOnlySpan<char> payload)
    {
        const int n = 32;
        var factor = 2;
        var sum = 0;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var addend = factor * Alphabet.IndexOf(payload[i]);
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return Alphabet[(n - sum % n) % n];
    }
}
