using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Protection;

/// <summary>Least privilege (issue 13, item 1): each site's database role can do its work and nothing an attacker with
/// its session would want: no disabling of audit triggers, no change to audit rows, no superuser settings, no
/// programs, no tables outside its grants.</summary>
public sealed class SiteRolesTests(SitesFixture db) : IClassFixture<SitesFixture>
{
    public static TheoryData<string> Sites => new(SiteRoles.Sites);

    private async Task<PostgresException> RefusedAsync(string site, string sql)
    {
        await using var conn = new NpgsqlConnection(db.SiteConnectionString(site));
        await conn.OpenAsync();
        return await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync(sql));
    }

    private async Task<long> AuditRowAsync()
    {
        await using var conn = new NpgsqlConnection(db.ConnectionString);
        return await conn.ExecuteScalarAsync<long>(
            "insert into audit_log (actor_name, action, entity, entity_id) values ('test', 'test', 'test', '1') returning id");
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public async Task A_site_role_cannot_disable_the_audit_triggers_or_change_audit_rows(string site)
    {
        var id = await AuditRowAsync();

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "alter table audit_log disable trigger all")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, $"update audit_log set action = 'changed' where id = {id}")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, $"delete from audit_log where id = {id}")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "truncate audit_log")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "drop table audit_log")).SqlState);
        Assert.Equal("test", await db.DataSource.ScalarAsync<string>("select action from audit_log where id = @id", new { id }));
        // Still enabled: no trigger of the table was switched off.
        Assert.Equal(0, await db.DataSource.ScalarAsync<int>(
            "select count(*)::int from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal and tgenabled = 'D'"));
    }

    [Theory]
    [MemberData(nameof(Sites))]
    public async Task A_site_role_has_no_superuser_powers_and_owns_nothing(string site)
    {
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "set session_replication_role = replica")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "copy (select 1) to program 'true'")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "create table intruder (id int)")).SqlState);
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, "select pg_read_file('/etc/passwd')")).SqlState);
        var role = SiteRoles.LoginRole(site);
        Assert.False(await db.DataSource.ScalarAsync<bool>(
            "select rolsuper or rolcreaterole or rolcreatedb or rolbypassrls from pg_roles where rolname = @role", new { role }));
        Assert.Equal(0, await db.DataSource.ScalarAsync<int>(
            "select count(*)::int from pg_class c join pg_roles r on r.oid = c.relowner where r.rolname in (@role, @group)",
            new { role, group = SiteRoles.GroupRole(site) }));
    }

    [Theory]
    [InlineData("portal", "select * from staff_user")]
    [InlineData("portal", "select * from api_token")]
    [InlineData("portal", "select * from audit_log")]
    [InlineData("portal", "select * from report_version")]
    [InlineData("portal", "select * from inbound_mail")]
    [InlineData("portal", "select * from outbox_mail")]
    [InlineData("portal", "update opinion set body = 'changed'")]
    [InlineData("portal", "delete from opinion")]
    [InlineData("portal", "update response set voided_at = now()")]
    [InlineData("mail", "select * from staff_user")]
    [InlineData("mail", "select * from response")]
    [InlineData("mail", "update opinion set body = 'changed'")]
    [InlineData("admin", "delete from opinion")]
    [InlineData("admin", "delete from response")]
    [InlineData("admin", "update data_protection_key set xml = ''")]
    public async Task A_site_role_cannot_touch_a_table_outside_its_grants(string site, string sql) =>
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, (await RefusedAsync(site, sql)).SqlState);

    [Fact]
    public async Task Every_table_is_granted_to_the_staff_site_so_none_is_forgotten()
    {
        // A new table without grants would break the sites only in production; this names it at once.
        var missing = await QueryAsync(
            """
            select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'public' and c.relkind in ('r', 'p')
              and c.relname not in ('schema_versions', 'demo_data_versions')
              and not has_table_privilege('evaluation_admin', c.oid, 'select')
            order by 1
            """);
        Assert.Empty(missing);
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await conn.QueryAsync<string>(sql)).ToList();
    }
}
