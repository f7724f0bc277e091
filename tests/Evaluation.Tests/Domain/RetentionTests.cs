using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Domain;

public class RetentionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> OpinionAsync(long consultation, string? name, string? contact)
    {
        var result = await db.DataSource.SubmitAsync(db.PersonalData, new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
            name, Contact.Parse(contact), "chuan", "保留的意见正文", name is not null || contact is not null), DateTime.UtcNow);
        return ((SubmitResult.Accepted)result).OpinionId;
    }

    [Fact]
    public async Task Contact_data_of_consultations_closed_longer_than_the_period_is_removed_and_the_opinions_stay()
    {
        var old = await db.DataSource.ConsultationAsync();
        var recent = await db.DataSource.ConsultationAsync();
        var open = await db.DataSource.ConsultationAsync();
        var oldOpinion = await OpinionAsync(old, "赵一", "13800000001");
        var anonymous = await OpinionAsync(old, null, null);
        var recentOpinion = await OpinionAsync(recent, "钱二", "13800000002");
        var openOpinion = await OpinionAsync(open, "孙三", "13800000003");
        // One closed by staff 200 days ago, one whose window ended 10 days ago; the third still open.
        await db.DataSource.ScalarAsync<long>(
            """
            update consultation set state = 'closed', opens_at = now() - interval '300 days', closes_at = now() + interval '1 day',
                   closed_at = now() - interval '200 days' where id = @old returning id
            """, new { old });
        await db.DataSource.ScalarAsync<long>(
            "update consultation set opens_at = now() - interval '40 days', closes_at = now() - interval '10 days' where id = @recent returning id", new { recent });

        var purged = await db.DataSource.PurgePersonalDataAsync(180, DateTime.UtcNow);

        Assert.Equal([new Retention.Purged(old, 1)], purged);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var rows = (await conn.QueryAsync<(long Id, string? Name, string? Contact, string Body, DateTime? RemovedAt)>(
            "select id, name, contact, body, personal_data_removed_at from opinion where id = any(@ids)",
            new { ids = new[] { oldOpinion, anonymous, recentOpinion, openOpinion } })).ToDictionary(r => r.Id);
        Assert.Null(rows[oldOpinion].Name);
        Assert.Null(rows[oldOpinion].Contact);
        Assert.NotNull(rows[oldOpinion].RemovedAt);
        Assert.Equal("保留的意见正文", rows[oldOpinion].Body);
        Assert.Null(rows[anonymous].RemovedAt);
        Assert.Equal("钱二", db.PersonalData.Unprotect(rows[recentOpinion].Name));
        Assert.Equal("孙三", db.PersonalData.Unprotect(rows[openOpinion].Name));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "select count(*) from audit_log where action = 'purge_personal_data' and entity_id = @old and (after->>'opinions')::int = 1", new { old = old.ToString() }));

        // A shorter period reaches the recently closed one; nothing is purged twice.
        Assert.Equal([new Retention.Purged(recent, 1)], await db.DataSource.PurgePersonalDataAsync(5, DateTime.UtcNow));
    }
}
