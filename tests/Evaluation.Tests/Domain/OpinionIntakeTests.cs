using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Domain;

public class OpinionIntakeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static NewOpinion Opinion(long consultationId, string body = "意见正文", string region = "xinhualu") =>
        new(consultationId, Channels.Online, RespondentTypes.Citizen, "张三", Contact.Parse("13812345678"), region, body, true);

    [Fact]
    public async Task An_accepted_opinion_is_stored_and_counted_in_one_transaction()
    {
        var consultation = await db.ConsultationAsync();
        var result = await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), db.Now);

        var accepted = Assert.IsType<SubmitResult.Accepted>(result);
        Assert.True(Receipt.TryNormalize(accepted.ReceiptNumber, out _));
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var row = await conn.QuerySingleAsync<(string Receipt, string Body, string Contact, string Status, DateTime? ConsentAt)>(
            "select receipt_number, body, contact, status, consent_at from opinion where id = @OpinionId", accepted);
        Assert.Equal(accepted.ReceiptNumber, row.Receipt);
        Assert.Equal("意见正文", row.Body);
        // Encrypted at rest; the key ring in the database reads it back.
        Assert.DoesNotContain("13812345678", row.Contact);
        Assert.Equal("13812345678", db.PersonalData.Unprotect(row.Contact));
        Assert.Equal("received", row.Status);
        Assert.NotNull(row.ConsentAt);
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task An_open_consultation_past_its_closing_time_refuses_opinions_without_any_job_having_run()
    {
        var consultation = await db.ConsultationAsync(
            opensAt: db.Now.AddDays(-10), closesAt: db.Now.AddSeconds(-1));
        Assert.Equal("open", await db.DataSource.ScalarAsync<string>("select state from consultation where id = @consultation", new { consultation }));

        var result = await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), db.Now);

        var refused = Assert.IsType<SubmitResult.ConsultationNotOpen>(result);
        Assert.Equal(ConsultationPhase.Closed, refused.Phase);
        await AssertNothingStored(consultation);
    }

    [Theory]
    [InlineData("draft", ConsultationPhase.Draft)]
    [InlineData("closed", ConsultationPhase.Closed)]
    public async Task Draft_and_closed_consultations_refuse_opinions(string state, ConsultationPhase phase)
    {
        var consultation = await db.ConsultationAsync(state: state);
        var refused = Assert.IsType<SubmitResult.ConsultationNotOpen>(await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), db.Now));
        Assert.Equal(phase, refused.Phase);
        await AssertNothingStored(consultation);
    }

    [Fact]
    public async Task A_consultation_not_yet_open_refuses_opinions()
    {
        var consultation = await db.ConsultationAsync(opensAt: db.Now.AddDays(1), closesAt: db.Now.AddDays(5));
        var refused = Assert.IsType<SubmitResult.ConsultationNotOpen>(await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), db.Now));
        Assert.Equal(ConsultationPhase.Upcoming, refused.Phase);
        await AssertNothingStored(consultation);
    }

    [Fact]
    public async Task An_unknown_consultation_is_reported_as_missing() =>
        Assert.IsType<SubmitResult.ConsultationMissing>(await db.DataSource.SubmitAsync(db.PersonalData, Opinion(987654321), db.Now));

    [Fact]
    public async Task A_failing_insert_leaves_neither_the_opinion_nor_the_count()
    {
        var consultation = await db.ConsultationAsync();
        // A region that is not in the list breaks the insert after the count was raised in the same transaction.
        await Assert.ThrowsAsync<PostgresException>(() => db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation, region: "nowhere"), db.Now));
        await AssertNothingStored(consultation);
    }

    [Fact]
    public async Task The_database_refuses_what_the_rules_refuse()
    {
        var consultation = await db.ConsultationAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        const string insert =
            """
            insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, region_code, body, consent_at)
            values (@consultation, @receipt, @channel, 'citizen', @name, 'xinhualu', @body, null)
            """;
        // Too long, empty, unknown channel, personal data without consent.
        foreach (var (body, channel, name) in new[] { (new string('字', 5001), "online", (string?)null), ("", "online", null), ("正文", "carrier_pigeon", null), ("正文", "online", "张三") })
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() =>
                conn.ExecuteAsync(insert, new { consultation, receipt = Receipt.NewNumber(), channel, name, body }));
            Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
        }
    }

    [Fact]
    public async Task Every_channel_of_article_8_can_be_stored()
    {
        var consultation = await db.ConsultationAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        foreach (var channel in Channels.All)
        {
            await conn.ExecuteAsync(
                """
                insert into opinion (consultation_id, receipt_number, channel, respondent_type, region_code, body)
                values (@consultation, @receipt, @channel, 'citizen', 'xinhualu', '正文')
                """, new { consultation, receipt = Receipt.NewNumber(), channel });
        }
        Assert.Equal(Channels.All.Length, await conn.ExecuteScalarAsync<int>("select count(distinct channel) from opinion where consultation_id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task Concurrent_submissions_are_all_stored_and_counted_without_updating_the_consultation_row()
    {
        var consultation = await db.ConsultationAsync();
        const string row = "select xmin::text from consultation where id = @consultation";
        var rowVersion = await db.DataSource.ScalarAsync<string>(row, new { consultation });
        var dataVersion = await db.DataSource.ScalarAsync<long>("select consultation_data_version(@consultation)", new { consultation });

        const int n = 200;
        var results = await Task.WhenAll(Enumerable.Range(0, n)
            .Select(i => Task.Run(() => db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation, $"意见 {i}"), db.Now))));

        Assert.All(results, r => Assert.IsType<SubmitResult.Accepted>(r));
        Assert.Equal(n, results.Cast<SubmitResult.Accepted>().Select(r => r.ReceiptNumber).Distinct().Count());
        Assert.Equal(n, await db.DataSource.ScalarAsync<int>("select consultation_opinion_count(@consultation)::int", new { consultation }));
        Assert.Equal((long)n, await db.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        // Every opinion raised the findings' version, and none of them wrote the consultation's row, on which they
        // would have waited for each other.
        Assert.Equal(dataVersion + n, await db.DataSource.ScalarAsync<long>("select consultation_data_version(@consultation)", new { consultation }));
        Assert.Equal(rowVersion, await db.DataSource.ScalarAsync<string>(row, new { consultation }));
    }

    [Fact]
    public async Task The_one_statement_submission_stores_and_counts_or_writes_nothing()
    {
        var consultation = await db.ConsultationAsync();
        var proof = new CaptchaProof(Guid.NewGuid().ToString("N"), db.Now.AddMinutes(10));
        var accepted = await db.DataSource.SubmitAtOnceAsync(db.PersonalData, Opinion(consultation), db.Now, Guid.NewGuid(), proof);
        Assert.NotNull(accepted);
        Assert.Equal(accepted.ReceiptNumber, await db.DataSource.ScalarAsync<string>("select receipt_number from opinion where id = @OpinionId", accepted));
        Assert.Equal(1, await db.DataSource.ScalarAsync<int>("select consultation_opinion_count(@consultation)::int", new { consultation }));

        // The same solution again, the same form's token again: nothing written, the full steps tell which it was.
        Assert.Null(await db.DataSource.SubmitAtOnceAsync(db.PersonalData, Opinion(consultation), db.Now, Guid.NewGuid(), proof));
        var token = await db.DataSource.ScalarAsync<Guid>("select submission_token from opinion where id = @OpinionId", accepted);
        Assert.Null(await db.DataSource.SubmitAtOnceAsync(db.PersonalData, Opinion(consultation), db.Now, token, null));
        Assert.Equal(1L, await db.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(1, await db.DataSource.ScalarAsync<int>("select consultation_opinion_count(@consultation)::int", new { consultation }));

        // A closed consultation: nothing written, the solution left unspent.
        var closed = await db.ConsultationAsync(state: "closed");
        var unspent = new CaptchaProof(Guid.NewGuid().ToString("N"), db.Now.AddMinutes(10));
        Assert.Null(await db.DataSource.SubmitAtOnceAsync(db.PersonalData, Opinion(closed), db.Now, Guid.NewGuid(), unspent));
        await AssertNothingStored(closed);
        Assert.Equal(0L, await db.DataSource.ScalarAsync<long>("select count(*) from captcha_use where challenge = @Challenge", unspent));
    }

    private async Task AssertNothingStored(long consultation)
    {
        Assert.Equal(0L, await db.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(0, await db.DataSource.ScalarAsync<int>("select consultation_opinion_count(id)::int from consultation where id = @consultation", new { consultation }));
    }
}
