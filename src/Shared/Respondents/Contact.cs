using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Evaluation.Shared.Respondents;

/// <summary>AsGiven: an address or telephone number as a letter's or a call's sender gave it, recorded by staff.</summary>
public enum ContactKind { Mobile, Email, AsGiven }

/// <summary>A respondent's optional contact: a mainland China mobile number or an email address.</summary>
public sealed record Contact(ContactKind Kind, string Value)
{
    private static readonly Regex Mobile = new(@"^1[3-9]\d{9}$", RegexOptions.CultureInvariant);
    private static readonly Regex EmailShape = new(@"^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Reads what a person typed: mobile numbers may carry +86 or 0086 and spaces or dashes; emails are trimmed.
    /// Returns null when it is neither a valid mobile number nor a valid email address.
    /// </summary>
    public static Contact? Parse(string? input)
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        var text = input.Trim();
        if (text.Contains('@'))
        {
            if (text.Length > 254 || !EmailShape.IsMatch(text) || !MailAddress.TryCreate(text, out var address)
                || address.Address != text)
                return null;
            return new Contact(ContactKind.Email, text);
        }
        var digits = text.Replace(" ", "").Replace("-", "");
        if (digits.StartsWith("+86", StringComparison.Ordinal)) digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal)) digits = digits[4..];
        return Mobile.IsMatch(digits) ? new Contact(ContactKind.Mobile, digits) : null;
    }
}
