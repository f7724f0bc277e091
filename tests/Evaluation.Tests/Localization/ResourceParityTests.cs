using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace Evaluation.Tests.Localization;

/// <summary>Texts.resx (Simplified Chinese, neutral) and Texts.en.resx hold the same keys with the same placeholders.
/// A key added on the Chinese side only is named here: translate it in scripts/translations/en and run
/// scripts/translate_resx.py.</summary>
public partial class ResourceParityTests
{
    private static readonly ResourceManager Resources =
        new("Evaluation.Shared.Resources.Texts", typeof(Evaluation.Shared.Resources.Texts).Assembly);

    private static Dictionary<string, string> Set(CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static readonly Dictionary<string, string> Chinese = Set(CultureInfo.InvariantCulture);
    private static readonly Dictionary<string, string> English = Set(new CultureInfo("en"));

    [Fact]
    public void Every_Chinese_text_has_an_English_translation()
    {
        var missing = Chinese.Keys.Except(English.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"Not in Texts.en.resx: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_English_text_has_a_Chinese_original()
    {
        var extra = English.Keys.Except(Chinese.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.True(extra.Count == 0, $"Not in Texts.resx: {string.Join(", ", extra)}");
    }

    [Fact]
    public void A_translation_has_the_same_placeholders_as_its_original()
    {
        var differ = Chinese.Where(c => English.TryGetValue(c.Key, out var en) && !Placeholders(c.Value).SetEquals(Placeholders(en)))
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        Assert.True(differ.Count == 0, $"Placeholders differ: {string.Join(", ", differ)}");
    }

    [Fact]
    public void English_texts_hold_no_Chinese_characters_or_punctuation_except_what_must_stay_Chinese()
    {
        // The switch to Chinese is written in Chinese; document numbers and the mail keyword are quoted as written.
        string[] quoted = ["Layout.Language", "Decision.DocumentNumber.Hint", "Plan.ApprovalNumber.Hint", "Mail.WriteTo.Hint"];
        var chinese = English.Where(e => !quoted.Contains(e.Key) && Cjk().IsMatch(e.Value)).Select(e => e.Key).ToList();
        Assert.True(chinese.Count == 0, $"Chinese in Texts.en.resx: {string.Join(", ", chinese)}");
    }

    [Fact]
    public void The_two_languages_switch_to_each_other()
    {
        Assert.Equal("English", Chinese["Layout.Language"]);
        Assert.Equal("中文", English["Layout.Language"]);
        Assert.Equal("29 November 2026", new DateOnly(2026, 11, 29).ToString(English["Format.Date"], new CultureInfo("en")));
        Assert.Equal("2026年11月29日", new DateOnly(2026, 11, 29).ToString(Chinese["Format.Date"], new CultureInfo("zh-CN")));
    }

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>A Chinese character or CJK punctuation: ideographs, the CJK symbols (、。「」《》【】〔〕 and the ideographic
    /// space) and the full-width forms (，：；（）！？).</summary>
    [GeneratedRegex(@"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")]
    internal static partial Regex Cjk();
}
