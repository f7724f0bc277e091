using System.Text.RegularExpressions;

namespace Evaluation.Shared.Projects;

/// <summary>Art. 24: the changes of a pass with changes, one per line as the reviewer writes them, become the checklist
/// the agency answers (the numbering the reviewer may type is dropped: the list numbers them).</summary>
public static partial class LegalityChanges
{
    public const int MaxLength = 5000;

    public static IReadOnlyList<string> Split(string? changes) =>
        (changes ?? "").Split('\n')
            .Select(line => Numbering().Replace(line.Trim(), "").Trim())
            .Where(line => line.Length > 0).ToList();

    [GeneratedRegex(@"^(\d{1,3}[\.、．)）]|[（(]\d{1,3}[)）]|[一二三四五六七八九十]{1,3}、)\s*")]
    private static partial Regex Numbering();
}
