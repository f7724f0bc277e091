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
    public void Stop_word_list_is_loaded_from_the_data_file()
    {
        Assert.Contains("我们", TextSegmenter.StopWords);
        Assert.Contains("建议", TextSegmenter.StopWords);
        Assert.DoesNotContain("合法性", TextSegmenter.StopWords);
        Assert.True(TextSegmenter.StopWords.Count > 150);
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
