using Dapper;
using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Demo;

/// <summary>The demo's closed consultation (db/demo/0007, src/Cli/DemoHistory.cs) gives the findings every kind of figure.</summary>
public class DemoHistoryTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly string[] AllChannels = ["online", "letter", "telegram", "fax", "email", "phone", "meeting"];

    private async Task<Dictionary<string, long>> CountsAsync()
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var tables = new[] { "decision", "consultation", "opinion", "opinion_source", "opinion_coding", "analysis_exclusion", "questionnaire", "response", "answer", "answer_text", "audit_log" };
        var counts = new Dictionary<string, long>();
        foreach (var table in tables) counts[table] = await conn.ExecuteScalarAsync<long>($"select count(*) from {table}");
        return counts;
    }

    [Fact]
    public async Task The_closed_demo_consultation_has_figures_for_all_six_standards_every_channel_a_before_after_test_and_a_campaign_once()
    {
        var seeded = await DemoSeed.RunAsync(db.ConnectionString, db.DataSource, db.PersonalData, new FindingsOptions(), db.Clock);
        Assert.False(seeded.Removed);
        var history = Assert.IsType<DemoHistory.Loaded>(seeded.History);
        Assert.InRange(history.Opinions, 300, 400);
        Assert.InRange(history.Responses, 500, 600);
        Assert.True(seeded.Elapsed < TimeSpan.FromSeconds(30), $"seed-demo took {seeded.Elapsed}");

        var findings = await FindingsStore.GetAsync(db.DataSource, FindingsScope.Consultation(history.ConsultationId), new FindingsOptions(), db.Clock);
        Assert.NotNull(findings);
        // Every standard of Art. 15 with answers enough for a conclusion.
        Assert.Equal(Criteria.NormativeDocument, findings.Criteria.Select(c => c.Criterion));
        foreach (var criterion in findings.Criteria)
        {
            Assert.True(criterion.Pooled.N >= new FindingsOptions().MinimumAnswers, $"{criterion.Criterion}: n = {criterion.Pooled.N}");
            Assert.NotNull(criterion.Index);
            Assert.NotEqual(ConclusionLevels.Insufficient, criterion.Conclusion.Level);
        }
        // The before/after pair of Art. 19(1), tested, and better after.
        var effect = Assert.Single(findings.Criteria, c => c.BeforeAfter is not null);
        Assert.Equal("effectiveness", effect.Criterion);
        Assert.True(effect.BeforeAfter!.Difference!.Value > 0);
        Assert.True(effect.BeforeAfter.Difference.P < 0.05);
        Assert.Equal((ComparisonMethods.Paired, "q10", "q11"), (effect.BeforeAfter.Method, effect.BeforeAfter.BeforeKey, effect.BeforeAfter.AfterKey));
        // The negatively worded item (反向计分) counts inverted in operability's figures.
        var reverse = Assert.Single(findings.Criteria.SelectMany(c => c.Items), i => i.Reverse);
        Assert.Equal(("operability", "q15"), (reverse.Criterion, reverse.ItemKey));
        // Breakdowns by type and region have their test.
        Assert.Contains(findings.Criteria.SelectMany(c => c.Items).SelectMany(i => i.Groups), b => b.Dimension == "region" && b.Test is not null);

        // Participation: every channel, type and many regions; both questionnaires answered; exclusions with reasons.
        var p = findings.Participation;
        Assert.Equal(history.Opinions, p.Opinions);
        Assert.Equal(AllChannels.Order(), p.ByChannel.Select(c => c.Key).Order());
        Assert.All(p.ByChannel, c => Assert.True(c.Value > 0));
        Assert.Equal(["citizen", "enterprise", "organization"], p.ByRespondentType.Select(c => c.Key).Order());
        Assert.True(p.ByRegion.Count >= 15);
        Assert.True(p.ByDay.Count > 30);
        Assert.Equal(["enterprise", "public"], p.Questionnaires.Select(q => q.Audience).Order());
        Assert.All(p.Questionnaires, q => Assert.True(q.Submitted >= 100));
        Assert.Equal(4, p.OpinionsExcluded);
        Assert.Contains(findings.Exclusions, x => x.Kind == "response");
        Assert.All(findings.Exclusions, x => Assert.False(string.IsNullOrWhiteSpace(x.Reason)));

        // The text: the campaign found, and only small chance groups besides it.
        var text = Assert.IsType<Evaluation.Analysis.Text.TextFindingsResult>(findings.Text);
        var campaign = text.Campaigns.MaxBy(c => c.Size)!;
        Assert.InRange(campaign.Size, DemoHistory.CampaignSize - 2, DemoHistory.CampaignSize);
        Assert.Contains("三十日内书面答复", campaign.RepresentativeText);
        Assert.All(text.Campaigns.Where(c => c != campaign), c => Assert.True(c.Size <= 4, $"chance group of {c.Size}: {c.RepresentativeText}"));
        Assert.All(text.Criteria, c => Assert.True(c.Coded + c.Suggested > 0, c.Criterion));
        // Keywords from what people wrote, without weak words (issue 22 saw "下去", "一次" and region codes in pinyin).
        Assert.All(text.Keywords.Concat(text.Criteria.SelectMany(c => c.Keywords)), k =>
            Assert.False(Evaluation.Analysis.Text.TextSegmenter.StopWords.Contains(k.Word) || k.Word.All(char.IsAscii), k.Word));

        await using (var conn = await db.DataSource.OpenConnectionAsync())
        {
            // The count on the consultation is the opinions'; receipts and credit codes are valid; personal data encrypted.
            Assert.Equal(history.Opinions, await conn.ExecuteScalarAsync<int>("select opinion_count from consultation where id = @ConsultationId", history));
            var receipts = await conn.QueryAsync<string>(
                """
                select receipt_number from opinion where consultation_id = @ConsultationId
                union all select r.receipt_number from response r join questionnaire q on q.id = r.questionnaire_id where q.consultation_id = @ConsultationId
                """, history);
            Assert.All(receipts, r => Assert.True(Receipt.TryNormalize(r, out _), r));
            var codes = (await conn.QueryAsync<string>(
                "select r.credit_code from response r join questionnaire q on q.id = r.questionnaire_id where q.consultation_id = @ConsultationId and r.credit_code is not null",
                history)).ToList();
            Assert.True(codes.Count >= 100);
            Assert.All(codes, c => Assert.True(CreditCode.TryNormalize(c, out _), c));
            var letter = await conn.QueryFirstAsync<(string Name, string Contact)>(
                "select name, contact from opinion where consultation_id = @ConsultationId and channel = 'letter' order by id limit 1", history);
            Assert.DoesNotContain("任丘市", letter.Contact);
            Assert.Contains("任丘市", db.PersonalData.Unprotect(letter.Contact));
            Assert.True(await conn.ExecuteScalarAsync<long>("select count(*) from opinion where consultation_id = @ConsultationId and reply is not null", history) > 50);

            // A response excluded as submitted twice has its twin, submitted earlier and kept, as its reason says.
            var twice = (await conn.QueryAsync<(long Id, bool EarlierTwinKept, string Reason)>(
                """
                with answers as (
                    select response_id, string_agg(item_id || ':' || code || ':' || coalesce(value::text, ''), ',' order by item_id, code) as answers
                    from answer group by response_id)
                select r.id, exists (
                           select 1 from response e join answers ea on ea.response_id = e.id
                           where e.questionnaire_id = r.questionnaire_id and e.submitted_at < r.submitted_at and ea.answers = ra.answers
                             and not exists (select 1 from analysis_exclusion y where y.response_id = e.id and y.lifted_at is null)),
                       x.reason
                from analysis_exclusion x join response r on r.id = x.response_id join answers ra on ra.response_id = r.id
                where x.consultation_id = @ConsultationId and x.reason like '同一答题人重复提交%'
                """, history)).ToList();
            Assert.NotEmpty(twice);
            Assert.All(twice, t => Assert.True(t.EarlierTwinKept, $"response {t.Id}"));
            Assert.All(twice, t => Assert.Contains("保留最早提交的一份", t.Reason));
        }

        // Twice: nothing changes.
        var before = await CountsAsync();
        var again = await DemoSeed.RunAsync(db.ConnectionString, db.DataSource, db.PersonalData, new FindingsOptions(), db.Clock);
        Assert.False(again.Changed);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public void The_same_seed_writes_the_same_texts_and_answers()
    {
        static string Draw()
        {
            var random = new Random(DemoHistory.Seed);
            var opinions = DemoTexts.Opinions(random, DemoHistory.Opinions, DemoHistory.CampaignSize);
            var answers = DemoAnswers.Enterprises(random, 20);
            return string.Join("|", opinions.Select(o => o.Body)) + string.Join("|", answers.Select(a => a.CreditCode));
        }
        Assert.Equal(Draw(), Draw());
    }
}
