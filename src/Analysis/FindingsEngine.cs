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
    private sealed record ItemRow(long Id, long QuestionnaireId, string Key, string Label, string? Criterion, string? Period, int Version);
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

        var questionnaires = (await conn.QueryAsync<(long Id, string Title, string Audience)>(new CommandDefinition(
            "select id, title, audience from questionnaire where consultation_id = any(@cids) and current_version_id is not null order by id",
            new { cids }, cancellationToken: cancellationToken))).ToList();
        var qids = questionnaires.Select(q => q.Id).ToArray();

        var items = (await conn.QueryAsync<ItemRow>(new CommandDefinition(
            $"""
            select qi.id, v.questionnaire_id, qi.key, qi.label, qi.criterion, qi.period, v.number as version
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
        var criteria = Criteria.For(h.Kind)
            .Select(c => Criterion(c, itemFindings.Where(i => i.Criterion == c).ToList(), options))
            .ToList();

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
        return items.GroupBy(i => (i.QuestionnaireId, i.Key))
            .Select(g =>
            {
                var newest = g.MaxBy(i => i.Version)!;
                var rows = g.SelectMany(i => byItem[i.Id]).ToList();
                return new ItemFinding(g.Key.QuestionnaireId, titles[g.Key.QuestionnaireId], g.Key.Key, newest.Label, newest.Criterion,
                    newest.Period, Summarize(rows),
                    [Breakdown("respondent_type", rows, r => r.RespondentType, options), Breakdown("region", rows, r => r.Region, options)]);
            })
            .OrderBy(i => i.QuestionnaireId).ThenBy(i => i.ItemKey, StringComparer.Ordinal)
            .ToList();
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

    /// <summary>Per group, and whether the groups differ: disagree (1-2) / neutral (3) / agree (4-5) by group.</summary>
    private static GroupBreakdown Breakdown(string dimension, List<AnswerCount> rows, Func<AnswerCount, string> group, FindingsOptions options)
    {
        var groups = rows.GroupBy(group)
            .Select(g => (Key: g.Key, Summary: Summarize(g)))
            .Where(g => g.Summary.N + g.Summary.DontKnow > 0)
            .OrderByDescending(g => g.Summary.N).ThenBy(g => g.Key)
            .ToList();
        var table = new long[groups.Count, 3];
        for (var i = 0; i < groups.Count; i++)
        {
            var d = groups[i].Summary.Distribution;
            (table[i, 0], table[i, 1], table[i, 2]) = (d[0] + d[1], d[2], d[3] + d[4]);
        }
        return new GroupBreakdown(dimension,
            groups.Select(g => new GroupRow(g.Key, g.Summary, g.Summary.N < options.MinimumCellSize)).ToList(),
            groups.Count > 1 ? Statistics.Independence(table) : null);
    }

    private static CriterionFinding Criterion(string criterion, List<ItemFinding> items, FindingsOptions options)
    {
        // The current state is what is asked of now (after, or untagged by period); "before" items compare.
        var current = Statistics.Pool(items.Where(i => i.Period != Periods.Before).Select(i => i.Summary));
        var before = Statistics.Pool(items.Where(i => i.Period == Periods.Before).Select(i => i.Summary));
        var after = Statistics.Pool(items.Where(i => i.Period == Periods.After).Select(i => i.Summary));
        var comparison = before.N > 0 && after.N > 0 ? new PeriodComparison(before, after, Statistics.Compare(before, after)) : null;
        return new CriterionFinding(criterion, items, current, current.Index, comparison, Conclude(current, comparison, options));
    }

    /// <summary>The rules of the preliminary conclusion, with the reasons that fired.</summary>
    public static Conclusion Conclude(LikertSummary current, PeriodComparison? comparison, FindingsOptions options)
    {
        if (current.N < options.MinimumAnswers)
            return new Conclusion(ConclusionLevels.Insufficient, ["too_few_answers"], current.N, current.Index, current.Bottom2, current.Top2);
        var serious = new List<string>();
        var concern = new List<string>();
        if (current.Bottom2 >= options.SeriousDisagreement) serious.Add("serious_disagreement");
        else if (current.Bottom2 >= options.ConcernDisagreement) concern.Add("disagreement");
        if (current.Index < options.SeriousIndex) serious.Add("serious_low_index");
        else if (current.Index < options.ConcernIndex) concern.Add("low_index");
        if (comparison?.Difference is { } d && d.Value < 0 && d.P < options.Alpha) concern.Add("worse_than_before");
        var level = serious.Count > 0 ? ConclusionLevels.SeriousConcern : concern.Count > 0 ? ConclusionLevels.Concern : ConclusionLevels.NoConcern;
        return new Conclusion(level, [.. serious, .. concern], current.N, current.Index, current.Bottom2, current.Top2);
    }
}
