using Dapper;
using Evaluation.Shared.Results;
using Npgsql;

namespace Evaluation.Analysis.Reports;

/// <summary>
/// A finding of a method's record, an answered data request or an information item (Art. 16, 19(3), 25, 27), as the
/// conclusions quote it. Source: <see cref="EvidenceSources"/>; SourceKind: the method (Method.*), the information
/// item's kind (InfoItem.Kind.*) or "data_request"; Period: before or after the decision took effect (Art. 19(1)),
/// null where the record does not say. Legality: whether it is legality evidence (<see cref="EvidenceSources.IsLegalityEvidence"/>).
/// </summary>
public sealed record EvidenceFinding(long Id, string Source, long SourceId, string SourceKind, string SourceTitle, DateOnly On,
    string? Period, string Statement, string Direction, int? Numerator, int? Denominator, IReadOnlyList<string> Criteria, bool Legality)
{
    /// <summary>The key a judgement links it by.</summary>
    public string Key => EvidenceKeys.Finding(Id);

    public double? Share => Numerator is { } n && Denominator is { } d and > 0 ? n / (double)d : null;
}

/// <summary>Coded opinions of one standard: how many staff coded to it, how many its keywords suggest, and quotations
/// (redacted as the public results are, Art. 7), each with its opinion.</summary>
public sealed record OpinionEvidence(int Coded, int CodedDistinct, int Suggested, IReadOnlyList<OpinionQuote> Quotes);

public sealed record OpinionQuote(long OpinionId, string Text, bool Coded);

/// <summary>
/// The evaluator's judgement of one standard (Art. 19(3)): the level, the reasoning in words, and the evidence it rests on
/// (<see cref="EvidenceKeys"/>). The figures are never part of the text: they are rendered from the snapshot.
/// </summary>
public sealed record Judgement(string Level, string Text, IReadOnlyList<string> Evidence, string JudgedBy, DateTime JudgedAt);

/// <summary>The keys of the pieces of evidence a judgement can link: the survey figures, the coded opinions, a finding.</summary>
public static class EvidenceKeys
{
    public const string Survey = "survey";
    public const string Opinions = "opinions";
    public static string Finding(long id) => $"finding:{id}";
}

/// <summary>The sources a finding can come from, and which of them count as legality evidence.</summary>
public static class EvidenceSources
{
    public const string Method = "method";
    public const string DataRequest = "data_request";
    public const string InformationItem = "information_item";
    public static readonly string[] All = [Method, DataRequest, InformationItem];

    public const string Supports = "supports";
    public const string Concern = "concern";
    public static readonly string[] Directions = [Supports, Concern];

    /// <summary>
    /// Art. 15(1): legality is judged against laws, regulations and policy, so it rests on legality evidence: the
    /// case-file review, expert (legal) consultation and the comparison with other documents among the methods, the
    /// reconsideration and litigation cases among the information items, and the documents departments supply on
    /// request (the justice bureau's filing and legal review records). Public opinion alone never settles it.
    /// </summary>
    public static bool IsLegalityEvidence(string source, string sourceKind) => source switch
    {
        Method => sourceKind is "case_file_review" or "expert_consultation" or "comparative_analysis",
        InformationItem => sourceKind is "reconsideration_case" or "litigation_case",
        DataRequest => true,
        _ => false,
    };

    /// <summary>Art. 19(1): before or after, relative to the decision's effective date (not the project's plan).</summary>
    public static string PeriodOf(DateOnly on, DateOnly effectiveOn) => on < effectiveOn ? "before" : "after";
}

/// <summary>Reads a project's findings and coded opinions for its conclusions.</summary>
public static class ConclusionEvidence
{
    /// <summary>
    /// Every finding recorded in the project, with its source. Information items are the decision's, from any date:
    /// their period is set by the decision's effective date. Not scoped: the caller found the project in scope.
    /// </summary>
    public static async Task<IReadOnlyList<EvidenceFinding>> FindingsAsync(NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null)
    {
        var rows = await conn.QueryAsync<Row>(
            """
            select f.id, f.method_id, f.data_request_id, f.information_item_id, f.statement, f.direction, f.numerator, f.denominator,
                   coalesce(m.method, i.kind, 'data_request') as source_kind,
                   coalesce(r.subject, i.title, m.place, '') as source_title,
                   coalesce(m.held_on, i.occurred_on) as held_on, coalesce(r.answered_at, f.recorded_at) as recorded_at,
                   case when f.information_item_id is not null
                        then case when i.occurred_on < d.effective_on then 'before' else 'after' end
                        else m.period end as period,
                   array(select c.criterion from evidence_finding_criterion c join criterion k on k.code = c.criterion
                         where c.finding_id = f.id order by k.sort_order) as criteria
            from evidence_finding f join evaluation_project p on p.id = f.project_id join decision d on d.id = p.decision_id
            left join project_method m on m.id = f.method_id
            left join data_request r on r.id = f.data_request_id
            left join information_item i on i.id = f.information_item_id
            where f.project_id = @projectId
            order by coalesce(m.held_on, i.occurred_on, r.answered_at::date), f.id
            """, new { projectId }, tx);
        return rows.Select(r =>
        {
            var (source, sourceId) = r.MethodId is { } m ? (EvidenceSources.Method, m)
                : r.DataRequestId is { } q ? (EvidenceSources.DataRequest, q)
                : (EvidenceSources.InformationItem, r.InformationItemId!.Value);
            return new EvidenceFinding(r.Id, source, sourceId, r.SourceKind, r.SourceTitle, r.HeldOn ?? DateOnly.FromDateTime(Shared.Web.Display.ToChinaTime(r.RecordedAt)), r.Period,
                r.Statement, r.Direction, r.Numerator, r.Denominator, r.Criteria, EvidenceSources.IsLegalityEvidence(source, r.SourceKind));
        }).ToList();
    }

    // Set by name (a positional record needs each column's exact type: text[] comes as Array, date as DateOnly).
    private sealed class Row
    {
        public long Id { get; set; }
        public long? MethodId { get; set; }
        public long? DataRequestId { get; set; }
        public long? InformationItemId { get; set; }
        public string Statement { get; set; } = "";
        public string Direction { get; set; } = "";
        public int? Numerator { get; set; }
        public int? Denominator { get; set; }
        public string SourceKind { get; set; } = "";
        public string SourceTitle { get; set; } = "";
        public DateOnly? HeldOn { get; set; }
        public DateTime RecordedAt { get; set; }
        public string? Period { get; set; }
        public string[] Criteria { get; set; } = [];
    }

    /// <summary>
    /// The coded opinions of each standard from the text findings, their quotations redacted as the public results are
    /// (Art. 7): the text staff masked for publication where there is one, every ID-card, phone, bank-card number and
    /// e-mail address masked in any case; the whole text is masked before it is cut, so no number is cut in two.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, OpinionEvidence>> OpinionsAsync(NpgsqlConnection conn, Findings findings,
        NpgsqlTransaction? tx = null)
    {
        if (findings.Text is not { } text) return new Dictionary<string, OpinionEvidence>();
        var ids = text.Criteria.SelectMany(c => c.Quotes.Select(q => q.OpinionId)).Distinct().ToArray();
        var bodies = (await conn.QueryAsync<(long Id, string Body)>(
            """
            select o.id, coalesce(d.redacted_body, o.body) from opinion o left join opinion_disposition d on d.opinion_id = o.id
            where o.id = any(@ids)
            """, new { ids }, tx)).ToDictionary(b => b.Id, b => b.Body);
        return text.Criteria.ToDictionary(c => c.Criterion, c => new OpinionEvidence(c.Coded, c.CodedDistinct, c.Suggested,
            c.Quotes.Where(q => bodies.ContainsKey(q.OpinionId))
                .Select(q => new OpinionQuote(q.OpinionId, Cut(Redaction.Redact(bodies[q.OpinionId])), q.Coded)).ToList()));
    }

    private const int QuoteLength = 120;

    private static string Cut(string text)
    {
        var flat = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= QuoteLength ? flat : flat[..QuoteLength] + "…";
    }
}
