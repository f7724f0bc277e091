using Evaluation.Shared.Mail;
using MailKit.Net.Imap;
using Microsoft.Extensions.Options;

namespace Evaluation.Mail;

/// <summary>The worker's two loops: the mailbox (IDLE where the server has it, polling otherwise) and the outbox.
/// Neither ever stops on an error: it is logged and the loop tries again.</summary>
public sealed class MailWorker(MailIntake intake, OutboxSender outbox, IOptions<MailOptions> options, TimeProvider clock,
    ILogger<MailWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ReadMailboxAsync(stoppingToken), SendOutboxAsync(stoppingToken));

    private async Task ReadMailboxAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var client = await intake.ConnectAsync(stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await intake.ProcessOnceAsync(client, stoppingToken);
                    if (client.Capabilities.HasFlag(ImapCapabilities.Idle))
                    {
                        // IDLE until new mail arrives (or the poll interval passes, as servers drop long IDLEs).
                        var folder = await intake.OpenFolderAsync(client, stoppingToken);
                        using var done = new CancellationTokenSource(poll, clock);
                        void Arrived(object? sender, EventArgs e) => done.Cancel();
                        folder.CountChanged += Arrived;
                        try { await client.IdleAsync(done.Token, stoppingToken); }
                        finally { folder.CountChanged -= Arrived; }
                    }
                    else
                    {
                        await Task.Delay(poll, clock, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Reading the mailbox failed; trying again in {Seconds} s", poll.TotalSeconds);
                await Delay(poll, stoppingToken);
            }
        }
    }

    private async Task SendOutboxAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.Smtp.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.SendDueAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogWarning(e, "Sending the outbox failed; trying again");
            }
            await Delay(poll, stoppingToken);
        }
    }

    private async Task Delay(TimeSpan delay, CancellationToken stoppingToken)
    {
        try { await Task.Delay(delay, clock, stoppingToken); }
        catch (OperationCanceledException) { }
    }
}
