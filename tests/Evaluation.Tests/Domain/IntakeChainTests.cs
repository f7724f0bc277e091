using System.Diagnostics;
using Dapper;
using Evaluation.Shared.Chain;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Domain;

/// <summary>A chain of five opinions and two responses, chained by the step, for the tamper tests (each class its own
/// database, so each tampers with a chain of its own).</summary>
public static class ChainData
{
    public sealed record Made(long Consultation, List<long> Opinions, List<long> Responses);

    public static async Task<Made> ChainedAsync(this DatabaseFixture db)
    {
        var consultation = await db.ConsultationAsync();
        var opinions = new List<long>();
        for (var i = 1; i <= 5; i++)
            opinions.Add((await db.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
                $"张{i}", Contact.Parse($"1381234000{i}"), "chuan", $"第{i}条意见", true))).OpinionId);
        var (_, responses) = await db.ConsultationWithAnswersAsync(4, 5);
        Assert.Equal(7, await db.DataSource.ChainPendingAsync(db.Now, batchSize: 3));
        Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync(pageSize: 4));
        return new Made(consultation, opinions, responses);
    }

    public static Task<long> SeqOfAsync(this DatabaseFixture db, string kind, long id) =>
        db.DataSource.ScalarAsync<long>("select max(seq) from intake_chain where kind = @kind and row_id = @id", new { kind, id });

    /// <summary>What an intruder with the owner's powers does first: the append-only triggers off.</summary>
    public static async Task AsIntruderAsync(this DatabaseFixture db, string sql, object? args = null)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("alter table intake_chain disable trigger user");
        await conn.ExecuteAsync(sql, args);
        await conn.ExecuteAsync("alter table intake_chain enable trigger user");
    }
}

public class IntakeChainTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_fresh_opinion_waits_with_its_lag_until_the_step_chains_it_and_the_chain_verifies()
    {
        await db.ChainedAsync();
        long before;
        await using (var conn = await db.DataSource.OpenConnectionAsync()) before = (await conn.StatusAsync()).Links;
        var consultation = await db.ConsultationAsync();
        var fresh = await db.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen, null, null, "chuan", "新意见", false));
        db.Clock.Advance(TimeSpan.FromMinutes(3));
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            var waiting = await conn.StatusAsync();
            Assert.Equal(1, waiting.Waiting);
            Assert.InRange(waiting.Lag(db.Now), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3).Add(TimeSpan.FromSeconds(1)));
        }
        Assert.Equal(1, await db.DataSource.ChainPendingAsync(db.Now));
        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            var status = await conn.StatusAsync();
            Assert.Equal(0, status.Waiting);
            Assert.Equal(TimeSpan.Zero, status.Lag(db.Now));
            Assert.Equal(before + 1, status.Links);
        }
        var ok = Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync());
        Assert.Equal(before + 1, ok.Links);
        Assert.Equal(before + 1, await db.SeqOfAsync("opinion", fresh.OpinionId));
    }

    [Fact]
    public async Task Only_one_process_chains_at_a_time_and_the_other_skips_its_run()
    {
        var consultation = await db.ConsultationAsync();
        await db.OpinionAsync(consultation, "等待的意见");
        await using var other = await db.DataSource.OpenConnectionAsync();
        await other.ExecuteAsync("select pg_advisory_lock(19551934193297518)");
        Assert.Equal(0, await db.DataSource.ChainPendingAsync(db.Now));
        await other.ExecuteAsync("select pg_advisory_unlock(19551934193297518)");
        Assert.True(await db.DataSource.ChainPendingAsync(db.Now) >= 1);
        Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync());
    }

    [Fact]
    public async Task Erasure_and_retention_of_personal_data_and_an_amendment_keep_the_chain_valid()
    {
        var made = await db.ChainedAsync();
        await db.DataSource.ScalarAsync<int>(
            "update opinion set name = null, contact = null, personal_data_removed_at = now() where id = @id returning 1", new { id = made.Opinions[1] });
        await db.DataSource.ScalarAsync<int>(
            "update response set credit_code = null, enterprise_name = null, personal_salt = null, personal_data_removed_at = now() where id = @id returning 1",
            new { id = made.Responses[0] });
        var purged = await db.DataSource.PurgePersonalDataAsync(0, db.Now.AddDays(40));
        Assert.Contains(purged, p => p.ConsultationId == made.Consultation);
        Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync());

        // An amendment changes the answers: it is chained again, and the latest link is the one compared.
        await db.DataSource.ScalarAsync<int>(
            "update response set amended_at = @at where id = @id returning 1", new { at = db.Now, id = made.Responses[1] });
        await db.DataSource.ScalarAsync<int>("update answer set code = 1 where response_id = @id returning 1", new { id = made.Responses[1] });
        Assert.Equal(1, await db.DataSource.ChainPendingAsync(db.Now));
        Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync());
    }

    [Fact]
    public async Task The_links_are_append_only_for_the_owner_too()
    {
        await db.ChainedAsync();
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => db.DataSource.ScalarAsync<int>("update intake_chain set row_id = 1 returning 1"));
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => db.DataSource.ScalarAsync<int>("delete from intake_chain returning 1"));
    }

    [Fact]
    public async Task The_head_of_a_day_is_written_once_the_day_is_over()
    {
        await db.ChainedAsync();
        var today = IntakeChain.ChinaDay(db.Now);
        db.Clock.Advance(TimeSpan.FromDays(1));
        await db.DataSource.ChainPendingAsync(db.Now);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var status = await conn.StatusAsync();
        var day = Assert.Single(await conn.DaysAsync(), d => d.Day == today);
        Assert.Equal(status.Links, day.Seq);
        Assert.Equal(status.Head, day.Head);
        Assert.IsType<ChainCheck.Intact>(await db.DataSource.VerifyAsync());
    }
}

public class ChainAlterationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task An_opinion_altered_in_the_middle_is_found_and_named_and_the_cli_exits_non_zero()
    {
        var made = await db.ChainedAsync();
        var target = made.Opinions[2];
        await db.DataSource.ScalarAsync<int>("update opinion set body = '改过的意见' where id = @target returning 1", new { target });

        var broken = Assert.IsType<ChainCheck.Broken>(await db.DataSource.VerifyAsync(pageSize: 2));
        Assert.Equal(ChainBreak.Altered, broken.Kind);
        Assert.Equal(("opinion", target), (broken.RowKind, broken.RowId));
        Assert.Equal(await db.SeqOfAsync("opinion", target), broken.Seq);

        // The command itself: `evaluation verify-chain`.
        var cli = Process.Start(new ProcessStartInfo("dotnet", [typeof(Evaluation.Cli.DemoProject).Assembly.Location, "verify-chain"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["ConnectionStrings__Evaluation"] = db.ConnectionString },
        })!;
        var output = await cli.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await cli.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, cli.ExitCode);
        Assert.Contains($"chain BROKEN at link {broken.Seq}: altered (opinion {target})", output);
    }

}

public class ChainAnswerAlterationTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task An_answer_altered_is_found_in_its_response()
    {
        var made = await db.ChainedAsync();
        var target = made.Responses[0];
        await db.DataSource.ScalarAsync<int>("update answer set code = 1 where response_id = @target returning 1", new { target });
        var broken = Assert.IsType<ChainCheck.Broken>(await db.DataSource.VerifyAsync());
        Assert.Equal(ChainBreak.Altered, broken.Kind);
        Assert.Equal(("response", target), (broken.RowKind, broken.RowId));
        Assert.Equal(await db.SeqOfAsync("response", target), broken.Seq);
    }
}

public class ChainInsertionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task An_opinion_spliced_into_the_middle_with_a_well_made_link_is_found_as_inserted()
    {
        var made = await db.ChainedAsync();
        var k = await db.SeqOfAsync("opinion", made.Opinions[2]);
        // A fake opinion, chained at the end, then moved to position k with its hash made right from link k-1.
        var fake = await db.OpinionAsync(made.Consultation, "伪造的意见");
        await db.DataSource.ChainPendingAsync(db.Now);
        var last = await db.SeqOfAsync("opinion", fake);
        IntakeChain.Link link;
        await using (var conn = await db.DataSource.OpenConnectionAsync())
            link = await conn.QuerySingleAsync<IntakeChain.Link>(
                "select seq, kind, row_id, content_digest, personal_digest, prev_hash, hash from intake_chain where seq = @last", new { last });
        var prev = await db.DataSource.ScalarAsync<byte[]>("select hash from intake_chain where seq = @seq", new { seq = k - 1 });
        var hash = IntakeChain.LinkHash(prev, k, link.Kind, link.RowId, link.ContentDigest, link.PersonalDigest);
        await db.AsIntruderAsync(
            """
            delete from intake_chain where seq = @last;
            update intake_chain set seq = seq + 1000000 where seq >= @k;
            update intake_chain set seq = seq - 999999 where seq >= 1000000;
            insert into intake_chain (seq, kind, row_id, content_digest, personal_digest, prev_hash, hash, chained_at)
            values (@k, @Kind, @RowId, @ContentDigest, @PersonalDigest, @prev, @hash, now());
            """, new { last, k, link.Kind, link.RowId, link.ContentDigest, link.PersonalDigest, prev, hash });

        var broken = Assert.IsType<ChainCheck.Broken>(await db.DataSource.VerifyAsync(pageSize: 3));
        Assert.Equal(ChainBreak.Inserted, broken.Kind);
        Assert.Equal(k, broken.Seq);
        Assert.Equal(("opinion", fake), (broken.RowKind, broken.RowId));
    }

}

public class ChainBypassTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_row_put_in_past_the_triggers_is_found_as_inserted()
    {
        var consultation = await db.ConsultationAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("alter table opinion disable trigger opinion_queue_for_chain");
        var fake = await db.OpinionAsync(consultation, "绕过触发器的意见");
        await conn.ExecuteAsync("alter table opinion enable trigger opinion_queue_for_chain");
        var broken = Assert.IsType<ChainCheck.Broken>(await db.DataSource.VerifyAsync());
        Assert.Equal(ChainBreak.Inserted, broken.Kind);
        Assert.Equal(("opinion", fake), (broken.RowKind, broken.RowId));
    }
}

public class ChainDeletionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task An_opinion_deleted_from_the_middle_with_its_link_is_found_and_located()
    {
        var made = await db.ChainedAsync();
        var target = made.Opinions[3];
        var k = await db.SeqOfAsync("opinion", target);
        await db.AsIntruderAsync("delete from intake_chain where seq = @k; delete from opinion where id = @target", new { k, target });

        var broken = Assert.IsType<ChainCheck.Broken>(await db.DataSource.VerifyAsync(pageSize: 2));
        Assert.Equal(ChainBreak.Deleted, broken.Kind);
        Assert.Equal(k, broken.Seq);
    }

}

public class ChainRowDeletionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task A_response_deleted_with_its_link_left_is_found_and_named()
    {
        var made = await db.ChainedAsync();
        var target = made.Responses[1];
        await db.DataSource.ScalarAsync<int>("delete from response where id = @target returning 1", new { target });
        var broken = Assert.IsType<ChainCheck.Broken>(await db.DataSource.VerifyAsync());
        Assert.Equal(ChainBreak.Deleted, broken.Kind);
        Assert.Equal(("response", target), (broken.RowKind, broken.RowId));
        Assert.Equal(await db.SeqOfAsync("response", target), broken.Seq);
    }
}
