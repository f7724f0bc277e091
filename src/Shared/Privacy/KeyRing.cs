using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evaluation.Shared.Privacy;

/// <summary>
/// Data Protection for every process of the solution, with its keys in the database (data_protection_key), in two
/// rings (issue 13):
/// <list type="bullet">
/// <item><b>shared</b>: personal data (what Portal and the mail worker encrypt, Admin decrypts), and the Portal's own
/// antiforgery tokens. Portal, Mail, the CLI and the tests use it as their only ring.</item>
/// <item><b>admin</b>: the staff site's cookies and antiforgery tokens. The Portal's and the mail worker's database
/// roles cannot read its rows (row-level security, migration 0407), so neither can mint a staff cookie.</item>
/// </list>
/// The keys are stored encrypted with an X.509 certificate kept outside the database (a file under the data folder,
/// mode 0600; <c>DataProtection:CertificatePath</c>, optional <c>DataProtection:CertificatePassword</c>): a dump or a
/// backup of the database alone decrypts nothing. In Production a site without it refuses to start, unless
/// <c>DataProtection:AllowUnprotectedKeys=true</c>.
/// </summary>
public static class KeyRing
{
    public const string ApplicationName = "Evaluation";
    public const string Shared = "shared";
    public const string Admin = "admin";

    /// <param name="ring">The ring of the process's own cookies and tokens; personal data is always on the shared one.</param>
    public static IServiceCollection AddKeyRing(this IServiceCollection services, IConfiguration configuration, string ring = Shared)
    {
        var certificate = LoadCertificate(configuration);
        Configure(services, ring, certificate);
        if (ring == Shared)
        {
            services.AddSingleton<PersonalData>();
        }
        else
        {
            // Personal data stays on the shared ring: a provider of its own, with the same store and protection.
            services.AddSingleton(sp => new SharedRing(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<ILoggerFactory>(), certificate));
            services.AddSingleton(sp => new PersonalData(sp.GetRequiredService<SharedRing>().Provider));
        }
        return services;
    }

    /// <summary>In Production, keys stored unencrypted need an explicit opt-in: the process refuses to start otherwise.</summary>
    public static void CheckProtection(IConfiguration configuration, bool production)
    {
        if (!production || configuration["DataProtection:CertificatePath"] is { Length: > 0 }
            || configuration.GetValue<bool>("DataProtection:AllowUnprotectedKeys")) return;
        throw new InvalidOperationException(
            "DataProtection:CertificatePath is not set: the key ring would be stored unencrypted beside the data it protects. "
            + "Set it (./run.sh creates .data/keys/key-protection.pfx with `evaluation key-certificate`), or DataProtection:AllowUnprotectedKeys=true.");
    }

    private static void Configure(IServiceCollection services, string ring, X509Certificate2? certificate)
    {
        var builder = services.AddDataProtection().SetApplicationName(ring == Shared ? ApplicationName : $"{ApplicationName}.{ring}");
        // New keys use AES-256-GCM (authenticated encryption in one pass) instead of the default AES-256-CBC with
        // HMACSHA256: each visitor's antiforgery tokens are two encryptions per page and two decryptions per form, and
        // GCM takes 9.7 µs against 15 µs to protect and 6.7 against 11.5-15 to unprotect (issue 12), with tokens of
        // 114 bytes instead of 148. Keys made before keep their own algorithm (it is written in each key), so what they
        // protected still reads.
        builder.UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration
        {
            EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM,
            ValidationAlgorithm = ValidationAlgorithm.HMACSHA256,
        });
        if (certificate is not null) builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new DatabaseKeyRepository(db, ring));
    }

    private static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        if (configuration["DataProtection:CertificatePath"] is not { Length: > 0 } path) return null;
        if (!File.Exists(path))
            throw new InvalidOperationException($"DataProtection:CertificatePath {path} does not exist (evaluation key-certificate {path} creates one).");
        return X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:CertificatePassword"], X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>A new self-signed certificate (RSA 3072, 100 years) that encrypts the keys, written as PKCS#12 with
    /// mode 0600. Returns false when the file exists already (it is never replaced: the keys need it).</summary>
    public static bool CreateCertificate(string path, string? password = null)
    {
        if (File.Exists(path)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Evaluation key ring protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        var bytes = certificate.Export(X509ContentType.Pkcs12, password);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var file = new FileStream(path, options)) file.Write(bytes);
        return true;
    }

    /// <summary>The shared ring beside a process whose own ring is another one.</summary>
    private sealed class SharedRing : IDisposable
    {
        private readonly ServiceProvider _services;
        public IDataProtectionProvider Provider { get; }

        public SharedRing(NpgsqlDataSource db, ILoggerFactory loggers, X509Certificate2? certificate)
        {
            var services = new ServiceCollection().AddSingleton(db).AddSingleton(loggers);
            services.AddLogging();
            Configure(services, Shared, certificate);
            _services = services.BuildServiceProvider();
            Provider = _services.GetRequiredService<IDataProtectionProvider>();
        }

        public void Dispose() => _services.Dispose();
    }
}
