using Evaluation.Shared.Privacy;

namespace Evaluation.Tests.Infrastructure;

/// <summary>The certificate that encrypts the test run's key rings, as ./run.sh makes one under .data/keys: made once
/// per test process in a temporary folder, removed at exit.</summary>
public static class TestKeys
{
    private static readonly Lazy<string> Path_ = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), $"evaluation-keys-{Environment.ProcessId}-{Guid.NewGuid():N}"[..36]);
        var path = Path.Combine(folder, "key-protection.pfx");
        KeyRing.CreateCertificate(path);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, true); } catch (IOException) { } };
        return path;
    });

    public static string CertificatePath => Path_.Value;

    public static Dictionary<string, string?> Settings => new() { ["DataProtection:CertificatePath"] = CertificatePath };
}
