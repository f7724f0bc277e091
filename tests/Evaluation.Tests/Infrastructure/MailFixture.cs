using Evaluation.Mail;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Both sites, a Dovecot mailbox, an SMTP sink, and the mail worker's services on the class's database. The
/// tests drive the worker one step at a time (read the mailbox once, send the outbox once).</summary>
public class MailFixture : SitesFixture
{
    public const string IntakeAddress = "yijian@renqiu.example";
    public const string PortalUrl = "http://portal.example";
    public const int PerSenderPerDay = 3;
    public const int MaxMessageBytes = 200 * 1024;

    private ServiceProvider? _worker;
    public Dovecot Imap { get; private set; } = null!;
    public SmtpSink Smtp { get; private set; } = null!;
    public MailIntake Intake => _worker!.GetRequiredService<MailIntake>();
    public OutboxSender Outbox => _worker!.GetRequiredService<OutboxSender>();
    /// <summary>The worker's mail options, one instance: a test may change a limit and set it back.</summary>
    public Evaluation.Shared.Mail.MailOptions Options => _worker!.GetRequiredService<Microsoft.Extensions.Options.IOptions<Evaluation.Shared.Mail.MailOptions>>().Value;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Imap = await Dovecot.StartAsync();
        Smtp = await SmtpSink.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings()).Build();
        _worker = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration)
            .AddMailIntake(configuration).BuildServiceProvider();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["ConnectionStrings:Evaluation"] = SiteConnectionString("mail"),
        ["PortalUrl"] = PortalUrl,
        ["DataProtection:CertificatePath"] = TestKeys.CertificatePath,
        ["Mail:Address"] = IntakeAddress,
        ["Mail:PerSenderPerDay"] = PerSenderPerDay.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Imap:Host"] = "127.0.0.1",
        ["Mail:Imap:Port"] = Imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Imap:Security"] = "None",
        ["Mail:Imap:UserName"] = Dovecot.UserName,
        ["Mail:Imap:Password"] = Dovecot.Password,
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:From"] = IntakeAddress,
    };

    protected override void ConfigureAdmin(IWebHostBuilder builder)
    {
        builder.UseSetting("Mail:Address", IntakeAddress);
        builder.UseSetting("PortalUrl", PortalUrl);
    }

    protected override void ConfigurePortal(IWebHostBuilder builder) => builder.UseSetting("Mail:Address", IntakeAddress);

    /// <summary>Delivers a message into the intake mailbox with IMAP APPEND, as a mail server would.</summary>
    public async Task DeliverAsync(MimeMessage message)
    {
        using var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Imap.Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(Dovecot.UserName, Dovecot.Password);
        await client.Inbox.AppendAsync(new MailKit.AppendRequest(message));
        await client.DisconnectAsync(true);
    }

    /// <summary>A raw message as bytes (for charsets written as a Chinese mail client writes them).</summary>
    public Task DeliverAsync(byte[] raw) => DeliverAsync(MimeMessage.Load(new MemoryStream(raw)));

    public override async ValueTask DisposeAsync()
    {
        if (_worker is not null) await _worker.DisposeAsync();
        if (Imap is not null) await Imap.DisposeAsync();
        if (Smtp is not null) await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}
