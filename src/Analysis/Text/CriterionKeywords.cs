using Dapper;
using Evaluation.Shared.Decisions;
using Npgsql;

namespace Evaluation.Analysis.Text;

/// <summary>A criterion suggested for an opinion, and the keywords of its list that the opinion contains.</summary>
public sealed record CriterionSuggestion(string Criterion, IReadOnlyList<string> MatchedKeywords);

/// <summary>
/// The editable keyword lists (table criterion_keyword) and the suggestion made from them: the criterion whose list
/// has the most distinct keywords in the opinion; ties go to the one with more occurrences, then to the order of
/// Art. 15 / Art. 25. No keyword, no suggestion: staff code those by hand. A suggestion is never a finding until staff
/// confirm it, and findings say how many of their opinions are coded and how many only suggested.
/// </summary>
public sealed class CriterionKeywords
{
    // A keyword hits only a whole word of the text as segmented: "明确" does not hit the keyword "不明确", nor does the
    // keyword "程序" hit the word "程序员". Keywords the dictionary lacks are added to it (TextFeatures before segmenting,
    // LoadAsync here), so a text holding "不明确" is cut with "不明确" as one word and hits it.
    private sealed record Keyword(string Criterion, int CriterionOrder, string Word);

    private readonly Dictionary<string, List<Keyword>> _byTerm = new(StringComparer.Ordinal);

    /// <summary>The criteria of the decision's kind, in the order of the article.</summary>
    public IReadOnlyList<string> ApplicableCriteria { get; }

    private CriterionKeywords(IReadOnlyList<string> criteria, IEnumerable<(string Criterion, string Word)> words)
    {
        ApplicableCriteria = criteria;
        foreach (var (criterion, word) in words)
        {
            var order = criteria.ToList().IndexOf(criterion);
            if (order < 0) continue;
            if (Term(word) is not { } term) continue;
            if (!_byTerm.TryGetValue(term, out var list)) _byTerm[term] = list = [];
            list.Add(new Keyword(criterion, order, word));
        }
    }

    /// <summary>The term a keyword is matched by (the word as the terms of a text are written: NFKC, lower case), or null
    /// for a word that can never match (a stop word, one character, no letter).</summary>
    public static string? Term(string word) => TextSegmenter.AsTerm(word);

    /// <summary>The lists of the criteria that apply to a decision of this kind (Art. 15 or Art. 25).</summary>
    public static async Task<CriterionKeywords> LoadAsync(NpgsqlConnection conn, string decisionKind, CancellationToken ct = default)
    {
        var criteria = Criteria.For(decisionKind);
        var words = (await conn.QueryAsync<(string Criterion, string Word)>(new CommandDefinition(
            "select criterion, word from criterion_keyword where criterion = any(@criteria) order by criterion, word",
            new { criteria = criteria.ToArray() }, cancellationToken: ct))).ToList();
        // Texts segmented after this (an opinion's suggestion at intake, a page's) keep the keywords whole.
        TextSegmenter.AddKeywords(words.Select(w => w.Word));
        return new CriterionKeywords(criteria, words);
    }

    /// <summary>The suggestion for a text given its terms (as stored in the features), or null when no keyword matches.</summary>
    public CriterionSuggestion? Suggest(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return null;
        var present = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in terms) present[t] = present.GetValueOrDefault(t) + 1;

        var matched = new Dictionary<string, (int Order, List<string> Words, int Occurrences)>();
        foreach (var (term, count) in present)
        {
            if (!_byTerm.TryGetValue(term, out var keywords)) continue;
            foreach (var k in keywords)
            {
                if (!matched.TryGetValue(k.Criterion, out var m)) matched[k.Criterion] = m = (k.CriterionOrder, [], 0);
                m.Words.Add(k.Word);
                matched[k.Criterion] = m with { Occurrences = m.Occurrences + count };
            }
        }
        if (matched.Count == 0) return null;
        var best = matched.OrderByDescending(m => m.Value.Words.Count).ThenByDescending(m => m.Value.Occurrences)
            .ThenBy(m => m.Value.Order).First();
        return new CriterionSuggestion(best.Key, best.Value.Words.Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>The suggestion for one opinion.</summary>
    public static async Task<CriterionSuggestion?> SuggestForOpinionAsync(NpgsqlConnection conn, long opinionId,
        CancellationToken ct = default)
    {
        var opinion = await conn.QuerySingleOrDefaultAsync<(string Kind, string Body, string[]? Terms)?>(new CommandDefinition(
            """
            select d.kind, o.body, f.terms
            from opinion o join consultation c on c.id = o.consultation_id join decision d on d.id = c.decision_id
            left join opinion_text_feature f on f.opinion_id = o.id and f.version = @Version
            where o.id = @opinionId
            """, new { opinionId, TextFeatures.Version }, cancellationToken: ct));
        if (opinion is not { } o) return null;
        // Not yet analysed: segmented here for the page, not stored (a page view writes nothing; analysis stores it).
        return (await LoadAsync(conn, o.Kind, ct)).Suggest(o.Terms ?? TextSegmenter.Terms(o.Body));
    }
}
