using System.Security.Cryptography.X509Certificates;
using Dapper;
using Evaluation.Shared.Privacy;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Tests.Protection;

/// <summary>New keys use AES-256-GCM (KeyRing, issue 12: cheaper antiforgery tokens); what a key of the former
/// algorithm (AES-256-CBC with HMACSHA256, Data Protection's default) protected still reads.</summary>
public sealed class KeyAlgorithmTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task New_keys_are_gcm_and_data_under_an_earlier_cbc_key_still_reads()
    {
        // The ring's first key, made by the sites' configuration.
        var phone = db.PersonalData.Protect("13812345678")!;
        Assert.All(await KeysAsync(), xml => Assert.Contains("<encryption algorithm=\"AES_256_GCM\"", xml));

        // A key made as before the change (no algorithm configured), newer than the first, so it becomes the default.
        var services = new ServiceCollection().AddLogging().AddSingleton(db.DataSource);
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(TestKeys.CertificatePath, null, X509KeyStorageFlags.EphemeralKeySet);
        services.AddDataProtection().SetApplicationName(KeyRing.ApplicationName)
            .ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(db.DataSource, KeyRing.Shared));
        await using var former = services.BuildServiceProvider();
        former.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddDays(90));
        var contact = new PersonalData(former.GetRequiredService<IDataProtectionProvider>()).Protect("zhangsan@example.cn")!;
        Assert.Contains(await KeysAsync(), xml => xml.Contains("<encryption algorithm=\"AES_256_CBC\""));

        // The sites read both: each key carries its own algorithm.
        Assert.Equal("zhangsan@example.cn", db.PersonalData.Unprotect(contact));
        Assert.Equal("13812345678", db.PersonalData.Unprotect(phone));
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>("select xml from data_protection_key where ring = 'shared'")).ToList();
    }
}
