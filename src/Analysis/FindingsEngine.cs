using Dapper;
using Evaluation.Shared.Decisions;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Respondents;
using Npgsql;

namespace Evaluation.Analysis;

/// <summary>
/// Computes the findings. PostgreSQL does the counting (one scan of the answers, grouped by item, respondent type,
/// region and point); the statistics are then computed on those few thousand counts. Excluded responses and
/// opinions are left out of the figures and listed with their reasons.
/// </summary>
public static class FindingsEngine
{
    private sealed record ItemRow(long Id, long QuestionnaireId, string Key, string Label, string? Criterion, string? Period, int Version,
        bool Reverse, string? PairKey, string? BaselineKey);
    private sealed record AnswerCount(long ItemId, string RespondentType, string Region, int Code, long N);
    private sealed record OpinionCount(string Channel, string RespondentType, string RegionCode, DateOnly Day, bool Excluded, long N);
    private sealed record ResponseCount(long QuestionnaireId, string RespondentType, string Region, bool Excluded, long N);

    public static async Task<Findings?> ComputeAsync(NpgsqlConnection conn, FindingsScope scope, FindingsOptions options,
        TimeProvider clock, CancellationToken cancellationToken = default)
    {
        var id = scope.Id;
        var header = await conn.QuerySingleOrDefaultAsync<(string Title, string Kind, long[] ConsultationIds, long DataVersion)?>(
            new CommandDefinition(scope.Kind switch
            {
                FindingsScopeKind.Decision =>
                    """
                    select d.title, d.kind, coalesce(array_agg(c.id) filter (where c.id is not null), '{}') as consultation_ids,
                           coalesce(sum(consultation_data_version(c.id)), 0)::bigint as data_version
                    from decision d left join consultation c on c.decision_id = d.id
                    where d.id = @id group by d.id
                    """,
                // An evaluation project: the consultations linked to it, with their questionnaires.
                FindingsScopeKind.Project =>
                    """
                    select p.title, d.kind, coalesce(array_agg(c.id order by c.id) filter (where c.id is not null), '{}') as consultation_ids,
                           coalesce(sum(consultation_data_version(c.id)), 0)::bigint as data_version
                    from evaluation_project p join decision d on d.id = p.decision_id
                    left join project_consultation pc on pc.project_id = p.id left join consultation c on c.id = pc.consultation_id
                    where p.id = @id group by p.id, d.kind
                    """,
                _ =>
                    """
                    select c.title, d.kind, array[c.id] as consultation_ids, consultation_data_version(c.id) as data_version
                    from consultation c join decision d on d.id = c.decision_id where c.id = @id
                    """,
            }, new { id }, cancellationToken: cancellationToken));
        if (header is not { } h) return null;
        var cids = h.ConsultationIds;

        var questionnaires = (await conn.QueryAsync<(long Id, string Title, string Audience, long? Baseline)>(new CommandDefinition(
            """
            select id, title, audience, baseline_questionnaire_id from questionnaire
            where consultation_id = any(@cids) and current_version_id is not null order by id
            """,
            new { cids }, cancellationToken: cancellationToken))).ToList();
        var qids = questionnaires.Select(q => q.Id).ToArray();

        var items = (await conn.QueryAsync<ItemRow>(new CommandDefinition(
            $"""
            select qi.id, v.questionnaire_id, qi.key, qi.label, qi.criterion, qi.period, v.number as version, qi.reverse, qi.pair_key, qi.baseline_key
            from question_item qi join question q on q.id = qi.question_id join questionnaire_version v on v.id = qi.version_id
            where v.questionnaire_id = any(@qids) and q.type in ('{QuestionTypes.Likert}', '{QuestionTypes.Matrix}')
            """, new { qids }, cancellationToken: cancellationToken))).ToList();
        var itemIds = items.Select(i => i.Id).ToArray();

        var counts = await AnswerCountsAsync(conn, qids, itemIds, cancellationToken);

        var opinions = (await conn.QueryAsync<OpinionCount>(new CommandDefinition(
            """
            select o.channel, o.respondent_type, o.region_code, (o.created_at at time zone 'Asia/Shanghai')::date as day,
                   x.id is not null as excluded, count(*) as n
            from opinion o left join analysis_exclusion x on x.opinion_id = o.id and x.lifted_at is null
            where o.consultation_id = any(@cids)
            group by 1, 2, 3, 4, 5
            """, new { cids }, cancellationToken: cancellationToken))).ToList();

        var responses = (await conn.QueryAsync<ResponseCount>(new CommandDefinition(
            """
            select r.questionnaire_id, r.respondent_type, coalesce(r.region_code, '') as region, x.id is not null as excluded, count(*) as n
            from response r left join analysis_exclusion x on x.response_id = r.id and x.lifted_at is null
            where r.questionnaire_id = any(@qids)
            group by 1, 2, 3, 4
            """, new { qids }, cancellationToken: cancellationToken))).ToList();
        var drafts = (await conn.QueryAsync<(long QuestionnaireId, long N)>(new CommandDefinition(
            "select questionnaire_id, count(*) from response_draft where questionnaire_id = any(@qids) and amends_response_id is null group by 1",
            new { qids }, cancellationToken: cancellationToken))).ToDictionary(d => d.QuestionnaireId, d => d.N);

        var exclusions = (await conn.QueryAsync<Exclusion>(new CommandDefinition(
            """
            select case when opinion_id is null then 'response' else 'opinion' end as kind, coalesce(opinion_id, response_id) as subject_id,
                   reason, excluded_by_name as excluded_by, excluded_at
            from analysis_exclusion where consultation_id = any(@cids) and lifted_at is null order by excluded_at, id
            """, new { cids }, cancellationToken: cancellationToken))).ToList();

        // The opinions' text: keywords per standard, suggested and coded standards, quotes, campaigns (without the
        // excluded opinions and responses, which TextFindings reads itself).
        var text = await Text.TextFindings.ComputeForConsultationsAsync(conn, cids, h.Kind, cancellationToken);

        var itemFindings = ItemFindings(items, counts, questionnaires.ToDictionary(q => q.Id, q => q.Title), options);
        var kept = responses.Where(r => !r.Excluded).GroupBy(r => r.QuestionnaireId).ToDictionary(g => g.Key, g => g.Sum(r => r.N));
        var baselines = questionnaires.Where(q => q.Baseline is not null).ToDictionary(q => q.Id, q => q.Baseline!.Value);
        var criteria = await CriteriaAsync(conn, h.Kind, qids, kept, baselines, items, itemFindings, options,
            cancellationToken);

        var included = opinions.Where(o => !o.Excluded).ToList();
        var participation = new Participation(
            opinions.Sum(o => o.N),
            opinions.Where(o => o.Excluded).Sum(o => o.N),
            Tally(included, o => o.Channel, o => o.N),
            Tally(included, o => o.RespondentType, o => o.N),
            Tally(included, o => o.RegionCode, o => o.N),
            included.GroupBy(o => o.Day).OrderBy(g => g.Key).Select(g => new Count(g.Key.ToString("yyyy-MM-dd"), g.Sum(o => o.N))).ToList(),
            questionnaires.Select(q =>
            {
                var mine = responses.Where(r => r.QuestionnaireId == q.Id).ToList();
                var kept = mine.Where(r => !r.Excluded).ToList();
                return new QuestionnaireParticipation(q.Id, q.Title, q.Audience, mine.Sum(r => r.N), drafts.GetValueOrDefault(q.Id),
                    mine.Where(r => r.Excluded).Sum(r => r.N), Tally(kept, r => r.RespondentType, r => r.N), Tally(kept, r => r.Region, r => r.N));
            }).ToList());

        return new Findings(scope.Name, id, h.Title, h.Kind, clock.GetUtcNow().UtcDateTime, h.DataVersion, participation, criteria,
            itemFindings.Where(i => i.Criterion is null).ToList(), exclusions, options, text);
    }

    /// <summary>
    /// The one scan of the answers: counts by item, respondent type, region and point. The respondent type and region
    /// travel through the join as one small number per response (computed once per response, not once per answer), so
    /// the answers are grouped by three numbers rather than by two texts; the numbers are read back here. Answers of
    /// excluded responses find no response and are left out.
    /// </summary>
    private static async Task<List<AnswerCount>> AnswerCountsAsync(NpgsqlConnection conn, long[] qids, long[] itemIds, CancellationToken cancellationToken)
    {
        string[] types = RespondentTypes.All;
        // Every region a response can name (a foreign key), and "" for none.
        string[] regions = [.. await conn.QueryAsync<string>(new CommandDefinition("select code from region order by code", cancellationToken: cancellationToken)), ""];
        if (regions.Length < GroupRadix)
        {
            var grouped = (await conn.QueryAsync<(long ItemId, int Code, int? Group, long N)>(new CommandDefinition(
                $"""
                select a.item_id, a.code::int as code, r.respondent_group, count(*) as n
                from answer a
                left join (select r.id, coalesce(array_position(@types, r.respondent_type), 0) * {GroupRadix}
                                        + coalesce(array_position(@regions, coalesce(r.region_code, '')), 0) as respondent_group
                           from response r
                           where r.questionnaire_id = any(@qids)
                             and not exists (select 1 from analysis_exclusion x where x.response_id = r.id and x.lifted_at is null)) r
                       on r.id = a.response_id
                where a.item_id = any(@itemIds)
                group by a.item_id, a.code, r.respondent_group
                """, new { qids, itemIds, types, regions }, commandTimeout: 600, cancellationToken: cancellationToken))).ToList();
            // A type or region unknown here (a region added since it was read) cannot be named: count by text instead.
            bool Known(int group) => group / GroupRadix is var t && t >= 1 && t <= types.Length && group % GroupRadix is var r && r >= 1 && r <= regions.Length;
            if (grouped.All(g => g.Group is not { } n || Known(n)))
                return grouped.Where(g => g.Group is not null)
                    .Select(g => new AnswerCount(g.ItemId, types[g.Group!.Value / GroupRadix - 1], regions[g.Group.Value % GroupRadix - 1], g.Code, g.N))
                    .ToList();
        }
        return (await conn.QueryAsync<AnswerCount>(new CommandDefinition(
            """
            select a.item_id, r.respondent_type, coalesce(r.region_code, '') as region, a.code::int as code, count(*) as n
            from answer a join response r on r.id = a.response_id
            where r.questionnaire_id = any(@qids) and a.item_id = any(@itemIds)
              and not exists (select 1 from analysis_exclusion x where x.response_id = r.id and x.lifted_at is null)
            group by a.item_id, r.respondent_type, r.region_code, a.code
            """, new { qids, itemIds }, commandTimeout: 600, cancellationToken: cancellationToken))).ToList();
    }

    private const int GroupRadix = 4096;

    private static List<Count> Tally<T>(IEnumerable<T> rows, Func<T, string> key, Func<T, long> n) =>
        rows.GroupBy(key).Select(g => new Count(g.Key, g.Sum(n))).OrderByDescending(c => c.Value).ThenBy(c => c.Key).ToList();

    /// <summary>Items of the same questionnaire and key are one item over all versions; the newest version names it.</summary>
    private static List<ItemFinding> ItemFindings(List<ItemRow> items, List<AnswerCount> counts, Dictionary<long, string> titles, FindingsOptions options)
    {
        var byItem = counts.ToLookup(c => c.ItemId);
        var findings = items.GroupBy(i => (i.QuestionnaireId, i.Key))
            .Select(g =>
            {
                var newest = g.MaxBy(i => i.Version)!;
                var rows = g.SelectMany(i => byItem[i.Id]).ToList();
                return new ItemFinding(g.Key.QuestionnaireId, titles[g.Key.QuestionnaireId], g.Key.Key, newest.Label, newest.Criterion,
                    newest.Period, Summarize(rows),
                    [Breakdown("respondent_type", rows, r => r.RespondentType, options), Breakdown("region", rows, r => r.Region, options)],
                    newest.Reverse, newest.PairKey);
            })
            .OrderBy(i => i.QuestionnaireId).ThenBy(i => i.ItemKey, StringComparer.Ordinal)
            .ToList();
        return WithAdjustedGroupTests(findings);
    }

    /// <summary>
    /// Multiple comparisons: every group test of these findings (each item by respondent type and by region, over all
    /// questionnaires of the consultation, decision or project) is one family, and Holm's adjustment keeps the chance of
    /// any false "groups differ" in it at Alpha. Each test keeps its raw p beside the adjusted one.
    /// </summary>
    private static List<ItemFinding> WithAdjustedGroupTests(List<ItemFinding> findings)
    {
        var raw = findings.SelectMany(i => i.Groups).Where(g => g.Test is not null).Select(g => g.Test!.P).ToList();
        var adjusted = Statistics.Holm(raw);
        var next = 0;
        var result = new List<ItemFinding>(findings.Count);
        foreach (var item in findings)
        {
            var groups = new List<GroupBreakdown>(item.Groups.Count);
            foreach (var g in item.Groups)
                groups.Add(g.Test is { } t
                    ? g with { Test = t with { AdjustedP = adjusted[next++], Adjustment = Statistics.HolmAdjustment, Family = adjusted.Length } }
                    : g);
            result.Add(item with { Groups = groups });
        }
        return result;
    }

    private static LikertSummary Summarize(IEnumerable<AnswerCount> rows)
    {
        var points = new long[Statistics.Points];
        long dontKnow = 0;
        foreach (var r in rows)
        {
            if (r.Code == LikertScales.DontKnow) dontKnow += r.N;
            else if (r.Code is >= 1 and <= Statistics.Points) points[r.Code - 1] += r.N;
        }
        return Statistics.Summarize(points, dontKnow);
    }

    /// <summary>A group with fewer scored answers than the minimum cell size is suppressed in anything published (Art. 7).</summary>
    private static bool Suppressed(LikertSummary group, FindingsOptions options) => group.N < options.MinimumCellSize;

    /// <summary>Per group, and whether the groups differ: disagree (1-2) / neutral (3) / agree (4-5) by group.</summary>
    private static GroupBreakdown Breakdown(string dimension, List<AnswerCount> rows, Func<AnswerCount, string> group, FindingsOptions options)
    {
        var groups = rows.GroupBy(group)
            .Select(g => (Key: g.Key, Summary: Summarize(g)))
            .Where(g => g.Summary.N + g.Summary.DontKnow > 0)
            .OrderByDescending(g => g.Summary.N).ThenBy(g => g.Key)
            .ToList();
        // Art. 7: a group too small to publish (FindingsPublication blanks it) is not published through a test statistic
        // either: only the groups shown in public are tested, and with fewer than two of them there is no test.
        var tested = groups.Where(g => !Suppressed(g.Summary, options)).ToList();
        var table = new long[tested.Count, 3];
        for (var i = 0; i < tested.Count; i++)
        {
            var d = tested[i].Summary.Distribution;
            (table[i, 0], table[i, 1], table[i, 2]) = (d[0] + d[1], d[2], d[3] + d[4]);
        }
        return new GroupBreakdown(dimension,
            groups.Select(g => new GroupRow(g.Key, g.Summary, Suppressed(g.Summary, options))).ToList(),
            tested.Count > 1 ? Statistics.Independence(table) : null);
    }

    /// <summary>
    /// The standards' figures: each standard's current items pooled with reverse items inverted, its mean's interval
    /// clustered by respondent, one comparison per before/after pair (Holm-adjusted over all comparisons of these
    /// findings), and the conclusion. SQL gives what the counts cannot: per standard the sums over respondents
    /// (clustering), per pair the sums of each respondent's difference (pairing). The clustering sums read each
    /// respondent's answers through the response (answer's key starts with it, one index range per response: a join
    /// of all answers would cost a full scan however few respondents are read); beyond a number of
    /// respondents (FindingsOptions.ClusterSampleSize) from a systematic sample of them (every k-th response), see
    /// <see cref="ClusterSumsOf"/>: reading every respondent's answers a second time would double the findings' time.
    /// </summary>
    private static async Task<List<CriterionFinding>> CriteriaAsync(NpgsqlConnection conn, string decisionKind, long[] qids, Dictionary<long, long> kept,
        Dictionary<long, long> baselines,
        List<ItemRow> items, List<ItemFinding> itemFindings, FindingsOptions options, CancellationToken cancellationToken)
    {
        // Every version of an item is scored as its newest version says, as its figures are (ItemFindings).
        var newest = items.GroupBy(i => (i.QuestionnaireId, i.Key)).ToDictionary(g => g.Key, g => g.MaxBy(i => i.Version)!);
        var findingOf = itemFindings.ToDictionary(i => (i.QuestionnaireId, i.ItemKey));
        var pairs = newest.Values
            .Where(i => i is { Criterion: not null, Period: Periods.Before, PairKey: not null }
                        && newest.TryGetValue((i.QuestionnaireId, i.PairKey), out var a) && a.Period == Periods.After)
            .OrderBy(i => i.QuestionnaireId).ThenBy(i => i.Key, StringComparer.Ordinal)
            .Select(i => (Before: findingOf[(i.QuestionnaireId, i.Key)], After: findingOf[(i.QuestionnaireId, i.PairKey!)]))
            // Two waves (0750): a second-wave "after" item and the first-wave "before" item it repeats, when both
            // questionnaires are in these findings and the first-wave item is still a "before" item of the same standard.
            .Concat(newest.Values
                .Where(i => i is { Criterion: not null, Period: Periods.After, BaselineKey: not null }
                            && baselines.TryGetValue(i.QuestionnaireId, out var first)
                            && newest.TryGetValue((first, i.BaselineKey), out var b) && b.Period == Periods.Before && b.Criterion == i.Criterion)
                .OrderBy(i => i.QuestionnaireId).ThenBy(i => i.Key, StringComparer.Ordinal)
                .Select(i => (Before: findingOf[(baselines[i.QuestionnaireId], i.BaselineKey!)], After: findingOf[(i.QuestionnaireId, i.Key)])))
            .ToList();

        var scored = items.Select(i => (Item: i, Tags: newest[(i.QuestionnaireId, i.Key)]))
            .Where(x => x.Tags is { Criterion: not null, Period: not Periods.Before })
            .ToList();
        // The answer rows of a pair, version by version: the before and the after item of the same version.
        var byVersion = items.ToDictionary(i => (i.QuestionnaireId, i.Version, i.Key));
        var pairRows = pairs.SelectMany((p, n) => items
                .Where(i => p.Before.QuestionnaireId == p.After.QuestionnaireId && i.QuestionnaireId == p.Before.QuestionnaireId && i.Key == p.Before.ItemKey)
                .Select(b => (Pair: n, Before: b, After: byVersion.GetValueOrDefault((b.QuestionnaireId, b.Version, p.After.ItemKey))))
                .Where(x => x.After is not null))
            .ToList();
        // The sampling rate per questionnaire: one with more kept responses than the sample size is read every k-th
        // response, the others wholly (a small questionnaire beside a large one must not lose its few respondents).
        var everys = qids.Select(q => (int)Math.Max(1, (kept.GetValueOrDefault(q) + options.ClusterSampleSize - 1) / options.ClusterSampleSize)).ToArray();
        var criterionNames = scored.Select(x => x.Tags.Criterion!).Distinct().ToArray();
        // 20,000 respondents × six standards are more groups than the default work_mem holds: the aggregate would spill
        // to disk (a third of the query's time measured at 200 k responses). Raised for this transaction only.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await conn.ExecuteAsync(new CommandDefinition("set local work_mem = '64MB'", transaction: tx, cancellationToken: cancellationToken));
        using var sums = await conn.QueryMultipleAsync(new CommandDefinition(
            """
            with sampled as (
                select r.id, w.every,
                       case when w.every = 1 then 1.0::float8
                            else w.kept::float8 / count(*) over (partition by r.questionnaire_id) end as weight
                from response r join unnest(@qids, @everys, @kepts) as w (questionnaire_id, every, kept) on w.questionnaire_id = r.questionnaire_id
                where r.id % w.every = 0
                  and not exists (select 1 from analysis_exclusion x where x.response_id = r.id and x.lifted_at is null)),
            -- Per sampled respondent and standard: scored answers, their sum and the disagreeing ones. The items come as a
            -- table joined by hash (a function call per answer cost more than reading the answers), the standard as its
            -- number (a narrow group key).
            items as (select * from unnest(@ids, @criterionNos, @reverses) as i (item_id, criterion_no, reverse)),
            per_response as (
                select r.id, r.every, r.weight, i.criterion_no, count(*)::float8 as n,
                       sum(case when i.reverse then 6 - a.code else a.code end)::float8 as y,
                       (count(*) filter (where case when i.reverse then 6 - a.code else a.code end <= 2))::float8 as d
                from sampled r join answer a on a.response_id = r.id join items i on i.item_id = a.item_id
                where a.code between 1 and 5
                group by r.id, r.every, r.weight, i.criterion_no)
            select (@criteria::text[])[c.criterion_no] as criterion, count(*) as sampled, bool_or(c.every > 1) as is_sample, sum(c.weight) as clusters,
                   sum(c.weight * c.n) as sum_n, sum(c.weight * c.y) as sum_y, sum(c.weight * c.y * c.y) as sum_y2,
                   sum(c.weight * c.n * c.y) as sum_ny, sum(c.weight * c.n * c.n) as sum_n2,
                   sum(c.weight * c.d) as sum_d, sum(c.weight * c.d * c.d) as sum_d2, sum(c.weight * c.n * c.d) as sum_nd
            from per_response c
            group by c.criterion_no;

            select d.pair, count(*) as n, sum(d.d)::float8 as sum_d, sum(d.d * d.d)::float8 as sum_d2
            from (select u.pair, (case when u.after_reverse then 6 - a.code else a.code end)
                                 - (case when u.before_reverse then 6 - b.code else b.code end) as d
                  from unnest(@pairIds, @beforeIds, @afterIds, @beforeReverses, @afterReverses)
                           as u (pair, before_id, after_id, before_reverse, after_reverse)
                  join answer b on b.item_id = u.before_id and b.code between 1 and 5
                  join answer a on a.item_id = u.after_id and a.response_id = b.response_id and a.code between 1 and 5
                  where not exists (select 1 from analysis_exclusion x where x.response_id = b.response_id and x.lifted_at is null)) d
            group by d.pair;
            """,
            new
            {
                qids, everys, kepts = qids.Select(q => kept.GetValueOrDefault(q)).ToArray(),
                ids = scored.Select(x => x.Item.Id).ToArray(), criteria = criterionNames,
                criterionNos = scored.Select(x => Array.IndexOf(criterionNames, x.Tags.Criterion) + 1).ToArray(),
                reverses = scored.Select(x => x.Tags.Reverse).ToArray(),
                pairIds = pairRows.Select(x => x.Pair).ToArray(), beforeIds = pairRows.Select(x => x.Before.Id).ToArray(),
                afterIds = pairRows.Select(x => x.After!.Id).ToArray(),
                beforeReverses = pairRows.Select(x => pairs[x.Pair].Before.Reverse).ToArray(),
                afterReverses = pairRows.Select(x => pairs[x.Pair].After.Reverse).ToArray(),
            }, tx, commandTimeout: 600, cancellationToken: cancellationToken));
        var rows = (await sums.ReadAsync<(string Criterion, long Sampled, bool IsSample, double Clusters, double SumN, double SumY, double SumY2,
            double SumNY, double SumN2, double SumD, double SumD2, double SumND)>()).ToDictionary(c => c.Criterion);
        var clusters = rows.Values.ToDictionary(c => c.Criterion,
            c => new ClusterSums((long)Math.Round(c.Clusters), c.SumN, c.SumY, c.SumY2, c.SumNY, c.SumN2));
        // The disagreement share (points 1-2 as scored) by respondent: the same sums with y_i = i's disagreeing answers.
        var disagreements = rows.Values.ToDictionary(c => c.Criterion,
            c => new ClusterSums((long)Math.Round(c.Clusters), c.SumN, c.SumD, c.SumD2, c.SumND, c.SumN2));
        var differences = (await sums.ReadAsync<(int Pair, long N, double SumD, double SumD2)>()).ToDictionary(d => d.Pair);

        var comparisons = pairs.Select((p, n) => Compare(p.Before, p.After, differences.TryGetValue(n, out var d) ? d : default)).ToList();
        comparisons = AdjustForMultipleComparisons(comparisons);
        return Criteria.For(decisionKind).Select(c =>
        {
            var mine = itemFindings.Where(i => i.Criterion == c).ToList();
            var current = Statistics.Pool(mine.Where(i => i.Period != Periods.Before).Select(Scored));
            var sample = rows.TryGetValue(c, out var r) && r.IsSample ? r.Sampled : (long?)null;
            var clustered = clusters.TryGetValue(c, out var cs) ? Statistics.Clustered(ClusterSumsOf(cs, current.N, current.Mean, sample is not null)) : null;
            // The standard's disagreement interval counts respondents too (a Wilson interval over answers would be too
            // narrow where one person answers several items); it replaces the pooled Wilson interval everywhere.
            if (disagreements.TryGetValue(c, out var ds)
                && Statistics.ClusteredShare(ClusterSumsOf(ds, current.N, current.Bottom2, sample is not null)) is { } share)
                current = current with { Bottom2Low = share.CiLow, Bottom2High = share.CiHigh };
            var compared = comparisons.Where(x => x.Before.Criterion == c).Select(x => x.Comparison).ToList();
            return new CriterionFinding(c, mine, current, current.Index, compared, Conclude(current, clustered, compared, options), clustered, sample);
        }).ToList();
    }

    /// <summary>
    /// The cluster sums of a standard. Every respondent read (no questionnaire sampled): as SQL gave them. A systematic
    /// sample (every k-th response of each questionnaire with more kept responses than FindingsOptions.ClusterSampleSize,
    /// the ids in arrival order, which says nothing of the answers; each sampled respondent weighted by its
    /// questionnaire's kept / sampled responses, the others by 1): the mean stays exact (Σn, Σy from all answers, the
    /// pooled figures), the second moments Σy², Σny, Σn² and the number of respondents are the weighted sample's. With
    /// 20,000 respondents read (the default) the variance so estimated is off by about 1% (√(2/C)), the interval's width
    /// by half that, against an interval already narrow at that size.
    /// </summary>
    private static ClusterSums ClusterSumsOf(ClusterSums sums, long n, double? pooledMean, bool sampled) =>
        sampled && pooledMean is { } mean ? sums with { SumN = n, SumY = mean * n } : sums;

    /// <summary>An item's distribution as its standard scores it: a negatively worded item turned round (1 ↔ 5, 2 ↔ 4).</summary>
    private static LikertSummary Scored(ItemFinding item) =>
        item.Reverse ? Statistics.Summarize(item.Summary.Distribution.Reverse().ToArray(), item.Summary.DontKnow) : item.Summary;

    /// <summary>
    /// Art. 19(1): after − before of one pair. The same questionnaire: the same respondents, so the mean of their
    /// differences over those who scored both (from the SQL sums); two questionnaires (two waves): Welch.
    /// </summary>
    private static (ItemFinding Before, PeriodComparison Comparison) Compare(ItemFinding before, ItemFinding after, (int Pair, long N, double SumD, double SumD2) sums)
    {
        var (b, a) = (Scored(before), Scored(after));
        var paired = before.QuestionnaireId == after.QuestionnaireId;
        return (before, new PeriodComparison(before.QuestionnaireId, before.ItemKey, before.Label, after.QuestionnaireId, after.ItemKey, after.Label,
            paired ? ComparisonMethods.Paired : ComparisonMethods.Welch, paired ? sums.N : b.N + a.N, b, a,
            paired ? Statistics.Paired(sums.N, sums.SumD, sums.SumD2) : Statistics.Welch(b, a)));
    }

    /// <summary>Holm's adjustment over every before/after comparison of these findings (the family; README, Analysis).</summary>
    private static List<(ItemFinding Before, PeriodComparison Comparison)> AdjustForMultipleComparisons(
        List<(ItemFinding Before, PeriodComparison Comparison)> comparisons)
    {
        var tested = comparisons.Where(c => c.Comparison.Difference is not null).ToList();
        var adjusted = Statistics.Holm(tested.Select(c => c.Comparison.Difference!.P).ToList());
        return comparisons.Select(c => tested.IndexOf(c) is var k and >= 0
            ? (c.Before, c.Comparison with { AdjustedP = adjusted[k], Family = tested.Count })
            : c).ToList();
    }

    /// <summary>
    /// The rules of the preliminary conclusion, with the reasons that fired. A threshold rule is firm when the whole
    /// interval lies past its threshold (the index's respondent-clustered interval under ConcernIndex / SeriousIndex,
    /// the disagreement share's Wilson interval at or over ConcernDisagreement / SeriousDisagreement); when the interval
    /// straddles the threshold the data do not settle it: where no concern is firm the level is borderline (临界), and a
    /// firm concern whose serious threshold is straddled stays a concern; the reason names the straddled rule
    /// ("…_borderline"). A before/after decline counts when its Holm-adjusted p is under Alpha.
    /// </summary>
    public static Conclusion Conclude(LikertSummary current, ClusteredMean? clustered, IReadOnlyList<PeriodComparison> comparisons, FindingsOptions options)
    {
        double? indexLow = clustered is { } c ? CriterionFinding.ToIndex(c.CiLow) : null;
        double? indexHigh = clustered is { } c2 ? CriterionFinding.ToIndex(c2.CiHigh) : null;
        Conclusion Result(string level, IReadOnlyList<string> reasons) => new(level, reasons, current.N, current.Index, current.Bottom2, current.Top2,
            indexLow, indexHigh, current.Bottom2Low, current.Bottom2High, clustered?.Clusters);
        if (current.N < options.MinimumAnswers) return Result(ConclusionLevels.Insufficient, ["too_few_answers"]);
        // Enough answers but from fewer than two respondents (or none sampled): no interval, so no firm level from a point.
        if (clustered is null) return Result(ConclusionLevels.Insufficient, ["too_few_respondents"]);

        var serious = new List<string>();
        var concern = new List<string>();
        var borderline = new List<string>();
        // Past: the whole interval is past the threshold; straddling: only part of it. No interval: the point alone.
        bool Rule(double point, double? low, double? high, Func<double, bool> past, string reason, List<string> firm)
        {
            var (lo, hi) = (low ?? point, high ?? point);
            if (past(lo) && past(hi)) firm.Add(reason);
            else if (past(lo) || past(hi)) borderline.Add(reason + "_borderline");
            return firm.Contains(reason);
        }
        if (current.Bottom2 is { } share
            && !Rule(share, current.Bottom2Low, current.Bottom2High, x => x >= options.SeriousDisagreement, "serious_disagreement", serious))
            Rule(share, current.Bottom2Low, current.Bottom2High, x => x >= options.ConcernDisagreement, "disagreement", concern);
        if (current.Index is { } index
            && !Rule(index, indexLow, indexHigh, x => x < options.SeriousIndex, "serious_low_index", serious))
            Rule(index, indexLow, indexHigh, x => x < options.ConcernIndex, "low_index", concern);
        if (comparisons.Any(x => x.Difference is { Value: < 0 } d && (x.AdjustedP ?? d.P) < options.Alpha)) concern.Add("worse_than_before");
        // The firmest level the data settle; 临界 only where no firm concern holds (a firm concern whose serious
        // threshold is straddled stays a concern, the straddled rule named among its reasons).
        var level = serious.Count > 0 ? ConclusionLevels.SeriousConcern
            : concern.Count > 0 ? ConclusionLevels.Concern
            : borderline.Count > 0 ? ConclusionLevels.Borderline : ConclusionLevels.NoConcern;
        return Result(level, [.. serious, .. concern, .. borderline]);
    }
}
