using System.Security.Cryptography;
using System.Text;
using Evaluation.Shared.Respondents;

namespace Evaluation.Shared.Questionnaires;

/// <summary>Per-enterprise invitation codes: written like receipt numbers (ABCD-EFGH-JKMN), kept only as a hash.</summary>
public static class EnterpriseCodes
{
    /// <summary>The hash of a code as typed (dashes, spaces and case do not matter); null when it cannot be a code.</summary>
    public static byte[]? HashTyped(string? typed) => Receipt.TryNormalize(typed, out var code) ? Hash(code) : null;

    public static byte[] Hash(string code) => SHA256.HashData(Encoding.ASCII.GetBytes(code));
}
