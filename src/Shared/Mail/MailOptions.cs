namespace Evaluation.Shared.Mail;

public enum MailSecurity { None, StartTls, SslOnConnect }

/// <summary>Configuration section "Mail": the intake mailbox (IMAP), the server that sends (SMTP), and the address
/// shown on consultation pages. Without Imap:Host the worker is off.</summary>
public sealed class MailOptions
{
    /// <summary>The intake address shown on consultation pages, e.g. yijian@renqiu.gov.cn; a consultation's own is
    /// yijian+12@renqiu.gov.cn.</summary>
    public string? Address { get; set; }
    public ImapOptions Imap { get; set; } = new();
    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>More mails than this from one sender within 24 hours wait for staff (待分派邮件) instead of becoming
    /// opinions with an automatic reply.</summary>
    public int PerSenderPerDay { get; set; } = 5;
    /// <summary>At most this many automatic mails (receipts) are sent in any hour, whoever they go to; beyond it they
    /// wait in the outbox (a flood of forged senders cannot make the city's address mail thousands of people).</summary>
    public int AutomaticPerHour { get; set; } = 300;
    /// <summary>Larger messages are refused unread (and logged).</summary>
    public int MaxMessageBytes { get; set; } = 30 * 1024 * 1024;
    /// <summary>How often the mailbox is read when the server has no IDLE, and how long one IDLE lasts at most.</summary>
    public int PollSeconds { get; set; } = 60;

    public bool IntakeConfigured => !string.IsNullOrWhiteSpace(Imap.Host);
}

public sealed class ImapOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 993;
    public MailSecurity Security { get; set; } = MailSecurity.SslOnConnect;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string Folder { get; set; } = "INBOX";
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public MailSecurity Security { get; set; } = MailSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    /// <summary>The sender of receipts and replies; the intake address by default.</summary>
    public string? From { get; set; }
    /// <summary>Attempts before an outbox mail counts as failed; between them the wait doubles from one minute up to an hour.</summary>
    public int MaxAttempts { get; set; } = 10;
    public int PollSeconds { get; set; } = 15;
}

/// <summary>The address to write to for one consultation: local+number@domain (the consultation's number is its id).</summary>
public static class ConsultationAddress
{
    public static string? For(string? address, long consultationId)
    {
        if (string.IsNullOrWhiteSpace(address)) return null;
        var at = address.LastIndexOf('@');
        return at <= 0 ? address : $"{address[..at]}+{consultationId}{address[at..]}";
    }
}
