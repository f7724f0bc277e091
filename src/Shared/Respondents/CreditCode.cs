using System.Diagnostics.CodeAnalysis;

namespace Evaluation.Shared.Respondents;

/// <summary>
/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 symbols of 0-9 and the capitals without
/// I, O, Z, S and V; the last is a check symbol over the first 17 (weights 3^i mod 31).
/// </summary>
public static class CreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Reads a code as typed (any case, spaces, full-width); false when it is not a valid code.</summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? code)
    {
        code = null;
        if (string.IsNullOrWhiteSpace(input)) return false;
        var text = new string(input.Normalize(System.Text.NormalizationForm.FormKC)
            .Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        if (text.Length != 18 || text.Any(c => Alphabet.IndexOf(c) < 0)) return false;
        if (CheckSymbol(text.AsSpan(0, 17)) != text[17]) return false;
        code = text;
        return true;
    }

    internal static char CheckSymbol(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * Weights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>Registration authority 9 (market regulation) registers enterprises; the others register organizations.</summary>
    public static string RespondentType(string code) => code[0] == '9' ? RespondentTypes.Enterprise : RespondentTypes.Organization;
}
