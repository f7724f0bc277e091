using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Evaluation.Shared.Privacy;

/// <summary>
/// Name and contact of respondents (PIPL; Art. 7): encrypted before they reach the database, shown masked in Admin,
/// and in full only to the roles that answer respondents, each time audited.
/// </summary>
public sealed class PersonalData(IDataProtectionProvider provider)
{
    // Changing the purpose makes every stored value unreadable: it is part of the stored format.
    private readonly IDataProtector _protector = provider.CreateProtector("Evaluation.PersonalData.v1");

    public string? Protect(string? value) => value is null ? null : _protector.Protect(value);

    /// <summary>The plain value; a value that cannot be decrypted (a lost key) reads as null rather than failing a page.</summary>
    public string? Unprotect(string? stored)
    {
        if (stored is null) return null;
        try
        {
            return _protector.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***: the first character and one star per remaining one.</summary>
    public static string? MaskName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return name;
        var elements = StringInfo.GetTextElementEnumerator(name);
        elements.MoveNext();
        var first = (string)elements.Current;
        var rest = 0;
        while (elements.MoveNext()) rest++;
        return first + new string('*', Math.Max(rest, 1));
    }

    /// <summary>13812345678 → 138****5678; zhang@example.cn → z***@example.cn.</summary>
    public static string? MaskContact(string? contact)
    {
        if (string.IsNullOrEmpty(contact)) return contact;
        var at = contact.IndexOf('@');
        if (at > 0) return contact[..1] + "***" + contact[at..];
        return contact.Length >= 11 ? contact[..3] + "****" + contact[^4..] : new string('*', contact.Length);
    }
}
