using System.Net;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Evaluation.Shared.Privacy;
using Evaluation.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Evaluation.Tests.Protection;

/// <summary>Keys out of the database (issue 13, item 2): the key ring is stored encrypted with a certificate kept in a
/// file, and the staff site's cookies are on a ring of their own that the Portal's role cannot read.</summary>
public sealed class KeyRingTests(SitesFixture db) : IClassFixture<SitesFixture>
{
    private const string CookiePurpose = "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware";

    /// <summary>A Data Protection provider over one ring's rows, as anyone holding them could build it.</summary>
    private IDataProtectionProvider Provider(string ring, string applicationName, bool withCertificate)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(db.DataSource);
        var builder = services.AddDataProtection().SetApplicationName(applicationName);
        if (withCertificate)
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(TestKeys.CertificatePath, null, X509KeyStorageFlags.EphemeralKeySet);
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(db.DataSource, ring));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
    }

    [Fact]
    public async Task A_dump_of_the_key_table_alone_decrypts_no_personal_data()
    {
        var stored = db.PersonalData.Protect("13812345678")!;

        var keys = (await QueryAsync("select ring || ' ' || xml from data_protection_key")).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<encryptedSecret", xml);
            Assert.DoesNotContain("<masterKey", xml[..xml.IndexOf("<encryptedSecret", StringComparison.Ordinal)]);
        });
        // With the rows but without the certificate file nothing opens; with both, as the sites have them, it does.
        var withoutCertificate = new PersonalData(Provider(KeyRing.Shared, KeyRing.ApplicationName, withCertificate: false));
        Assert.Null(withoutCertificate.Unprotect(stored));
        var withCertificate = new PersonalData(Provider(KeyRing.Shared, KeyRing.ApplicationName, withCertificate: true));
        Assert.Equal("13812345678", withCertificate.Unprotect(stored));
    }

    [Fact]
    public async Task A_shared_key_cannot_mint_a_staff_cookie_and_the_portal_role_cannot_read_the_staff_ring()
    {
        await db.DataSource.StaffAsync("keyring.admin", "correct horse battery", "administrator");
        var login = db.Admin.NoRedirects();
        var signedIn = await login.SubmitAsync("/Account/Login",
            new Dictionary<string, string?> { ["UserName"] = "keyring.admin", ["Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])
            .Single(c => c.StartsWith("evaluation.admin=", StringComparison.Ordinal))["evaluation.admin=".Length..];

        // The ticket as the staff site wrote it, read with the staff ring (as the owner of the database could).
        var adminRing = Provider(KeyRing.Admin, "Evaluation.admin", withCertificate: true);
        var ticket = new TicketDataFormat(adminRing.CreateProtector(CookiePurpose, "Cookies", "v2")).Unprotect(cookie);
        Assert.NotNull(ticket);

        // The same ticket protected with the shared ring's keys under the staff site's name and purposes: refused.
        var sharedRing = Provider(KeyRing.Shared, "Evaluation.admin", withCertificate: true);
        var forged = new TicketDataFormat(sharedRing.CreateProtector(CookiePurpose, "Cookies", "v2")).Protect(ticket);
        Assert.Equal(HttpStatusCode.Redirect, (await RequestWithCookieAsync(forged)).StatusCode);
        // Protected with the staff ring it is accepted: the refusal above comes from the ring, not from the ticket.
        var genuine = new TicketDataFormat(adminRing.CreateProtector(CookiePurpose, "Cookies", "v2")).Protect(ticket);
        Assert.Equal(HttpStatusCode.OK, (await RequestWithCookieAsync(genuine)).StatusCode);

        // The Portal's role sees the shared keys only, and cannot add one to the staff ring.
        await using var portal = new NpgsqlConnection(db.SiteConnectionString("portal"));
        await portal.OpenAsync();
        Assert.True(await db.DataSource.ScalarAsync<int>("select count(*)::int from data_protection_key where ring = 'admin'") > 0);
        Assert.Equal(0, await portal.ExecuteScalarAsync<int>("select count(*)::int from data_protection_key where ring = 'admin'"));
        Assert.True(await portal.ExecuteScalarAsync<int>("select count(*)::int from data_protection_key where ring = 'shared'") > 0);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => portal.ExecuteAsync(
            "insert into data_protection_key (ring, friendly_name, xml) values ('admin', 'key-forged', '<key/>')"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    private async Task<HttpResponseMessage> RequestWithCookieAsync(string cookie)
    {
        using var client = db.Admin.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", $"evaluation.admin={cookie}");
        return await client.SendAsync(request);
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(sql)).ToList();
    }
}

/// <summary>Unprotected keys are a deliberate act in Production (its own database: the allowed start writes such a key).</summary>
public sealed class KeyProtectionSettingTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_site_in_production_refuses_to_start_with_unprotected_keys_unless_told(bool allow)
    {
        using var admin = new SiteFactory<Evaluation.Admin.AdminSite>(db.SiteConnectionString("admin"), configure: b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("DataProtection:CertificatePath", "");
            if (allow) b.UseSetting("DataProtection:AllowUnprotectedKeys", "true");
        });
        if (allow)
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.CreateClient().GetAsync("/healthz")).StatusCode);
            return;
        }
        var refused = Assert.ThrowsAny<Exception>(() => admin.CreateClient());
        Assert.Contains("DataProtection:CertificatePath", refused.ToString());
    }
}
