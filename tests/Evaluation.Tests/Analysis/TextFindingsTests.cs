using Dapper;
using Evaluation.Analysis;
using Evaluation.Analysis.Text;
using Evaluation.Shared.Data;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Questionnaires;
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
        Assert.Equal(ExclusionOutcome.Done, await Exclusions.ExcludeAsync(db.DataSource, ExclusionSubject.Opinion(spam), "与本决策无关的广告", Staff));

        var findings = (await TextFindings.ComputeAsync(conn, consultation))!;

        Assert.Equal((1, 1), (findings.Opinions, findings.Excluded));
        var rationality = findings.Criteria.Single(c => c.Criterion == "rationality");
        Assert.Equal((1, 0, 1), (rationality.Coded, rationality.Suggested, rationality.CodedDistinct));
        Assert.True(Assert.Single(rationality.Quotes).Coded);
        Assert.Equal(0, findings.Criteria.Single(c => c.Criterion == "operability").Suggested);
        Assert.DoesNotContain(findings.Keywords, k => k.Word == "发票");
    }

    [Fact]
    public async Task Excluded_opinions_and_responses_count_in_no_keyword_count_quote_standard_or_campaign()
    {
        var consultation = await db.ConsultationAsync();
        var kept = new[]
        {
            await db.OpinionAsync(consultation, Letter, Day),
            await db.OpinionAsync(consultation, Letter.Replace("五六趟", "七八趟"), Day.AddHours(1)),
        };
        // A third copy and an opinion of its own, both excluded: the campaign is two, and the excluded words are nowhere.
        var copy = await db.OpinionAsync(consultation, Letter, Day.AddHours(2));
        var alone = await db.OpinionAsync(consultation, "第三条的表述含糊，用语存在歧义，梧桐树下的窗口无人值守。", Day.AddHours(3));
        var questionnaire = await db.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), consultationId: consultation);
        var responses = new List<long>();
        foreach (var text in new[] { "窗口排队时间长，窗口太少。", "银杏树银杏树银杏树，银杏树太少。" })
            responses.Add(await ResponseWithTextAsync(questionnaire, "q2", text, "operability"));
        foreach (var (subject, reason) in new[]
                 {
                     (ExclusionSubject.Opinion(copy), "同一人重复提交，保留最早的一份"), (ExclusionSubject.Opinion(alone), "测试数据"),
                     (ExclusionSubject.Response(responses[1]), "测试数据"),
                 })
            Assert.Equal(ExclusionOutcome.Done, await Exclusions.ExcludeAsync(db.DataSource, subject, reason, Staff));

        var findings = await FindingsAsync(consultation);

        Assert.Equal((2, 2, 1), (findings.Opinions, findings.Excluded, findings.DistinctTexts));
        var campaign = Assert.Single(findings.Campaigns);
        Assert.Equal(kept, campaign.OpinionIds);
        Assert.Equal(2, findings.OpinionsInCampaigns);
        var normativity = findings.Criteria.Single(c => c.Criterion == "normativity");
        Assert.Equal((0, 0, 0), (normativity.Suggested, normativity.Coded, normativity.Quotes.Count));
        var operability = findings.Criteria.Single(c => c.Criterion == "operability");
        Assert.Equal((2, 1), (operability.Suggested, operability.AnswerTexts));
        Assert.DoesNotContain(findings.Keywords, k => k.Word is "梧桐树" or "银杏树" or "歧义");
        Assert.Contains(findings.Keywords, k => k.Word == "窗口");
        Assert.All(findings.Criteria.SelectMany(c => c.Quotes), q => Assert.Contains(q.OpinionId, kept));

        // Lifted, the opinion counts again.
        Assert.Equal(ExclusionOutcome.Done, await Exclusions.LiftAsync(db.DataSource, ExclusionSubject.Opinion(alone), Staff));
        var lifted = await FindingsAsync(consultation);
        Assert.Equal((3, 1), (lifted.Opinions, lifted.Excluded));
        Assert.Contains(lifted.Keywords, k => k.Word == "歧义");
    }

    [Fact]
    public async Task Keywords_come_from_what_people_wrote_not_from_region_or_date_answers()
    {
        var consultation = await db.ConsultationAsync();
        await db.OpinionAsync(consultation, "西环路街道的窗口排队时间长，办事效率低。");
        var definition = new Definition([new Section("s1", "基本情况", null, null,
        [
            new Question("q1", QuestionTypes.Region, "您所在的乡镇（街道）"),
            new Question("q2", QuestionTypes.Date, "您最近一次办事的日期"),
            new Question("q3", QuestionTypes.LongText, "您的建议"),
        ])]);
        var questionnaire = await db.PublishedQuestionnaireAsync(definition, consultationId: consultation);
        foreach (var region in new[] { "xihuanlu", "xinhualu", "xihuanlu" })
        {
            var response = await ResponseWithTextAsync(questionnaire, "q1", region, null);
            await AnswerTextAsync(response, questionnaire, "q2", "2024-05-01");
            await AnswerTextAsync(response, questionnaire, "q3", "窗口太少，希望增加自助终端。");
        }

        var findings = await FindingsAsync(consultation);

        var words = findings.Keywords.Select(k => k.Word).ToList();
        Assert.DoesNotContain("xihuanlu", words);
        Assert.DoesNotContain("xinhualu", words);
        Assert.DoesNotContain(words, w => w.Any(char.IsAsciiDigit));
        Assert.Equal(4, findings.Keywords.Single(k => k.Word == "窗口").Texts);
        // Region and date answers are not even segmented.
        Assert.Equal(3L, await db.DataSource.ScalarAsync<long>(
            "select count(*) from answer_text_feature f join response r on r.id = f.response_id where r.questionnaire_id = @questionnaire",
            new { questionnaire }));
    }

    [Fact]
    public async Task A_keyword_hits_only_a_whole_segmented_word()
    {
        var consultation = await db.ConsultationAsync();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        // "不明确" is on the seeded list of normativity; jieba alone cuts it as 不 + 明确.
        var keywords = await CriterionKeywords.LoadAsync(conn, DecisionKinds.NormativeDocument);
        Assert.Null(keywords.Suggest(TextSegmenter.Terms("第三条的规定很明确。")));
        Assert.Contains("不明确", keywords.Suggest(TextSegmenter.Terms("第三条的规定不明确。"))!.MatchedKeywords);
        // Nor is a keyword hit inside a longer word: the keyword "程序" (operability) is not in "程序员".
        Assert.Null(keywords.Suggest(TextSegmenter.Terms("他是一名程序员。")));
        Assert.Equal("operability", keywords.Suggest(TextSegmenter.Terms("办理的程序太复杂。"))!.Criterion);

        var clear = await db.OpinionAsync(consultation, "第十二条关于评估对象的规定很明确。");
        var unclear = await db.OpinionAsync(consultation, "第十二条关于评估对象的规定不明确。");
        Assert.Null(await CriterionKeywords.SuggestForOpinionAsync(conn, clear));
        var findings = await FindingsAsync(consultation);
        Assert.Equal((1, 0), (findings.Criteria.Single(c => c.Criterion == "normativity").Suggested, findings.Criteria.Sum(c => c.Coded)));
        Assert.Equal(["不明确"], (await CriterionKeywords.SuggestForOpinionAsync(conn, unclear))!.MatchedKeywords);
        Assert.Null(await CriterionKeywords.SuggestForOpinionAsync(conn, clear));
    }

    private static readonly Audit.Actor Staff = new(null, "王芳");

    /// <summary>A response to the questionnaire with one text answer; the item tagged with the criterion (or untagged).</summary>
    private async Task<long> ResponseWithTextAsync(long questionnaire, string key, string text, string? criterion)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        var version = await conn.ExecuteScalarAsync<long>("select current_version_id from questionnaire where id = @questionnaire", new { questionnaire });
        if (criterion is not null)
            await conn.ExecuteAsync("update question_item set criterion = @criterion where version_id = @version and key = @key", new { criterion, version, key });
        var response = await conn.ExecuteScalarAsync<long>(
            """
            insert into response (questionnaire_id, version_id, receipt_number, respondent_type, submitted_at)
            values (@questionnaire, @version, @receipt, 'citizen', now()) returning id
            """, new { questionnaire, version, receipt = Receipt.NewNumber() });
        await AnswerTextAsync(response, questionnaire, key, text);
        return response;
    }

    private async Task AnswerTextAsync(long response, long questionnaire, string key, string text)
    {
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync(
            """
            insert into answer_text (response_id, item_id, text)
            select @response, i.id, @text from question_item i join questionnaire q on q.current_version_id = i.version_id
            where q.id = @questionnaire and i.key = @key
            """, new { response, questionnaire, key, text });
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
