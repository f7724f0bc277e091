using System.Text.RegularExpressions;

namespace Evaluation.Tests.Localization;

/// <summary>The pages of both sites write no Chinese of their own, not even punctuation beside a text (@T["Foo"]：): every
/// word and mark comes from Texts.resx, so English pages hold none. This covers the pages the English crawl does not
/// reach.</summary>
public partial class PageSourceTests
{
    [Fact]
    public void No_page_holds_Chinese_characters_or_punctuation_outside_comments()
    {
        var root = RepositoryRoot();
        var found = new[] { "src/Portal", "src/Admin", "src/Shared" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cshtml", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => RazorComment().Replace(File.ReadAllText(f), "").Split('\n')
                .Where(line => ResourceParityTests.Cjk().IsMatch(line))
                .Select(line => $"{Path.GetRelativePath(root, f)}: {line.Trim()}"))
            .ToList();
        Assert.True(found.Count == 0, $"Chinese written in pages (move it into Texts.resx):\n{string.Join("\n", found)}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Evaluation.sln"))) return dir.FullName;
        throw new InvalidOperationException("Evaluation.sln not found above the test assembly");
    }

    [GeneratedRegex(@"@\*.*?\*@", RegexOptions.Singleline)]
    private static partial Regex RazorComment();
}
