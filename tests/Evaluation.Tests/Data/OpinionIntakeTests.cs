using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Opinions;
using Evaluation.Tests.Infrastructure;
using Npgsql;

namespace Evaluation.Tests.Data;

public class OpinionIntakeTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static NewOpinion Opinion(long consultationId, string body = "意见正文", string region = "xinhualu") =>
        new(consultationId, Channels.Online, RespondentTypes.Citizen, "张三", Contact.Parse("13812345678"), region, body, true);

    [Fact]
    public async Task An_accepted_opinion_is_stored_and_counted_in_one_transaction()
    {
        var consultation = await db.DataSource.ConsultationAsync();
        var result = await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), DateTime.UtcNow);

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
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select opinion_count from consultation where id = @consultation", new { consultation }));
    }

    [Fact]
    public async Task An_open_consultation_past_its_closing_time_refuses_opinions_without_any_job_having_run()
    {
        var consultation = await db.DataSource.ConsultationAsync(
            opensAt: DateTime.UtcNow.AddDays(-10), closesAt: DateTime.UtcNow.AddSeconds(-1));
        Assert.Equal("open", await db.DataSource.ScalarAsync<string>("select state from consultation where id = @consultation", new { consultation }));

        var result = await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), DateTime.UtcNow);

        var refused = Assert.IsType<SubmitResult.ConsultationNotOpen>(result);
        Assert.Equal(ConsultationPhase.Closed, refused.Phase);
        await AssertNothingStored(consultation);
    }

    [Theory]
    [InlineData("draft", ConsultationPhase.Draft)]
    [InlineData("closed", ConsultationPhase.Closed)]
    public async Task Draft_and_closed_consultations_refuse_opinions(string state, ConsultationPhase phase)
    {
        var consultation = await db.DataSource.ConsultationAsync(state: state);
        var refused = Assert.IsType<SubmitResult.ConsultationNotOpen>(await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), DateTime.UtcNow));
        Assert.Equal(phase, refused.Phase);
        await AssertNothingStored(consultation);
    }

    [Fact]
    public async Task A_consultation_not_yet_open_refuses_opinions()
    {
        var consultation = await db.DataSource.ConsultationAsync(opensAt: DateTime.UtcNow.AddDays(1), closesAt: DateTime.UtcNow.AddDays(5));
        var refused = Assert.IsType<SubmitResult.ConsultationNotOpen>(await db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation), DateTime.UtcNow));
        Assert.Equal(ConsultationPhase.Upcoming, refused.Phase);
        await AssertNothingStored(consultation);
    }

    [Fact]
    public async Task An_unknown_consultation_is_reported_as_missing() =>
        Assert.IsType<SubmitResult.ConsultationMissing>(await db.DataSource.SubmitAsync(db.PersonalData, Opinion(987654321), DateTime.UtcNow));

    [Fact]
    public async Task A_failing_insert_leaves_neither_the_opinion_nor_the_count()
    {
        var consultation = await db.DataSource.ConsultationAsync();
        // A region that is not in the list breaks the insert after the count was raised in the same transaction.
        await Assert.ThrowsAsync<PostgresException>(() => db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation, region: "nowhere"), DateTime.UtcNow));
        await AssertNothingStored(consultation);
    }

    [Fact]
    public async Task The_database_refuses_what_the_rules_refuse()
    {
        var consultation = await db.DataSource.ConsultationAsync();
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
        var consultation = await db.DataSource.ConsultationAsync();
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
    public async Task Concurrent_submissions_are_all_stored_and_counted()
    {
        var consultation = await db.DataSource.ConsultationAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => db.DataSource.SubmitAsync(db.PersonalData, Opinion(consultation, $"意见 {i}"), DateTime.UtcNow)));
        Assert.All(results, r => Assert.IsType<SubmitResult.Accepted>(r));
        Assert.Equal(40, results.Cast<SubmitResult.Accepted>().Select(r => r.ReceiptNumber).Distinct().Count());
        Assert.Equal(40, await db.DataSource.ScalarAsync<int>("select opinion_count from consultation where id = @consultation", new { consultation }));
        Assert.Equal(40L, await db.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
    }

    private async Task AssertNothingStored(long consultation)
    {
        Assert.Equal(0L, await db.DataSource.ScalarAsync<long>("select count(*) from opinion where consultation_id = @consultation", new { consultation }));
        Assert.Equal(0, await db.DataSource.ScalarAsync<int>("select opinion_count from consultation where id = @consultation", new { consultation }));
    }
}
