using Dapper;
using Evaluation.Analysis.Text;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Analysis;

public class TextFindingsTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private const string Letter = "审批流程太繁琐，办理营业执照要跑五六趟，材料重复提交，希望推行网上办理，提高办事效率。";
    private static readonly DateTime Day = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    private async Task<TextFindingsResult> FindingsAsync(long consultation)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        return (await TextFindings.ComputeAsync(conn, consultation))!;
    }

    [Fact]
    public async Task Features_are_computed_once_and_a_second_analysis_only_reads_them()
    {
        var consultation = await db.ConsultationAsync();
        var first = await db.OpinionAsync(consultation, "本办法与上位法相抵触，合法性存疑。");
        await db.OpinionAsync(consultation, Letter);

        Assert.Equal(2, (await FindingsAsync(consultation)).FeaturesComputed);
        var stamp = await db.DataSource.ScalarAsync<DateTime>("select computed_at from opinion_text_feature where opinion_id = @first", new { first });

        var again = await FindingsAsync(consultation);
        Assert.Equal(0, again.FeaturesComputed);
        Assert.Equal(2, again.Opinions);
        Assert.Equal(stamp, await db.DataSource.ScalarAsync<DateTime>("select computed_at from opinion_text_feature where opinion_id = @first", new { first }));

        // A new opinion: only it is segmented.
        await db.OpinionAsync(consultation, "条款表述含糊，存在歧义。");
        Assert.Equal(1, (await FindingsAsync(consultation)).FeaturesComputed);
        Assert.Equal(3L, await db.DataSource.ScalarAsync<long>(
            "select count(*) from opinion_text_feature f join opinion o on o.id = f.opinion_id where o.consultation_id = @consultation", new { consultation }));
        var terms = await db.DataSource.ScalarAsync<string[]>("select terms from opinion_text_feature where opinion_id = @first", new { first });
        Assert.Contains("上位法", terms);
        Assert.Contains("合法性", terms);
    }

    [Fact]
    public async Task Uncoded_opinions_get_the_criterion_whose_keywords_they_contain_most()
    {
        var consultation = await db.ConsultationAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var keywords = await CriterionKeywords.LoadAsync(conn, DecisionKinds.NormativeDocument);

        Assert.Equal("legality", keywords.Suggest(TextSegmenter.Terms("本办法与上位法相抵触，超越法定授权。"))!.Criterion);
        var operability = keywords.Suggest(TextSegmenter.Terms(Letter))!;
        Assert.Equal("operability", operability.Criterion);
        Assert.Equal(new[] { "办理", "办事效率", "审批流程", "材料", "繁琐", "网上办理" }.Order(StringComparer.Ordinal), operability.MatchedKeywords);
        Assert.Equal("normativity", keywords.Suggest(TextSegmenter.Terms("第三条的表述含糊，用语存在歧义。"))!.Criterion);
        Assert.Null(keywords.Suggest(TextSegmenter.Terms("今天天气很好，我们去公园散步。")));

        // The lists are data: a new keyword counts at once, without segmenting anything again.
        var id = await db.OpinionAsync(consultation, "希望多种些梧桐树。");
        Assert.Null(await CriterionKeywords.SuggestForOpinionAsync(conn, id));
        await conn.ExecuteAsync("insert into criterion_keyword (criterion, word) values ('effectiveness', '梧桐树')");
        try
        {
            Assert.Equal("effectiveness", (await CriterionKeywords.SuggestForOpinionAsync(conn, id))!.Criterion);
        }
        finally
        {
            await conn.ExecuteAsync("delete from criterion_keyword where word = '梧桐树'");
        }
    }

    [Fact]
    public async Task Campaigns_are_counted_per_submission_and_per_distinct_text_and_nothing_is_dropped()
    {
        var consultation = await db.ConsultationAsync();
        var ids = new List<long>
        {
            await db.OpinionAsync(consultation, Letter, Day),
            await db.OpinionAsync(consultation, Letter.Replace("五六趟", "七八趟"), Day.AddHours(1)),
            await db.OpinionAsync(consultation, Letter, Day.AddDays(2)),
            await db.OpinionAsync(consultation, Letter + "谢谢！", Day.AddDays(3)),
        };
        var other = await db.OpinionAsync(consultation, "本办法与上位法相抵触，合法性存疑，建议提请合法性审查。", Day.AddDays(1));
        await db.OpinionAsync(consultation, "第三条的表述含糊，用语存在歧义，建议修改条款。", Day.AddDays(1));

        var findings = await FindingsAsync(consultation);

        Assert.Equal(6, findings.Opinions);
        Assert.Equal(3, findings.DistinctTexts);
        Assert.Equal(4, findings.OpinionsInCampaigns);
        var campaign = Assert.Single(findings.Campaigns);
        Assert.Equal((1, 4, 3), (campaign.Number, campaign.Size, campaign.DistinctTexts));
        Assert.Equal((Day, Day.AddDays(3)), (campaign.FirstAt, campaign.LastAt));
        Assert.Equal(ids[0], campaign.RepresentativeOpinionId);
        Assert.Equal(Letter, campaign.RepresentativeText);
        Assert.Equal(ids, campaign.OpinionIds);

        // Per criterion: four submissions, one distinct text (the campaign).
        var operability = findings.Criteria.Single(c => c.Criterion == "operability");
        Assert.Equal((0, 4, 0, 1), (operability.Coded, operability.Suggested, operability.CodedDistinct, operability.SuggestedDistinct));
        var quote = Assert.Single(operability.Quotes);
        Assert.Equal((ids[0], 4), (quote.OpinionId, quote.CampaignSize));
        var legality = findings.Criteria.Single(c => c.Criterion == "legality");
        Assert.Equal(other, Assert.Single(legality.Quotes).OpinionId);
        Assert.Contains(legality.Keywords, k => k.Word == "合法性审查");

        // Overall keywords: the campaign's words count once in the weight, four times in Texts.
        var tedious = findings.Keywords.Single(k => k.Word == "繁琐");
        Assert.Equal((4, 1), (tedious.Texts, tedious.DistinctTexts));
        Assert.Equal(6, findings.Criteria.Sum(c => c.Suggested + c.Coded) + findings.Unassigned + findings.CodedNoCriterion);
    }

    [Fact]
    public async Task Excluded_opinions_are_counted_apart_and_coded_ones_count_as_coded()
    {
        var consultation = await db.ConsultationAsync();
        var spam = await db.OpinionAsync(consultation, "广告：低价出售发票，联系电话一二三四五六。");
        var coded = await db.OpinionAsync(consultation, "审批流程繁琐，手续太多。");
        var staff = await db.DataSource.StaffAsync("coder" + consultation, "correct horse battery", "evaluation_staff");
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // Coded by staff as rationality although its keywords point to operability: the coding wins.
        await conn.ExecuteAsync("insert into opinion_coding (opinion_id, criterion, coded_by, coded_at) values (@coded, 'rationality', @staff, now())",
            new { coded, staff });

        var findings = (await TextFindings.ComputeAsync(conn, consultation, excludedOpinionIds: [spam]))!;

        Assert.Equal((1, 1), (findings.Opinions, findings.Excluded));
        var rationality = findings.Criteria.Single(c => c.Criterion == "rationality");
        Assert.Equal((1, 0, 1), (rationality.Coded, rationality.Suggested, rationality.CodedDistinct));
        Assert.True(Assert.Single(rationality.Quotes).Coded);
        Assert.Equal(0, findings.Criteria.Single(c => c.Criterion == "operability").Suggested);
    }

    [Fact]
    public async Task Free_text_answers_of_tagged_items_feed_their_criterion_and_a_decision_sums_its_consultations()
    {
        var decision = await db.DataSource.DecisionAsync();
        var first = await db.ConsultationAsync(decision);
        var second = await db.ConsultationAsync(decision);
        await db.OpinionAsync(first, "条款表述含糊，存在歧义。");
        await db.OpinionAsync(second, "条款表述含糊，存在歧义，用语不严谨。");
        var questionnaire = await db.PublishedQuestionnaireAsync(consultationId: first);
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // q3 is a free-text question; tagged here as the evaluator would tag an open question on operability.
        var (item, version) = await conn.QuerySingleAsync<(long, long)>(
            "select i.id, i.version_id from question_item i join questionnaire q on q.current_version_id = i.version_id where q.id = @questionnaire and i.key = 'q3'",
            new { questionnaire });
        await conn.ExecuteAsync("update question_item set criterion = 'operability' where id = @item", new { item });
        foreach (var text in new[] { "窗口排队时间长，窗口太少。", "网上提交系统经常卡顿，窗口也要排队。" })
        {
            var response = await conn.ExecuteScalarAsync<long>(
                """
                insert into response (questionnaire_id, version_id, receipt_number, respondent_type, submitted_at)
                values (@questionnaire, @version, @receipt, 'citizen', now()) returning id
                """, new { questionnaire, version, receipt = Receipt.NewNumber() });
            await conn.ExecuteAsync("insert into answer_text (response_id, item_id, text) values (@response, @item, @text)", new { response, item, text });
        }

        var findings = (await TextFindings.ComputeForDecisionAsync(conn, decision))!;

        Assert.Equal([first, second], findings.ConsultationIds);
        Assert.Equal(2, findings.Opinions);
        Assert.Equal(4, findings.FeaturesComputed);
        var operability = findings.Criteria.Single(c => c.Criterion == "operability");
        Assert.Equal(2, operability.AnswerTexts);
        Assert.Equal("窗口", operability.Keywords[0].Word);
        Assert.Equal(2, findings.Criteria.Single(c => c.Criterion == "normativity").Suggested);
        Assert.Equal(0, (await TextFindings.ComputeForDecisionAsync(conn, decision))!.FeaturesComputed);
    }
}
