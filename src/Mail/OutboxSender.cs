using System.Net.Sockets;
using Dapper;
using Evaluation.Shared.Mail;
using Evaluation.Shared.Privacy;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Evaluation.Mail;

/// <summary>
/// Sends the outbox over SMTP: each row is one message with a Message-ID fixed by the row, so a retry is the same
/// message; the server's answer is kept. A server that is down or answers 4xx: tried again later, the wait doubling
/// from one minute to an hour; 5xx or too many attempts: failed, with the reason, for administrators to see.
/// </summary>
public sealed class OutboxSender(NpgsqlDataSource db, PersonalData personalData, IOptions<MailOptions> options, ILogger<OutboxSender> log)
{
    /// <summary>Held while sending, so two workers on one database never send the same row.</summary>
    private const long LockKey = 0x6f7574626f78;

    private sealed record Due(long Id, Guid Token, string Kind, string? Recipient, string Subject, string Body, string? InReplyTo, int Attempts);

    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(3600, 60 * Math.Pow(2, Math.Max(0, attempts - 1))));

    /// <summary>Sends what is due at <paramref name="now"/>; the number sent.</summary>
    public async Task<int> SendDueAsync(DateTime now, CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (!await conn.ExecuteScalarAsync<bool>("select pg_try_advisory_lock(@LockKey)", new { LockKey })) return 0;
        try
        {
            // Automatic mail within its hourly budget: receipts beyond it wait (staff replies are never held back).
            var receiptBudget = options.Value.AutomaticPerHour - await conn.ExecuteScalarAsync<int>(
                "select count(*) from outbox_mail where kind = @receipt and sent_at > @since",
                new { receipt = OutboxKinds.Receipt, since = now.AddHours(-1) });
            var due = (await conn.QueryAsync<Due>(
                """
                select id, token, kind, recipient, subject, body, in_reply_to, attempts from outbox_mail
                where status = 'pending' and next_attempt_at <= @now and (kind <> @receipt or @receiptBudget > 0)
                order by id limit 100
                """, new { now, receipt = OutboxKinds.Receipt, receiptBudget })).ToList();
            if (due.Count == 0) return 0;
            // A missing sender address is the configuration's fault, not the rows': they wait for it to be set.
            var from = options.Value.Smtp.From ?? options.Value.Address;
            if (from is null)
            {
                log.LogError("Mail:Smtp:From or Mail:Address is needed to send; {Count} mails wait", due.Count);
                return 0;
            }

            using var client = new SmtpClient();
            try
            {
                var smtp = options.Value.Smtp;
                await client.ConnectAsync(smtp.Host!, smtp.Port, MailIntake.Security(smtp.Security), cancellationToken);
                if (!string.IsNullOrEmpty(smtp.UserName)) await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }
            catch (Exception e) when (e is SocketException or IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException)
            {
                log.LogWarning("SMTP server unreachable ({Error}); {Count} mails wait", e.Message, due.Count);
                foreach (var mail in due) await FailedAttemptAsync(conn, mail, e.Message, permanent: false, now);
                return 0;
            }

            var sent = 0;
            foreach (var mail in due)
            {
                if (mail.Kind == OutboxKinds.Receipt && receiptBudget-- <= 0) continue;
                var recipient = personalData.Unprotect(mail.Recipient);
                if (recipient is null)
                {
                    await FailedAttemptAsync(conn, mail, "recipient removed (retention) or unreadable", permanent: true, now);
                    continue;
                }
                MimeMessage message;
                try
                {
                    message = Compose(mail, from, recipient);
                }
                catch (Exception e) when (e is ParseException or FormatException or ArgumentException)
                {
                    // A row that cannot become a message never will: failed at once, and the next one is sent.
                    await FailedAttemptAsync(conn, mail, $"cannot be composed: {e.Message}", permanent: true, now);
                    continue;
                }
                try
                {
                    var response = await client.SendAsync(message, cancellationToken);
                    await conn.ExecuteAsync(
                        """
                        update outbox_mail set status = 'sent', attempts = attempts + 1, sent_at = @now, server_response = @response, last_error = null
                        where id = @Id
                        """, new { mail.Id, now, response });
                    sent++;
                }
                catch (SmtpCommandException e)
                {
                    await FailedAttemptAsync(conn, mail, $"{(int)e.StatusCode} {e.Message}", permanent: (int)e.StatusCode >= 500, now);
                    if (e.ErrorCode == SmtpErrorCode.UnexpectedStatusCode && !client.IsConnected) break;
                }
                catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException)
                {
                    await FailedAttemptAsync(conn, mail, e.Message, permanent: false, now);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Anything else is this row's: it counts against its attempts (so it fails in the end, instead of
                    // coming first on every poll), and the rows after it are sent.
                    log.LogError(e, "Outbox mail {Id} could not be sent", mail.Id);
                    await FailedAttemptAsync(conn, mail, e.Message, permanent: false, now);
                    if (!client.IsConnected) break;
                }
            }
            if (client.IsConnected) await client.DisconnectAsync(true, cancellationToken);
            return sent;
        }
        finally
        {
            await conn.ExecuteAsync("select pg_advisory_unlock(@LockKey)", new { LockKey });
        }
    }

    private static MimeMessage Compose(Due mail, string from, string recipient)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(recipient));
        message.Subject = mail.Subject;
        message.MessageId = $"{mail.Token:N}@{from[(from.LastIndexOf('@') + 1)..].TrimEnd('>')}";
        if (mail.InReplyTo is { } original)
        {
            message.InReplyTo = original;
            message.References.Add(original);
        }
        // RFC 3834: an automatic reply says so, so that other automatic responders do not answer it.
        if (mail.Kind == OutboxKinds.Receipt) message.Headers.Add("Auto-Submitted", "auto-replied");
        var body = new TextPart("plain");
        body.SetText("utf-8", mail.Body);
        message.Body = body;
        return message;
    }

    private async Task FailedAttemptAsync(NpgsqlConnection conn, Due mail, string error, bool permanent, DateTime now)
    {
        var attempts = mail.Attempts + 1;
        var failed = permanent || attempts >= options.Value.Smtp.MaxAttempts;
        await conn.ExecuteAsync(
            """
            update outbox_mail set attempts = @attempts, last_error = @error, next_attempt_at = @next,
                   status = case when @failed then 'failed' else 'pending' end
            where id = @Id
            """, new { mail.Id, attempts, error, next = now + Backoff(attempts), failed });
        if (failed) log.LogWarning("Outbox mail {Id} failed after {Attempts} attempts: {Error}", mail.Id, attempts, error);
    }
}
