using Dapper;
using Evaluation.Analysis.Text;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Coding;

/// <summary>
/// The keyword list of each criterion (Art. 15's six standards, Art. 25's seven items), from which uncoded opinions
/// get a suggested criterion. Everyone signed in reads them; managing roles change them, one criterion at a time,
/// each change audited with the list before and after. A keyword hits only a whole word of a text as segmented, and the
/// keywords are words of the segmenter's dictionary: the stored terms of the texts holding a new keyword are marked stale
/// here (version 0), so that the next analysis segments them again with the keyword whole.
/// </summary>
public sealed class KeywordsModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxWords = 100;
    public const int MaxWordLength = 20;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Lists { get; private set; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The criterion whose form was posted with errors, and what was typed, to show again.</summary>
    [BindProperty] public string? Criterion { get; set; }
    [BindProperty] public string? Words { get; set; }

    public static readonly (string Article, string[] Criteria)[] Groups =
    [
        ("Keywords.NormativeDocument", Evaluation.Shared.Decisions.Criteria.NormativeDocument),
        ("Keywords.OtherMatter", Evaluation.Shared.Decisions.Criteria.OtherMatter),
    ];

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!User.CanManage()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.Opinion);
        var criterion = Criterion ?? "";
        if (!Groups.Any(g => g.Criteria.Contains(criterion))) return BadRequest();
        var words = Split(Words);
        Validate(words);
        if (!ModelState.IsValid)
        {
            await LoadAsync();
            return Page();
        }

        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // One editor at a time per list: the audit's "before" must be the list this change replaced.
        await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('criterion_keyword:' || @criterion))", new { criterion }, tx);
        var before = (await conn.QueryAsync<string>(
            "select word from criterion_keyword where criterion = @criterion order by word", new { criterion }, tx)).ToList();
        if (!before.SequenceEqual(words))
        {
            await conn.ExecuteAsync("delete from criterion_keyword where criterion = @criterion and word <> all(@words)",
                new { criterion, words }, tx);
            await conn.ExecuteAsync(
                "insert into criterion_keyword (criterion, word) select @criterion, unnest(@words) on conflict do nothing",
                new { criterion, words }, tx);
            // Texts holding a new keyword may have been cut across it ("不明确" as 不 + 明确): their terms are computed
            // anew by the next analysis (TextFeatures), with the keyword in the dictionary.
            var added = words.Except(before, StringComparer.Ordinal).Select(w => w.ToLowerInvariant()).ToArray();
            if (added.Length > 0)
                await conn.ExecuteAsync(
                    """
                    update opinion_text_feature f set version = 0 from opinion o
                    where o.id = f.opinion_id and exists (select 1 from unnest(@added) w where strpos(lower(o.body), w) > 0);
                    update answer_text_feature f set version = 0 from answer_text t
                    where t.response_id = f.response_id and t.item_id = f.item_id
                      and exists (select 1 from unnest(@added) w where strpos(lower(t.text), w) > 0);
                    """, new { added }, tx);
            // Suggestions of every consultation may change: their findings are computed anew.
            await conn.RaiseAllAsync(tx);
            await conn.WriteAsync(tx, User.Actor(), AuditActions.UpdateKeywords, AuditEntities.CriterionKeyword, criterion,
                new { words = before }, new { words });
        }
        await tx.CommitAsync();
        TempData.Flash(texts["Keywords.Saved", texts[$"Criterion.{criterion}"]].Value);
        return RedirectToPage(null, null, null, criterion);
    }

    /// <summary>Words are separated by line breaks, commas (either width), the enumeration comma or spaces.</summary>
    public static string[] Split(string? words) =>
        (words ?? "").Split(['\n', '\r', ',', '，', '、', ';', '；', ' ', '\t', '\u3000'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    private void Validate(string[] words)
    {
        if (words.Length > MaxWords) ModelState.AddModelError(nameof(Words), texts["Keywords.TooMany", MaxWords]);
        foreach (var w in words)
        {
            if (w.Length < 2 || w.Length > MaxWordLength)
                ModelState.AddModelError(nameof(Words), texts["Keywords.BadLength", w, MaxWordLength]);
            else if (TextSegmenter.StopWords.Contains(w))
                ModelState.AddModelError(nameof(Words), texts["Keywords.StopWord", w]);
            else if (CriterionKeywords.Term(w) is null)
                ModelState.AddModelError(nameof(Words), texts["Keywords.NoTerms", w]);
        }
    }

    private async Task LoadAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Lists = (await conn.QueryAsync<(string Criterion, string Word)>("select criterion, word from criterion_keyword order by criterion, word"))
            .GroupBy(r => r.Criterion).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(r => r.Word).Order(StringComparer.Ordinal).ToList());
    }
}
