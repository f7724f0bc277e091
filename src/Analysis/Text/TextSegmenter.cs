using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;
using JiebaNet.Segmenter;

namespace Evaluation.Analysis.Text;

/// <summary>
/// Chinese word segmentation with jieba.NET and the domain's own words. The dictionary (about 35 MB in memory, 1-2 s
/// to load) is loaded once per process, on first use. jieba keeps its dictionary in a process-wide singleton that
/// <see cref="AddWords"/> changes; cutting reads it. A reader-writer lock lets any number of threads cut at once and
/// makes an added word wait for them, so the segmenter is safe to use from parallel feature computation and requests.
/// </summary>
public static class TextSegmenter
{
    /// <summary>High enough that a dictionary word beats any split of it (the biggest entries of dict.txt are in the
    /// hundreds of thousands, but those are single characters and short function words, never our compounds).</summary>
    private const int DomainWordFrequency = 20000;

    private static readonly ReaderWriterLockSlim Lock = new(LockRecursionPolicy.NoRecursion);
    private static readonly Lazy<JiebaSegmenter> Jieba = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<FrozenSet<string>> Stop = new(LoadStopWords);

    /// <summary>The stop words: removed from the terms of every text. Two well-known lists (HIT's and Baidu's, vendored
    /// verbatim in Text/Data with their source), less the words of theirs that carry meaning in an evaluation
    /// (stopwords-kept.txt), plus our own (stopwords.txt: the filler of written opinions).</summary>
    public static IReadOnlySet<string> StopWords => Stop.Value;

    /// <summary>The words of a text as jieba cuts it (precise mode with HMM for unknown words), punctuation included.</summary>
    public static IReadOnlyList<string> Segment(string text)
    {
        var jieba = Jieba.Value;
        Lock.EnterReadLock();
        try { return jieba.Cut(text).ToList(); }
        finally { Lock.ExitReadLock(); }
    }

    /// <summary>
    /// The terms of a text, in order and with repeats (term frequency is counted from them): its words less stop words,
    /// punctuation, numbers and single characters. Single characters are dropped as jieba's own keyword extraction
    /// does: alone they are nearly always particles ("的", "了") or too ambiguous to stand for a theme.
    /// </summary>
    public static string[] Terms(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var terms = new List<string>();
        foreach (var word in Segment(normalized))
            if (Term(word) is { } term) terms.Add(term);
        return terms.ToArray();
    }

    /// <summary>A word as a term (trimmed, NFKC, lower case), or null when it is none: a stop word, one character,
    /// a number or punctuation. A keyword is matched as this term.</summary>
    public static string? AsTerm(string word) => Term(word.Normalize(NormalizationForm.FormKC));

    private static string? Term(string word)
    {
        var w = word.Trim();
        if (w.Length < 2 || !IsWordy(w)) return null;
        w = w.ToLowerInvariant();
        return Stop.Value.Contains(w) ? null : w;
    }

    /// <summary>Adds words to the dictionary, e.g. region names from the database; words already known are skipped.</summary>
    public static void AddWords(IEnumerable<string> words)
    {
        var jieba = Jieba.Value;
        var missing = words.Select(w => w.Trim()).Where(w => w.Length > 1 && !Known(w)).Distinct().ToList();
        if (missing.Count == 0) return;
        Lock.EnterWriteLock();
        try
        {
            foreach (var w in missing) jieba.AddWord(w, DomainWordFrequency);
        }
        finally { Lock.ExitWriteLock(); }
    }

    /// <summary>
    /// Adds the keywords the dictionary does not know at all ("不明确", which jieba cuts as 不 + 明确), so that a text is
    /// cut with them whole where they stand. A word it knows keeps its frequency: raised, a keyword would split the
    /// longer words that contain it ("程序" out of "程序员"), and a keyword hits only whole words.
    /// </summary>
    public static void AddKeywords(IEnumerable<string> words)
    {
        var jieba = Jieba.Value;
        var missing = words.Select(w => w.Trim()).Where(w => w.Length > 1 && !InDictionary(w)).Distinct().ToList();
        if (missing.Count == 0) return;
        Lock.EnterWriteLock();
        try
        {
            foreach (var w in missing) jieba.AddWord(w, DomainWordFrequency);
        }
        finally { Lock.ExitWriteLock(); }
    }

    private static bool Known(string word)
    {
        Lock.EnterReadLock();
        try { return WordDictionary.Instance.GetFreqOrDefault(word) >= DomainWordFrequency; }
        finally { Lock.ExitReadLock(); }
    }

    // GetFreqOrDefault answers 1 for a word it does not know; ContainsWord tells.
    private static bool InDictionary(string word)
    {
        Lock.EnterReadLock();
        try { return WordDictionary.Instance.ContainsWord(word); }
        finally { Lock.ExitReadLock(); }
    }

    /// <summary>A word with at least one letter (Han characters count as letters); numbers and symbols are not terms.</summary>
    private static bool IsWordy(string w)
    {
        foreach (var c in w)
            if (char.IsLetter(c)) return true;
        return false;
    }

    private static JiebaSegmenter Load()
    {
        // The package's files are copied to jieba/ beside our assemblies (see Analysis.csproj); AppContext.BaseDirectory
        // is the app's or the test run's output folder, whatever the working directory.
        ConfigManager.ConfigFileBaseDir = Path.Combine(AppContext.BaseDirectory, "jieba");
        var jieba = new JiebaSegmenter();
        foreach (var line in ReadList("domain-dict"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var frequency = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : DomainWordFrequency;
            jieba.AddWord(parts[0], frequency);
        }
        return jieba;
    }

    private static FrozenSet<string> LoadStopWords()
    {
        var kept = ReadList("stopwords-kept").ToHashSet(StringComparer.Ordinal);
        return ReadList("stopwords-hit").Concat(ReadList("stopwords-baidu")).Where(w => !kept.Contains(w))
            .Concat(ReadList("stopwords")).Select(w => w.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>An embedded list from Text/Data: one entry a line, blank lines and '#' comments skipped.</summary>
    internal static IEnumerable<string> ReadList(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Evaluation.Analysis.Text.{name}.txt")
                           ?? throw new InvalidOperationException($"embedded list {name} missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#')) lines.Add(line);
        }
        return lines;
    }
}
