using Evaluation.Analysis.Text;

namespace Evaluation.Tests.Analysis;

public class SegmentationTests
{
    [Theory]
    [InlineData("本规范性文件的合法性审查应当严格", "规范性文件", "合法性审查")]
    [InlineData("重大行政决策后评估要听取意见", "重大行政决策", "后评估")]
    [InlineData("企业填写统一社会信用代码，优化营商环境", "统一社会信用代码", "营商环境")]
    public void Domain_terms_stay_whole_words(string text, string first, string second)
    {
        var words = TextSegmenter.Segment(text);
        Assert.Contains(first, words);
        Assert.Contains(second, words);
    }

    [Fact]
    public void The_six_standards_and_region_names_are_words()
    {
        var words = TextSegmenter.Segment("合法性合理性协调性可操作性规范性实效性");
        Assert.Equal(["合法性", "合理性", "协调性", "可操作性", "规范性", "实效性"], words);
        TextSegmenter.AddWords(["石门桥镇", "鄚州镇"]);
        Assert.Contains("石门桥镇", TextSegmenter.Segment("石门桥镇的道路"));
        Assert.Contains("鄚州镇", TextSegmenter.Segment("鄚州镇的集市"));
    }

    [Fact]
    public void Terms_drop_stop_words_punctuation_numbers_and_single_characters()
    {
        var terms = TextSegmenter.Terms("我们认为，这个办法的审批流程非常繁琐！2024年应当简化。");
        Assert.Equal(["审批流程", "繁琐", "简化"], terms.Where(t => t != "办法"));
        Assert.DoesNotContain("我们", terms);
        Assert.DoesNotContain("非常", terms);
        Assert.DoesNotContain("的", terms);
        Assert.DoesNotContain("2024", terms);
        Assert.DoesNotContain("，", terms);
    }

    [Fact]
    public void Stop_words_are_the_HIT_and_Baidu_lists_less_the_kept_words_plus_our_own()
    {
        Assert.Contains("我们", TextSegmenter.StopWords);   // HIT
        Assert.Contains("下去", TextSegmenter.StopWords);   // Baidu
        Assert.Contains("一次", TextSegmenter.StopWords);   // Baidu
        Assert.Contains("建议", TextSegmenter.StopWords);   // ours
        Assert.DoesNotContain("合法性", TextSegmenter.StopWords);
        // Baidu's, but they name what the standards ask about (stopwords-kept.txt).
        foreach (var kept in new[] { "合理", "明确", "规定", "方便", "有效", "必要", "适当" })
            Assert.DoesNotContain(kept, TextSegmenter.StopWords);
        Assert.True(TextSegmenter.StopWords.Count > 1500, $"{TextSegmenter.StopWords.Count} stop words");
    }

    [Fact]
    public void Weak_words_are_no_terms_and_the_words_of_the_standards_are()
    {
        var terms = TextSegmenter.Terms("这样下去不行，我去办了一次，一起排队的人都说规定不合理、办事不方便。");
        Assert.DoesNotContain("下去", terms);
        Assert.DoesNotContain("一次", terms);
        Assert.DoesNotContain("一起", terms);
        Assert.Contains("规定", terms);
        Assert.Contains("排队", terms);
    }

    [Fact]
    public void A_keyword_added_to_the_dictionary_stays_one_word()
    {
        // The dictionary is the process's: a word no other test adds ("不明确" is on the seeded lists).
        Assert.DoesNotContain("不落地", TextSegmenter.Segment("这项措施一直不落地。"));
        TextSegmenter.AddKeywords(["不落地", "程序"]);
        Assert.Contains("不落地", TextSegmenter.Segment("这项措施一直不落地。"));
        Assert.Contains("落地", TextSegmenter.Segment("这项措施已经落地。"));
        // A known word keeps its frequency: the keyword does not split the longer word that holds it.
        Assert.Contains("程序员", TextSegmenter.Segment("他是一名程序员。"));
        Assert.Equal("不明确", TextSegmenter.AsTerm("不明确"));
        Assert.Null(TextSegmenter.AsTerm("下去"));
    }

    [Fact]
    public void Parallel_segmentation_gives_the_same_terms_as_sequential()
    {
        var texts = Enumerable.Range(0, 400).Select(i =>
            $"第{i}条意见：规范性文件的审批流程过于繁琐，石门桥镇的企业办理营业执照需要跑{i % 7 + 2}次，建议网上办理。").ToList();
        var sequential = texts.Select(TextSegmenter.Terms).ToList();
        var parallel = texts.AsParallel().AsOrdered().Select(TextSegmenter.Terms).ToList();
        Assert.Equal(sequential, parallel);
    }
}
