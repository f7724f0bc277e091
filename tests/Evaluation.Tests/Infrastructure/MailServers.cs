using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Evaluation.Tests.Infrastructure;

/// <summary>
/// A real IMAP server (Debian's Dovecot) with its own configuration and one passwd-file user in a temporary folder,
/// on a free loopback port. As root, Dovecot's mail processes run as its own user "dovecot" (it never gives mail
/// access to root); otherwise everything runs as the current user.
/// </summary>
public sealed class Dovecot : IAsyncDisposable
{
    public const string UserName = "intake";
    public const string Password = "intake-password";
    private readonly Process _process;
    public string Folder { get; }
    public int Port { get; }

    private Dovecot(Process process, string folder, int port) => (_process, Folder, Port) = (process, folder, port);

    public static async Task<Dovecot> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("evaluation-dovecot-").FullName;
        var port = MailPorts.Free();
        var asRoot = Environment.UserName == "root";
        var (user, uid, gid) = asRoot ? ("dovecot", Id("-u", "dovecot"), Id("-g", "dovecot")) : (Environment.UserName, Id("-u"), Id("-g"));
        var home = Path.Combine(folder, "home");
        Directory.CreateDirectory(home);
        await File.WriteAllTextAsync(Path.Combine(folder, "passwd"), $"{UserName}:{{PLAIN}}{Password}:{uid}:{gid}::{home}/{UserName}::\n");
        var config = Path.Combine(folder, "dovecot.conf");
        await File.WriteAllTextAsync(config,
            $$"""
            base_dir = {{folder}}/run
            state_dir = {{folder}}/state
            log_path = {{folder}}/dovecot.log
            protocols = imap
            listen = 127.0.0.1
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            default_internal_user = {{user}}
            default_internal_group = {{(asRoot ? "dovecot" : user)}}
            default_login_user = {{(asRoot ? "dovenull" : user)}}
            first_valid_uid = {{uid}}
            last_valid_uid = {{uid}}
            first_valid_gid = 0
            mail_location = maildir:~/Maildir
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=%u {{folder}}/passwd
            }
            userdb {
              driver = passwd-file
              args = username_format=%u {{folder}}/passwd
            }
            service imap-login {
              chroot =
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service anvil {
              chroot =
            }
            service stats {
              unix_listener stats-reader {
                mode = 0666
              }
              unix_listener stats-writer {
                mode = 0666
              }
            }
            """);
        if (asRoot)
        {
            // Temporary folders are private to their owner; Dovecot's own users must reach theirs.
            MailPorts.Run("chmod", "755", folder);
            MailPorts.Run("chown", "-R", "dovecot:dovecot", home);
        }
        var start = new ProcessStartInfo("/usr/sbin/dovecot") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-F", "-c", config }) start.ArgumentList.Add(a);
        var process = Process.Start(start)!;
        var dovecot = new Dovecot(process, folder, port);
        await MailPorts.WaitUntilListeningAsync(port, process, () => File.Exists(Path.Combine(folder, "dovecot.log")) ? File.ReadAllText(Path.Combine(folder, "dovecot.log")) : "");
        return dovecot;
    }

    private static string Id(params string[] args)
    {
        var start = new ProcessStartInfo("id") { RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// A real SMTP server that keeps what it receives: Debian's python3-aiosmtpd, storing each mail as a file in a folder.
/// It can be stopped and started again on the same port (the mail server down, then back).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private const string Script =
        """
        import os, sys, threading
        from aiosmtpd.controller import Controller
        folder, port = sys.argv[1], int(sys.argv[2])
        class Store:
            count = 0
            async def handle_DATA(self, server, session, envelope):
                Store.count += 1
                name = os.path.join(folder, "%d-%06d.eml" % (os.getpid(), Store.count))
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content)
                os.rename(name + ".tmp", name)
                with open(name + ".rcpt", "w") as f:
                    f.write("\n".join(envelope.rcpt_tos))
                return "250 2.0.0 stored as %s" % os.path.basename(name)
        controller = Controller(Store(), hostname="127.0.0.1", port=port)
        controller.start()
        print("ready", flush=True)
        threading.Event().wait()
        """;

    private Process? _process;
    public string Folder { get; } = Directory.CreateTempSubdirectory("evaluation-smtp-").FullName;
    public int Port { get; } = MailPorts.Free();

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = new SmtpSink();
        await File.WriteAllTextAsync(Path.Combine(sink.Folder, "sink.py"), Script);
        Directory.CreateDirectory(Path.Combine(sink.Folder, "mail"));
        await sink.StartAgainAsync();
        return sink;
    }

    /// <summary>The mails received so far, oldest first.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> Received() =>
        Directory.GetFiles(Path.Combine(Folder, "mail"), "*.eml").Order(StringComparer.Ordinal)
            .Select(f => MimeKit.MimeMessage.Load(f)).ToList();

    public async Task StartAgainAsync()
    {
        // Debian's Python, where python3-aiosmtpd is installed (not one of a version manager on the PATH).
        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(Folder, "sink.py"), Path.Combine(Folder, "mail"), Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(a);
        _process = Process.Start(start)!;
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "ready") throw new InvalidOperationException($"the SMTP sink did not start: {await _process.StandardError.ReadToEndAsync()}");
    }

    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

public static class MailPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until the port accepts connections, with a deadline (no fixed sleep).</summary>
    public static async Task WaitUntilListeningAsync(int port, Process process, Func<string> log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException)
            {
                var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
                throw new InvalidOperationException($"nothing listens on port {port}: {stderr} {log()}");
            }
        }
    }

    public static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} failed: {stderr}");
    }
}
