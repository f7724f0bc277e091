using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Evaluation.Analysis.Text;

/// <summary>A keyword: its weight (term frequency over distinct texts times the inverse document frequency within
/// the analysed feedback itself), and in how many texts it occurs, per submission and per distinct text.</summary>
public sealed record TextKeyword(string Word, double Weight, int Texts, int DistinctTexts);

/// <summary>Near-identical opinions: counted and shown, never removed (Art. 6). Number 1 is the largest.</summary>
public sealed record TextCampaign(int Number, int Size, int DistinctTexts, DateTime FirstAt, DateTime LastAt,
    long RepresentativeOpinionId, string RepresentativeText, IReadOnlyList<long> OpinionIds);

/// <summary>An opinion quoted for a criterion: the distinct texts closest to the criterion's keywords, one per campaign.</summary>
public sealed record TextQuote(long OpinionId, string Excerpt, double Score, bool Coded, int CampaignSize);

/// <summary>
/// What the text says about one criterion. Coded: opinions whose criterion staff confirmed or chose; Suggested:
/// uncoded opinions whose keywords point to it. Each per submission and per distinct text (a campaign counts once).
/// AnswerTexts: free-text answers of questionnaire items tagged with the criterion.
/// </summary>
public sealed record CriterionText(string Criterion, int Coded, int Suggested, int CodedDistinct, int SuggestedDistinct,
    int AnswerTexts, IReadOnlyList<TextKeyword> Keywords, IReadOnlyList<TextQuote> Quotes);

/// <summary>
/// The text findings of a consultation or of all consultations of a decision. Opinions = submissions analysed;
/// DistinctTexts = the same with each campaign counted once. CodedNoCriterion: opinions staff coded as fitting no
/// criterion; Unassigned: uncoded opinions no keyword list matches (left for staff to code).
/// FeaturesComputed: texts segmented by this call because they had no stored features yet (0 on a repeated run).
/// </summary>
public sealed record TextFindingsResult(IReadOnlyList<long> ConsultationIds, int Opinions, int DistinctTexts,
    int OpinionsInCampaigns, int Excluded, int CodedNoCriterion, int Unassigned, IReadOnlyList<TextKeyword> Keywords,
    IReadOnlyList<CriterionText> Criteria, IReadOnlyList<TextCampaign> Campaigns, int FeaturesComputed, TimeSpan Elapsed);

/// <summary>
/// Text analysis of the feedback (Art. 19(3), 27: qualitative analysis next to the figures): keywords overall and
/// per criterion, suggested criteria, representative quotes and campaigns. Segmentation and signatures are read from
/// the stored features (computed here first for texts that have none); everything else is counted in memory in one
/// pass over one query's rows: campaigns must be known before counting per distinct text, and 100,000 opinions'
/// terms and signatures are about 60 MB, read in about a second.
/// </summary>
public static class TextFindings
{
    public const int KeywordCount = 30;
    public const int CriterionKeywordCount = 15;
    public const int QuotesPerCriterion = 3;
    private const int ExcerptLength = 120;

    /// <summary>The text findings of one consultation. Opinions and responses excluded from analysis with a recorded
    /// reason (Art. 6, table analysis_exclusion) are left out of every figure; excluded opinions are counted in
    /// <see cref="TextFindingsResult.Excluded"/>.</summary>
    public static async Task<TextFindingsResult?> ComputeAsync(NpgsqlConnection conn, long consultationId,
        CancellationToken ct = default)
    {
        var kind = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select d.kind from consultation c join decision d on d.id = c.decision_id where c.id = @consultationId",
            new { consultationId }, cancellationToken: ct));
        return kind is null ? null : await ComputeAsync(conn, [consultationId], kind, ct);
    }

    /// <summary>All consultations of a decision together.</summary>
    public static async Task<TextFindingsResult?> ComputeForDecisionAsync(NpgsqlConnection conn, long decisionId,
        CancellationToken ct = default)
    {
        var kind = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select kind from decision where id = @decisionId", new { decisionId }, cancellationToken: ct));
        if (kind is null) return null;
        var ids = (await conn.QueryAsync<long>(new CommandDefinition(
            "select id from consultation where decision_id = @decisionId order by id", new { decisionId }, cancellationToken: ct))).ToArray();
        return await ComputeAsync(conn, ids, kind, ct);
    }

    /// <summary>The text findings over any set of consultations of one decision kind (a project's linked ones).</summary>
    public static Task<TextFindingsResult> ComputeForConsultationsAsync(NpgsqlConnection conn, long[] consultationIds, string decisionKind,
        CancellationToken ct = default) =>
        ComputeAsync(conn, consultationIds, decisionKind, ct);

    private sealed record OpinionRow(long Id, DateTime CreatedAt, string[] Terms, int TextLength, long TextHash,
        byte[] Minhash, bool IsCoded, string? CodedCriterion);

    // Art. 6: an opinion or response excluded with a recorded reason counts in no text figure (keywords, counts,
    // quotes, suggested and coded standards, campaigns); the exclusion in force is the one not lifted.
    private const string NotExcludedOpinion =
        "not exists (select 1 from analysis_exclusion x where x.opinion_id = o.id and x.lifted_at is null)";
    private const string NotExcludedResponse =
        "not exists (select 1 from analysis_exclusion x where x.response_id = r.id and x.lifted_at is null)";

    private static async Task<TextFindingsResult> ComputeAsync(NpgsqlConnection conn, long[] ids, string decisionKind, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var computed = await TextFeatures.ComputeMissingAsync(conn, ids, ct);
        var keywords = await CriterionKeywords.LoadAsync(conn, decisionKind, ct);

        // Oldest first: a campaign is named by its first submission. Read with a plain reader, the terms as one string
        // split here into one shared instance per distinct word: 100,000 text[] decoded by the driver would be two
        // million string allocations (2.5 s measured, against 0.3 s in PostgreSQL).
        var opinions = new List<OpinionRow>();
        var pool = new TermPool();
        await using (var command = new NpgsqlCommand(
                         $"""
                         select o.id, o.created_at, array_to_string(f.terms, E'\x1f'), f.text_length, f.text_hash, f.minhash,
                                k.opinion_id is not null as is_coded, k.criterion as coded_criterion
                         from opinion o
                         join opinion_text_feature f on f.opinion_id = o.id
                         left join opinion_coding k on k.opinion_id = o.id
                         where o.consultation_id = any(@ids) and {NotExcludedOpinion}
                         order by o.created_at, o.id
                         """, conn))
        {
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                opinions.Add(new OpinionRow(reader.GetInt64(0), reader.GetDateTime(1), pool.Split(reader.GetString(2)),
                    reader.GetInt32(3), reader.GetInt64(4), reader.GetFieldValue<byte[]>(5), reader.GetBoolean(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        var excludedCount = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
            $"select count(*) from opinion o where o.consultation_id = any(@ids) and not {NotExcludedOpinion}", new { ids }, cancellationToken: ct));
        var answers = new List<(string? Criterion, string[] Terms)>();
        await using (var command = new NpgsqlCommand(
                         $"""
                         select i.criterion, array_to_string(f.terms, E'\x1f')
                         from answer_text_feature f
                         join question_item i on i.id = f.item_id
                         join question qn on qn.id = i.question_id
                         join response r on r.id = f.response_id
                         join questionnaire q on q.id = r.questionnaire_id
                         where q.consultation_id = any(@ids) and qn.type = any(@written) and {NotExcludedResponse}
                         """, conn))
        {
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("written", TextFeatures.WrittenAnswerTypes);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                answers.Add((reader.IsDBNull(0) ? null : reader.GetString(0), pool.Split(reader.GetString(1))));
        }

        // Campaigns: LSH finds the candidates, their texts confirm them.
        var signed = opinions.Select((o, i) => new Campaigns.Text(i, o.TextLength, o.Minhash)).ToList();
        var candidates = Campaigns.Candidates(signed);
        var candidateIds = candidates.Select(i => opinions[i].Id).ToArray();
        var candidateBodies = (await conn.QueryAsync<(long Id, string Body)>(new CommandDefinition(
            "select id, body from opinion where id = any(@candidateIds)", new { candidateIds }, cancellationToken: ct)))
            .ToDictionary(b => b.Id, b => b.Body);
        // The candidates' shingle sets, for the exact similarity, on every core: at 100,000 texts normalizing and
        // sorting them took longer than all the comparisons (1.2 s of 2 s, one core).
        var shingleSets = new ulong[opinions.Count][];
        Parallel.ForEach(candidates, new ParallelOptions { CancellationToken = ct },
            i => shingleSets[i] = TextSignature.ShingleSet(TextSignature.Normalize(candidateBodies[opinions[i].Id])));
        var group = Campaigns.Group(signed, i => shingleSets[i]);
        var groupSize = new int[opinions.Count];
        foreach (var g in group) groupSize[g]++;

        // The criterion each opinion counts for: the coded one, else the suggestion.
        var criterionOf = new string?[opinions.Count];
        var suggested = new bool[opinions.Count];
        for (var i = 0; i < opinions.Count; i++)
        {
            var o = opinions[i];
            if (o.IsCoded) { criterionOf[i] = o.CodedCriterion; continue; }
            criterionOf[i] = keywords.Suggest(o.Terms)?.Criterion;
            suggested[i] = criterionOf[i] is not null;
        }

        // Term counts. Weights come from distinct texts (a campaign's first member stands for it), so 5,000 copies
        // of one letter cannot drown the themes of everyone else; "Texts" still counts every submission.
        var criteria = keywords.ApplicableCriteria;
        var overall = new TermCounts();
        var perCriterion = criteria.ToDictionary(c => c, _ => new TermCounts());
        for (var i = 0; i < opinions.Count; i++)
        {
            var distinct = group[i] == i;
            overall.Add(opinions[i].Terms, distinct);
            if (criterionOf[i] is { } c && perCriterion.TryGetValue(c, out var counts)) counts.Add(opinions[i].Terms, distinct);
        }
        var answerTexts = criteria.ToDictionary(c => c, _ => 0);
        foreach (var (criterion, terms) in answers)
        {
            overall.Add(terms, true);
            if (criterion is not null && perCriterion.TryGetValue(criterion, out var counts))
            {
                counts.Add(terms, true);
                answerTexts[criterion]++;
            }
        }
        var documents = overall.DistinctDocuments;
        double Idf(string term) => Math.Log((1.0 + documents) / (1.0 + overall.DocumentFrequency(term))) + 1.0;

        // Quotes: the distinct texts of the criterion closest to its keyword profile (cosine-like score).
        var criterionTexts = new List<(string Criterion, IReadOnlyList<TextKeyword> Keywords, List<(int Index, double Score)> Quotes)>();
        foreach (var c in criteria)
        {
            var top = perCriterion[c].Top(CriterionKeywordCount, Idf);
            var weights = top.ToDictionary(k => k.Word, k => k.Weight, StringComparer.Ordinal);
            var best = new List<(int Index, double Score)>();
            for (var i = 0; i < opinions.Count; i++)
            {
                if (group[i] != i || criterionOf[i] != c) continue;
                var terms = opinions[i].Terms.Distinct().ToList();
                if (terms.Count == 0) continue;
                var score = terms.Sum(t => weights.GetValueOrDefault(t)) / Math.Sqrt(terms.Count);
                if (score > 0) best.Add((i, score));
            }
            // Coded opinions before suggested ones: staff have read them.
            var quotes = best.OrderByDescending(q => opinions[q.Index].IsCoded).ThenByDescending(q => q.Score)
                .ThenBy(q => q.Index).Take(QuotesPerCriterion).ToList();
            criterionTexts.Add((c, top, quotes));
        }

        var campaignRoots = Enumerable.Range(0, opinions.Count).Where(i => group[i] == i && groupSize[i] > 1)
            .OrderByDescending(i => groupSize[i]).ThenBy(i => i).ToList();
        var needBodies = campaignRoots.Concat(criterionTexts.SelectMany(c => c.Quotes.Select(q => q.Index)))
            .Select(i => opinions[i].Id).Distinct().ToArray();
        var bodies = (await conn.QueryAsync<(long Id, string Body)>(new CommandDefinition(
            "select id, body from opinion where id = any(@needBodies)", new { needBodies }, cancellationToken: ct)))
            .ToDictionary(b => b.Id, b => b.Body);

        var members = new Dictionary<int, List<int>>();
        foreach (var root in campaignRoots) members[root] = [];
        for (var i = 0; i < opinions.Count; i++)
            if (members.TryGetValue(group[i], out var list)) list.Add(i);
        var campaigns = campaignRoots.Select((root, n) =>
        {
            var m = members[root];
            return new TextCampaign(n + 1, m.Count, m.Select(i => opinions[i].TextHash).Distinct().Count(),
                m.Min(i => opinions[i].CreatedAt), m.Max(i => opinions[i].CreatedAt), opinions[root].Id,
                Excerpt(bodies[opinions[root].Id], 200), m.Select(i => opinions[i].Id).Order().ToList());
        }).ToList();

        var criterionResults = criterionTexts.Select(entry =>
        {
            var c = entry.Criterion;
            int Count(Func<int, bool> where) => Enumerable.Range(0, opinions.Count).Count(i => criterionOf[i] == c && where(i));
            return new CriterionText(c,
                Coded: Count(i => opinions[i].IsCoded), Suggested: Count(i => suggested[i]),
                CodedDistinct: Count(i => group[i] == i && opinions[i].IsCoded),
                SuggestedDistinct: Count(i => group[i] == i && suggested[i]),
                AnswerTexts: answerTexts[c], Keywords: entry.Keywords,
                Quotes: entry.Quotes.Select(q => new TextQuote(opinions[q.Index].Id, Excerpt(bodies[opinions[q.Index].Id], ExcerptLength),
                    Math.Round(q.Score, 4), opinions[q.Index].IsCoded, groupSize[group[q.Index]])).ToList());
        }).ToList();

        return new TextFindingsResult(ids, opinions.Count,
            DistinctTexts: Enumerable.Range(0, opinions.Count).Count(i => group[i] == i),
            OpinionsInCampaigns: campaigns.Sum(c => c.Size), Excluded: excludedCount,
            CodedNoCriterion: opinions.Count(o => o.IsCoded && o.CodedCriterion is null),
            Unassigned: Enumerable.Range(0, opinions.Count).Count(i => !opinions[i].IsCoded && criterionOf[i] is null),
            Keywords: overall.Top(KeywordCount, Idf), Criteria: criterionResults, Campaigns: campaigns,
            FeaturesComputed: computed.Opinions + computed.AnswerTexts, Elapsed: watch.Elapsed);
    }

    private static string Excerpt(string body, int length)
    {
        var text = body.ReplaceLineEndings(" ").Trim();
        return text.Length <= length ? text : string.Concat(text.AsSpan(0, length), "…");
    }

    /// <summary>Per term: occurrences in distinct texts (tf), distinct texts holding it (df), all texts holding it.</summary>
    private sealed class TermCounts
    {
        private readonly Dictionary<string, (int Tf, int Df, int Texts)> _terms = new(StringComparer.Ordinal);
        public int DistinctDocuments { get; private set; }

        public void Add(IReadOnlyList<string> terms, bool distinct)
        {
            if (distinct) DistinctDocuments++;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in terms)
            {
                var first = seen.Add(t);
                var (tf, df, texts) = _terms.GetValueOrDefault(t);
                _terms[t] = (tf + (distinct ? 1 : 0), df + (distinct && first ? 1 : 0), texts + (first ? 1 : 0));
            }
        }

        public int DocumentFrequency(string term) => _terms.GetValueOrDefault(term).Df;

        public IReadOnlyList<TextKeyword> Top(int count, Func<string, double> idf) =>
            _terms.Where(t => t.Value.Tf > 0)
                .Select(t => new TextKeyword(t.Key, Math.Round(t.Value.Tf * idf(t.Key), 3), t.Value.Texts, t.Value.Df))
                .OrderByDescending(k => k.Weight).ThenBy(k => k.Word, StringComparer.Ordinal).Take(count).ToList();
    }

    /// <summary>Splits stored terms (joined with U+001F) into strings shared by every text that uses the word.</summary>
    private sealed class TermPool
    {
        private readonly HashSet<string> _words = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public TermPool() => _lookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();

        public string[] Split(string joined)
        {
            if (joined.Length == 0) return [];
            var span = joined.AsSpan();
            var terms = new string[span.Count('\x1f') + 1];
            var n = 0;
            foreach (var range in span.Split('\x1f'))
            {
                var part = span[range];
                if (!_lookup.TryGetValue(part, out var word))
                {
                    word = part.ToString();
                    _words.Add(word);
                }
                terms[n++] = word;
            }
            return terms;
        }
    }
}
