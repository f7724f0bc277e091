using Dapper;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Domain;

public class RetentionTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private async Task<long> OpinionAsync(long consultation, string? name, string? contact) =>
        (await db.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen,
            name, Contact.Parse(contact), "chuan", "保留的意见正文", name is not null || contact is not null))).OpinionId;

    /// <summary>What a purge did to these consultations; the rest of the database is not this test's.</summary>
    private static List<Retention.Purged> Of(IEnumerable<Retention.Purged> purged, params long[] consultations) =>
        purged.Where(p => consultations.Contains(p.ConsultationId)).ToList();

    [Fact]
    public async Task Contact_data_of_consultations_closed_longer_than_the_period_is_removed_and_the_opinions_stay()
    {
        var old = await db.ConsultationAsync();
        var recent = await db.ConsultationAsync();
        var open = await db.ConsultationAsync();
        var oldOpinion = await OpinionAsync(old, "赵一", "13800000001");
        var anonymous = await OpinionAsync(old, null, null);
        var recentOpinion = await OpinionAsync(recent, "钱二", "13800000002");
        var openOpinion = await OpinionAsync(open, "孙三", "13800000003");
        // One closed by staff 200 days ago, one whose window ended 10 days ago; the third still open.
        await db.DataSource.ScalarAsync<long>(
            "update consultation set state = 'closed', opens_at = @opens, closes_at = @closes, closed_at = @closed where id = @old returning id",
            new { old, opens = db.Now.AddDays(-300), closes = db.Now.AddDays(1), closed = db.Now.AddDays(-200) });
        await db.DataSource.ScalarAsync<long>(
            "update consultation set opens_at = @opens, closes_at = @closes where id = @recent returning id",
            new { recent, opens = db.Now.AddDays(-40), closes = db.Now.AddDays(-10) });

        var purged = await db.DataSource.PurgePersonalDataAsync(180, db.Now);

        Assert.Equal([new Retention.Purged(old, 1)], Of(purged, old, recent, open));
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

        // 171 days later the recently closed one is past the period too (the open one closed only 141 days before);
        // nothing is purged twice.
        db.Clock.Advance(TimeSpan.FromDays(171));
        Assert.Equal([new Retention.Purged(recent, 1)], Of(await db.DataSource.PurgePersonalDataAsync(180, db.Now), old, recent, open));
    }

    [Fact]
    public async Task Questionnaire_drafts_untouched_past_the_period_are_deleted_and_recent_ones_stay()
    {
        var id = await db.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), Evaluation.Shared.Questionnaires.Audiences.Enterprise);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<long>("select current_version_id from questionnaire where id = @id", new { id });
        var respondent = new Evaluation.Shared.Questionnaires.Respondent("enterprise", "chuan", "914403001922038216", "某公司", "C", "small");
        await Evaluation.Shared.Questionnaires.Drafts.CreateAsync(conn, null, id, version, respondent);
        await Evaluation.Shared.Questionnaires.Drafts.CreateAsync(conn, null, id, version, respondent);
        // Times on the fixture's clock (another test of the class may have moved it): one 31 days old, one of yesterday.
        await conn.ExecuteAsync(
            """
            update response_draft d set updated_at = case when d.id = (select min(id) from response_draft where questionnaire_id = @id)
                                                         then @old else @recent end
            where d.questionnaire_id = @id
            """, new { id, old = db.Now.AddDays(-31), recent = db.Now.AddDays(-1) });

        var deleted = await db.DataSource.PurgeStaleDraftsAsync(30, db.Now);

        Assert.True(deleted >= 1);
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>("select count(*) from response_draft where questionnaire_id = @id", new { id }));
        Assert.True(await conn.ExecuteScalarAsync<bool>(
            "select exists (select 1 from audit_log where action = 'purge_personal_data' and after ->> 'stale_drafts' is not null)"));
    }
}
