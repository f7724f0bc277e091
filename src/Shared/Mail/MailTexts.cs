using System.Globalization;
using Evaluation.Shared.Resources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Localization;

namespace Evaluation.Shared.Mail;

/// <summary>The words of the mails the system sends, from Texts.resx in Chinese (the senders write in Chinese, and a
/// mail has no request culture), with the Portal's look-up link.</summary>
public sealed class MailTexts(IStringLocalizer<Texts> texts, IConfiguration configuration)
{
    private static readonly CultureInfo Chinese = new("zh-CN");

    public string LookupUrl => $"{configuration["PortalUrl"]?.TrimEnd('/') ?? ""}/Lookup";

    private string T(string key, params object[] args)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Chinese;
        try { return texts[key, args].Value; }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    /// <summary>The automatic reply to an accepted e-mail: its receipt number, the look-up link, and how many
    /// attachments were kept out. Nothing the sender wrote (subject, file names) is repeated: an automatic mail that
    /// echoes it would let anyone make the city's address send their text to a forged sender (the names are in the
    /// queue for staff).</summary>
    public (string Subject, string Body) Receipt(string consultationTitle, string receiptNumber, int rejectedFiles)
    {
        var number = Respondents.Receipt.Format(receiptNumber);
        var rejected = rejectedFiles == 0 ? "" : T("Mail.Receipt.Rejected", rejectedFiles) + "\n\n";
        return (T("Mail.Receipt.Subject", number), T("Mail.Receipt.Body", consultationTitle, number, LookupUrl, rejected));
    }

    public (string Subject, string Body) Reply(string? originalSubject, string consultationTitle, string receiptNumber, string reply) =>
        (T("Mail.Reply.Subject", Re(originalSubject)), T("Mail.Reply.Body", consultationTitle, Respondents.Receipt.Format(receiptNumber), reply, LookupUrl));

    /// <summary>"photo.exe（不是 PDF、PNG 或 JPEG 文件）": a file kept out, for the reply and the queue.</summary>
    public string Refusal(Attachments.RefusedFile refused) => T("Mail.RejectedFile", refused.FileName, T($"{refused.MessageKey}.Short"));

    private string Re(string? subject) => string.IsNullOrWhiteSpace(subject) ? T("Mail.NoSubject") : subject.Trim();
}
