using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace Evaluation.Shared.Chain;

/// <summary>How often and how much the chaining step works (Admin hosts it).</summary>
public sealed class ChainOptions
{
    /// <summary>Seconds between two runs of the step: the lag of a quiet system is at most about this.</summary>
    public int IntervalSeconds { get; set; } = 10;

    /// <summary>Rows chained per transaction; a run chains batches until nothing waits.</summary>
    public int BatchSize { get; set; } = 500;
}

/// <summary>The chain's state for staff and the CLI: links, head, and what waits (the lag).</summary>
public sealed record ChainStatus(long Links, byte[]? Head, DateTime? HeadChainedAt, long Waiting, DateTime? OldestWaiting)
{
    /// <summary>Age of the oldest row not chained yet (zero when nothing waits).</summary>
    public TimeSpan Lag(DateTime now) => OldestWaiting is { } t && now > t ? now - t : TimeSpan.Zero;
}

/// <summary>A day's published head (China Standard Time): the last link chained that day, and how many were.</summary>
public sealed record ChainDay(DateOnly Day, long Seq, byte[] Head, long Chained);

public enum ChainBreak { Altered, Inserted, Deleted }

public abstract record ChainCheck
{
    public sealed record Intact(long Links, byte[] Head) : ChainCheck;

    /// <param name="Seq">Where: the link altered or inserted, or the position of the link that is missing.</param>
    /// <param name="RowKind">opinion or response (null when the link that is gone named it).</param>
    public sealed record Broken(ChainBreak Kind, long Seq, string? RowKind, long? RowId, string Detail) : ChainCheck;
}

/// <summary>
/// The intake chain (Art. 4, 6; issue 13): every opinion and every questionnaire response, whatever its channel, is a
/// link of one global chain, so that nobody (staff, an operator, an intruder) can alter, add or remove one unseen.
/// Triggers queue each new row (and each amendment of a response) in <c>intake_chain_pending</c>; a background step
/// (<see cref="ChainPendingAsync"/>, hosted by Admin, one instance at a time under a PostgreSQL advisory lock) chains
/// the queue in small batches, so intake transactions never wait for one another; a row that commits late simply gets
/// a later position. Each day's last head is written to <c>intake_chain_day</c> and published by the Portal (/Chain).
///
/// <para><b>Canonical form</b> (version 1). A field is <c>name ":" n ":" value "\n"</c>, n the number of UTF-8 bytes
/// of value in decimal; a null value is <c>name ":-\n"</c>. Times are UTC <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, dates
/// <c>yyyy-MM-dd</c>, integers in decimal, numbers in plain decimal without trailing zeros (<c>2.5</c>, <c>3</c>).</para>
/// <list type="bullet">
/// <item>Opinion content: kind=opinion, id, consultation, receipt, channel, respondent_type, region, body,
/// created_at, received_on, postmark_on (the last two from opinion_source; null online).</item>
/// <item>Response content: kind=response, id, questionnaire, version, receipt, respondent_type, region, industry,
/// enterprise_size, invitation, submitted_at, amended_at, then one field <c>answer</c> = "item,code,value" per answer
/// ordered by item and code (value empty when null), then one field <c>text</c> = "item,text" per free text ordered
/// by item.</item>
/// <item>content_digest = SHA-256(content).</item>
/// <item>personal_digest, taken when the link is written and kept in it: opinion SHA-256(name, contact, consent_at
/// as stored; name and contact are ciphertext with a random IV, so the digest cannot be reversed by guessing);
/// response SHA-256(personal_salt || credit_code, enterprise_name) with the row's random salt, erased with the
/// fields. The verifier does not compare it with the row: PIPL lets a person correct or erase those fields.</item>
/// <item>Link record: seq, kind, id, content (lowercase hex of content_digest), personal (hex of personal_digest).</item>
/// <item>hash(seq) = SHA-256(hash(seq - 1) || link record), hash(0) = 32 zero bytes; seq runs 1, 2, 3 ...</item>
/// </list>
/// A response amended is chained again; only the latest link of a row is compared with the row.
/// </summary>
public static class IntakeChain
{
    // One number for "the chaining step" among the advisory locks of the database.
    private const long LockKey = 0x4576616c43686e;
    private static readonly byte[] Genesis = new byte[32];

    public sealed record Link(long Seq, string Kind, long RowId, byte[] ContentDigest, byte[] PersonalDigest, byte[] PrevHash, byte[] Hash);

    private sealed record Digests(byte[] Content, byte[] Personal);

    // ---- canonical form ----

    private static void Field(StringBuilder b, string name, string? value)
    {
        if (value is null) { b.Append(name).Append(":-\n"); return; }
        b.Append(name).Append(':').Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    private static string? Time(DateTime? utc) => utc?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    private static string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Int(long n) => n.ToString(CultureInfo.InvariantCulture);
    private static string? Int(long? n) => n?.ToString(CultureInfo.InvariantCulture);
    private static string Number(decimal? v) => v?.ToString("0.############################", CultureInfo.InvariantCulture) ?? "";
    private static byte[] Sha(string canonical) => SHA256.HashData(Encoding.UTF8.GetBytes(canonical));

    /// <summary>The bytes hashed after the previous hash: the link record.</summary>
    public static string LinkRecord(long seq, string kind, long rowId, byte[] contentDigest, byte[] personalDigest)
    {
        var b = new StringBuilder();
        Field(b, "seq", Int(seq));
        Field(b, "kind", kind);
        Field(b, "id", Int(rowId));
        Field(b, "content", Convert.ToHexStringLower(contentDigest));
        Field(b, "personal", Convert.ToHexStringLower(personalDigest));
        return b.ToString();
    }

    public static byte[] LinkHash(byte[] prevHash, long seq, string kind, long rowId, byte[] contentDigest, byte[] personalDigest) =>
        SHA256.HashData([.. prevHash, .. Encoding.UTF8.GetBytes(LinkRecord(seq, kind, rowId, contentDigest, personalDigest))]);

    private sealed record OpinionRow(long Id, long ConsultationId, string ReceiptNumber, string Channel, string RespondentType,
        string RegionCode, string Body, DateTime CreatedAt, DateOnly? ReceivedOn, DateOnly? PostmarkOn, string? Name, string? Contact, DateTime? ConsentAt);

    private sealed record ResponseRow(long Id, long QuestionnaireId, long VersionId, string ReceiptNumber, string RespondentType,
        string? RegionCode, string? Industry, string? EnterpriseSize, long? InvitationId, DateTime SubmittedAt, DateTime? AmendedAt,
        string? CreditCode, string? EnterpriseName, byte[]? PersonalSalt);

    private static Digests OpinionDigests(OpinionRow o)
    {
        var b = new StringBuilder();
        Field(b, "kind", ChainKinds.Opinion);
        Field(b, "id", Int(o.Id));
        Field(b, "consultation", Int(o.ConsultationId));
        Field(b, "receipt", o.ReceiptNumber);
        Field(b, "channel", o.Channel);
        Field(b, "respondent_type", o.RespondentType);
        Field(b, "region", o.RegionCode);
        Field(b, "body", o.Body);
        Field(b, "created_at", Time(o.CreatedAt));
        Field(b, "received_on", Date(o.ReceivedOn));
        Field(b, "postmark_on", Date(o.PostmarkOn));
        var p = new StringBuilder();
        Field(p, "name", o.Name);
        Field(p, "contact", o.Contact);
        Field(p, "consent_at", Time(o.ConsentAt));
        return new Digests(Sha(b.ToString()), Sha(p.ToString()));
    }

    private static Digests ResponseDigests(ResponseRow r, IEnumerable<(long ItemId, short Code, decimal? Value)> answers,
        IEnumerable<(long ItemId, string Text)> texts)
    {
        var b = new StringBuilder();
        Field(b, "kind", ChainKinds.Response);
        Field(b, "id", Int(r.Id));
        Field(b, "questionnaire", Int(r.QuestionnaireId));
        Field(b, "version", Int(r.VersionId));
        Field(b, "receipt", r.ReceiptNumber);
        Field(b, "respondent_type", r.RespondentType);
        Field(b, "region", r.RegionCode);
        Field(b, "industry", r.Industry);
        Field(b, "enterprise_size", r.EnterpriseSize);
        Field(b, "invitation", Int(r.InvitationId));
        Field(b, "submitted_at", Time(r.SubmittedAt));
        Field(b, "amended_at", Time(r.AmendedAt));
        foreach (var a in answers.OrderBy(a => a.ItemId).ThenBy(a => a.Code))
            Field(b, "answer", $"{Int(a.ItemId)},{a.Code.ToString(CultureInfo.InvariantCulture)},{Number(a.Value)}");
        foreach (var t in texts.OrderBy(t => t.ItemId))
            Field(b, "text", $"{Int(t.ItemId)},{t.Text}");
        var p = new StringBuilder();
        Field(p, "credit_code", r.CreditCode);
        Field(p, "enterprise_name", r.EnterpriseName);
        return new Digests(Sha(b.ToString()), SHA256.HashData([.. r.PersonalSalt ?? [], .. Encoding.UTF8.GetBytes(p.ToString())]));
    }

    /// <summary>The current digests of the rows asked for, by (kind, id); a row that is gone is absent.</summary>
    private static async Task<Dictionary<(string Kind, long Id), Digests>> DigestsAsync(NpgsqlConnection conn, NpgsqlTransaction? tx,
        IReadOnlyCollection<long> opinionIds, IReadOnlyCollection<long> responseIds)
    {
        var result = new Dictionary<(string, long), Digests>();
        if (opinionIds.Count > 0)
        {
            var opinions = await conn.QueryAsync<OpinionRow>(
                """
                select o.id, o.consultation_id, o.receipt_number, o.channel, o.respondent_type, o.region_code, o.body, o.created_at,
                       s.received_on, s.postmark_on, o.name, o.contact, o.consent_at
                from opinion o left join opinion_source s on s.opinion_id = o.id
                where o.id = any(@ids)
                """, new { ids = opinionIds.ToArray() }, tx);
            foreach (var o in opinions) result[(ChainKinds.Opinion, o.Id)] = OpinionDigests(o);
        }
        if (responseIds.Count > 0)
        {
            var ids = responseIds.ToArray();
            var responses = await conn.QueryAsync<ResponseRow>(
                """
                select id, questionnaire_id, version_id, receipt_number, respondent_type, region_code, industry, enterprise_size,
                       invitation_id, submitted_at, amended_at, credit_code, enterprise_name, personal_salt
                from response where id = any(@ids)
                """, new { ids }, tx);
            var answers = (await conn.QueryAsync<(long ResponseId, long ItemId, short Code, decimal? Value)>(
                "select response_id, item_id, code, value from answer where response_id = any(@ids)", new { ids }, tx)).ToLookup(a => a.ResponseId);
            var texts = (await conn.QueryAsync<(long ResponseId, long ItemId, string Text)>(
                "select response_id, item_id, text from answer_text where response_id = any(@ids)", new { ids }, tx)).ToLookup(t => t.ResponseId);
            foreach (var r in responses)
                result[(ChainKinds.Response, r.Id)] = ResponseDigests(r,
                    answers[r.Id].Select(a => (a.ItemId, a.Code, a.Value)), texts[r.Id].Select(t => (t.ItemId, t.Text)));
        }
        return result;
    }

    // ---- the chaining step ----

    /// <summary>
    /// Chains what waits, in batches of <paramref name="batchSize"/>, each in its own transaction under the advisory
    /// lock (another instance holding it: this one returns at once and tries at its next run). Also writes the head of
    /// the day before (China time) once it is over. Returns the number of links written.
    /// </summary>
    public static async Task<int> ChainPendingAsync(this NpgsqlDataSource db, DateTime now, int batchSize = 500,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var total = 0;
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(cancellationToken);
            await using var tx = await conn.BeginTransactionAsync(cancellationToken);
            if (!await conn.ExecuteScalarAsync<bool>("select pg_try_advisory_xact_lock(@LockKey)", new { LockKey }, tx)) return total;
            var waiting = (await conn.QueryAsync<(long Id, string Kind, long RowId)>(
                "select id, kind, row_id from intake_chain_pending order by id limit @batchSize", new { batchSize }, tx)).ToList();
            var written = 0;
            if (waiting.Count > 0)
            {
                var head = await conn.QuerySingleOrDefaultAsync<(long Seq, byte[] Hash)?>(
                    "select seq, hash from intake_chain order by seq desc limit 1", transaction: tx);
                var (seq, prev) = head is { } h ? (h.Seq, h.Hash) : (0L, Genesis);
                var digests = await DigestsAsync(conn, tx,
                    waiting.Where(w => w.Kind == ChainKinds.Opinion).Select(w => w.RowId).Distinct().ToList(),
                    waiting.Where(w => w.Kind == ChainKinds.Response).Select(w => w.RowId).Distinct().ToList());
                var links = new List<Link>();
                foreach (var w in waiting)
                {
                    // A row deleted before it was chained (a rolled-back import cannot do that; only an owner's hand) has
                    // nothing to chain; the verifier reports rows without links, not links without rows of this kind.
                    if (!digests.TryGetValue((w.Kind, w.RowId), out var d)) continue;
                    seq++;
                    var hash = LinkHash(prev, seq, w.Kind, w.RowId, d.Content, d.Personal);
                    links.Add(new Link(seq, w.Kind, w.RowId, d.Content, d.Personal, prev, hash));
                    prev = hash;
                }
                await conn.ExecuteAsync(
                    """
                    insert into intake_chain (seq, kind, row_id, content_digest, personal_digest, prev_hash, hash, chained_at)
                    select seq, kind, row_id, content_digest, personal_digest, prev_hash, hash, @now
                    from unnest(@seqs, @kinds, @rowIds, @contents, @personals, @prevs, @hashes)
                         as l (seq, kind, row_id, content_digest, personal_digest, prev_hash, hash)
                    """,
                    new
                    {
                        now, seqs = links.Select(l => l.Seq).ToArray(), kinds = links.Select(l => l.Kind).ToArray(),
                        rowIds = links.Select(l => l.RowId).ToArray(), contents = links.Select(l => l.ContentDigest).ToArray(),
                        personals = links.Select(l => l.PersonalDigest).ToArray(), prevs = links.Select(l => l.PrevHash).ToArray(),
                        hashes = links.Select(l => l.Hash).ToArray(),
                    }, tx);
                await conn.ExecuteAsync("delete from intake_chain_pending where id = any(@ids)", new { ids = waiting.Select(w => w.Id).ToArray() }, tx);
                written = links.Count;
            }
            await WriteYesterdayAsync(conn, tx, now);
            await tx.CommitAsync(cancellationToken);
            total += written;
            if (waiting.Count < batchSize) return total;
        }
    }

    /// <summary>Start of a China day in UTC (China Standard Time has no daylight saving: UTC+8).</summary>
    public static DateTime DayStart(DateOnly day) => day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8);

    public static DateOnly ChinaDay(DateTime utc) => DateOnly.FromDateTime(utc.AddHours(8));

    private static async Task WriteYesterdayAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DateTime now)
    {
        var today = ChinaDay(now);
        var yesterday = today.AddDays(-1);
        await conn.ExecuteAsync(
            """
            insert into intake_chain_day (day, seq, head, chained, written_at)
            select @yesterday, l.seq, l.hash,
                   (select count(*) from intake_chain c where c.chained_at >= @from and c.chained_at < @to), @now
            from (select seq, hash from intake_chain where chained_at < @to order by seq desc limit 1) l
            where not exists (select 1 from intake_chain_day where day >= @yesterday)
            """, new { yesterday, from = DayStart(yesterday), to = DayStart(today), now }, tx);
    }

    // ---- status and published heads ----

    public static async Task<ChainStatus> StatusAsync(this NpgsqlConnection conn)
    {
        var head = await conn.QuerySingleOrDefaultAsync<(long Seq, byte[] Hash, DateTime ChainedAt)?>(
            "select seq, hash, chained_at from intake_chain order by seq desc limit 1");
        var waiting = await conn.QuerySingleAsync<(long Count, DateTime? Oldest)>(
            "select count(*), min(queued_at) from intake_chain_pending");
        return new ChainStatus(head?.Seq ?? 0, head?.Hash, head?.ChainedAt, waiting.Count, waiting.Oldest);
    }

    /// <summary>The published heads, newest first.</summary>
    public static async Task<IReadOnlyList<ChainDay>> DaysAsync(this NpgsqlConnection conn, int limit = 90) =>
        (await conn.QueryAsync<ChainDay>("select day, seq, head, chained from intake_chain_day order by day desc limit @limit", new { limit })).ToList();

    // ---- verification ----

    /// <summary>
    /// Recomputes the chain from the rows: each link's hash from the previous one, each row's latest link from the row,
    /// the published heads against the links, and looks for rows neither chained nor waiting. Reports the first break
    /// in chain order: a link or row altered, a link inserted (a later link points back past it), a link or row
    /// deleted (a link points to a hash no longer there, or a link's row is gone).
    /// </summary>
    public static async Task<ChainCheck> VerifyAsync(this NpgsqlDataSource db, int pageSize = 2000, CancellationToken cancellationToken = default)
    {
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var latest = (await conn.QueryAsync<(string Kind, long RowId, long Seq)>(
            "select kind, row_id, max(seq) from intake_chain group by kind, row_id", transaction: tx)).ToDictionary(l => l.Seq, l => (l.Kind, l.RowId));
        var published = (await conn.QueryAsync<(long Seq, byte[] Head, DateOnly Day)>("select seq, head, day from intake_chain_day", transaction: tx))
            .ToLookup(d => d.Seq);
        var expectedSeq = 1L;
        var prev = Genesis;
        (string Kind, long RowId)? before = null;
        long after = 0;
        while (true)
        {
            var page = (await conn.QueryAsync<Link>(
                """
                select seq, kind, row_id, content_digest, personal_digest, prev_hash, hash from intake_chain
                where seq > @after order by seq limit @pageSize
                """, new { after, pageSize }, tx)).ToList();
            if (page.Count == 0) break;
            var current = page.Where(l => latest.ContainsKey(l.Seq)).ToList();
            var digests = await DigestsAsync(conn, tx,
                current.Where(l => l.Kind == ChainKinds.Opinion).Select(l => l.RowId).ToList(),
                current.Where(l => l.Kind == ChainKinds.Response).Select(l => l.RowId).ToList());
            foreach (var l in page)
            {
                if (!l.PrevHash.AsSpan().SequenceEqual(prev))
                {
                    var pointsTo = await conn.QuerySingleOrDefaultAsync<(long Seq, string Kind, long RowId)?>(
                        "select seq, kind, row_id from intake_chain where hash = @PrevHash", new { l.PrevHash }, tx);
                    if (pointsTo is { } p && p.Seq < l.Seq)
                    {
                        var inserted = await conn.QuerySingleAsync<(long Seq, string Kind, long RowId)>(
                            "select seq, kind, row_id from intake_chain where seq > @Seq order by seq limit 1", new { p.Seq }, tx);
                        return new ChainCheck.Broken(ChainBreak.Inserted, inserted.Seq, inserted.Kind, inserted.RowId,
                            $"link {inserted.Seq} ({inserted.Kind} {inserted.RowId}) was put in: link {l.Seq} follows link {p.Seq}");
                    }
                    return new ChainCheck.Broken(ChainBreak.Deleted, expectedSeq, null, null,
                        $"a link is missing between link {expectedSeq - 1}{Describe(before)} and link {l.Seq}: link {l.Seq} follows a hash no longer in the chain");
                }
                if (l.Seq != expectedSeq)
                    return new ChainCheck.Broken(ChainBreak.Deleted, expectedSeq, null, null,
                        $"links {expectedSeq} to {l.Seq - 1} are missing after link {expectedSeq - 1}{Describe(before)}");
                var hash = LinkHash(prev, l.Seq, l.Kind, l.RowId, l.ContentDigest, l.PersonalDigest);
                if (!hash.AsSpan().SequenceEqual(l.Hash))
                    return new ChainCheck.Broken(ChainBreak.Altered, l.Seq, l.Kind, l.RowId, $"link {l.Seq} itself was changed: its hash does not follow from its record");
                if (latest.ContainsKey(l.Seq))
                {
                    if (!digests.TryGetValue((l.Kind, l.RowId), out var d))
                        return new ChainCheck.Broken(ChainBreak.Deleted, l.Seq, l.Kind, l.RowId, $"{l.Kind} {l.RowId} of link {l.Seq} is gone");
                    if (!d.Content.AsSpan().SequenceEqual(l.ContentDigest))
                        return new ChainCheck.Broken(ChainBreak.Altered, l.Seq, l.Kind, l.RowId, $"{l.Kind} {l.RowId} differs from what link {l.Seq} holds");
                }
                foreach (var day in published[l.Seq])
                    if (!day.Head.AsSpan().SequenceEqual(l.Hash))
                        return new ChainCheck.Broken(ChainBreak.Altered, l.Seq, l.Kind, l.RowId,
                            $"link {l.Seq} differs from the head published for {day.Day:yyyy-MM-dd}: the chain was rewritten");
                prev = l.Hash;
                before = (l.Kind, l.RowId);
                expectedSeq = l.Seq + 1;
            }
            after = page[^1].Seq;
        }
        // A published head beyond the chain's end: links were cut off.
        var beyond = await conn.ExecuteScalarAsync<long?>("select min(seq) from intake_chain_day where seq >= @expectedSeq", new { expectedSeq }, tx);
        if (beyond is { } b)
            return new ChainCheck.Broken(ChainBreak.Deleted, expectedSeq, null, null, $"links from {expectedSeq} on are gone: link {b} was published");
        // A row neither chained nor waiting came in past the triggers.
        var unchained = await conn.QuerySingleOrDefaultAsync<(string Kind, long Id)?>(
            """
            select 'opinion', o.id from opinion o
            where not exists (select 1 from intake_chain l where l.kind = 'opinion' and l.row_id = o.id)
              and not exists (select 1 from intake_chain_pending p where p.kind = 'opinion' and p.row_id = o.id)
            union all
            select 'response', r.id from response r
            where not exists (select 1 from intake_chain l where l.kind = 'response' and l.row_id = r.id)
              and not exists (select 1 from intake_chain_pending p where p.kind = 'response' and p.row_id = r.id)
            limit 1
            """, transaction: tx);
        if (unchained is { } u)
            return new ChainCheck.Broken(ChainBreak.Inserted, 0, u.Kind, u.Id, $"{u.Kind} {u.Id} is neither chained nor waiting: it was put in past the intake");
        return new ChainCheck.Intact(expectedSeq - 1, prev);
    }

    private static string Describe((string Kind, long RowId)? link) => link is { } l ? $" ({l.Kind} {l.RowId})" : "";
}

public static class ChainKinds
{
    public const string Opinion = "opinion";
    public const string Response = "response";
}
