using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Domain;

public class SchemaTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task The_audit_log_cannot_be_changed_or_emptied()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var decision = await db.DataSource.DecisionAsync();
        await conn.WriteAsync(null, new Audit.Actor(null, "test"), "create", "decision", decision, after: new { title = "标题" });
        var update = await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("update audit_log set actor_name = 'someone else'"));
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("delete from audit_log"));
        await Assert.ThrowsAsync<PostgresException>(() => conn.ExecuteAsync("truncate audit_log"));
        Assert.Equal("标题", await conn.ExecuteScalarAsync<string>(
            "select after ->> 'title' from audit_log where entity = 'decision' and entity_id = @decision::text", new { decision }));
    }

    [Fact]
    public async Task Migrating_again_changes_nothing()
    {
        var again = Migrations.Migrate(db.ConnectionString);
        Assert.True(again.Successful);
        Assert.Empty(again.Scripts);
    }

    [Fact]
    public async Task Demo_data_loads_once_with_an_open_consultation_on_the_seed_document()
    {
        Assert.True(Migrations.LoadDemoData(db.ConnectionString).Successful);
        var second = Migrations.LoadDemoData(db.ConnectionString);
        Assert.True(second.Successful);
        Assert.Empty(second.Scripts);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var decision = await conn.QuerySingleAsync<(long Id, string FullText)>(
            "select id, full_text from decision where title like '%后评估办法（试行）'");
        Assert.Contains("第三十六条 本办法自印发之日起施行", decision.FullText);
        // The demo rows are dated by the database's clock.
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "select count(*) from consultation where decision_id = @id and kind = 'window' and state = 'open' and opens_at <= now() and closes_at > now()", new { id = decision.Id }));
        // Its tracking feedback (跟踪反馈) shows on a fresh run.
        Assert.Equal(5, await conn.ExecuteScalarAsync<int>(
            "select consultation_opinion_count(id)::int from consultation where decision_id = @id and kind = 'standing'", new { id = decision.Id }));
    }

    [Fact]
    public async Task Regions_offered_are_Renqius_sub_districts_towns_and_townships_as_DOMAIN_md_lists_them()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var offered = (await conn.QueryAsync<string>("select name from region where not retired and kind not in ('other', 'unspecified') order by sort_order")).ToList();
        Assert.Equal(
        [
            "城区", "新华路街道", "西环路街道", "永丰路街道",
            "出岸镇", "石门桥镇", "吕公堡镇", "长丰镇", "鄚州镇", "苟各庄镇", "梁召镇", "辛中驿镇", "麻家坞镇",
            "北辛庄乡", "七间房乡", "青塔乡", "议论堡乡", "北汉乡", "于村乡",
            "任丘经济开发区", "雁翎工业区",
        ], offered);
        Assert.Equal(["北辛庄乡", "七间房乡", "青塔乡", "议论堡乡", "北汉乡", "于村乡"],
            await conn.QueryAsync<string>("select name from region where kind = 'township' and not retired order by sort_order"));
        // Regions taken off the list still name what older opinions hold; the forms no longer offer them.
        var regions = new Evaluation.Shared.Respondents.RegionDirectory(db.DataSource);
        Assert.DoesNotContain(await regions.AllAsync(), r => r.Code == "bohailu");
        Assert.Equal("渤海路街道", await regions.NameAsync("bohailu"));
    }

    [Fact]
    public async Task No_file_or_information_item_can_be_marked_a_state_secret()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var checks = (await conn.QueryAsync<string>(
            """
            select pg_get_constraintdef(oid) from pg_constraint
            where conname in ('project_attachment_confidentiality_check', 'information_item_confidentiality_check')
            """)).ToList();
        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.DoesNotContain("state_secret", c));
        Assert.All(checks, c => Assert.Contains("commercial_secret", c));
    }
}
