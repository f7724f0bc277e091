using System.Diagnostics;
using Dapper;
using Evaluation.Shared.Questionnaires;
using Npgsql;
using NpgsqlTypes;

namespace Evaluation.Analysis.Text;

/// <summary>
/// The stored text features (table opinion_text_feature, answer_text_feature): segmentation and signatures are
/// computed once per text, here, and analysis only reads them. <see cref="ComputeMissingAsync"/> fills what lacks a
/// row of the current <see cref="Version"/>; it is called before each analysis (a no-op once all is computed) and by
/// `evaluation analyse-text` for a backfill.
/// </summary>
public static class TextFeatures
{
    /// <summary>Raise when the segmenter, the word lists or the signature change: older rows are then recomputed.
    /// 2: the HIT and Baidu stop-word lists; keywords are dictionary words; region and date answers are no text.</summary>
    public const short Version = 2;

    /// <summary>The questions whose stored text is something a person wrote: text questions and the "other, namely"
    /// of a choice. A region question stores a region code and a date question a date in answer_text too; those are
    /// fields, not words ("xihuanlu" is not a theme), and never reach the text analysis.</summary>
    public static readonly string[] WrittenAnswerTypes =
        [QuestionTypes.ShortText, QuestionTypes.LongText, QuestionTypes.Single, QuestionTypes.Multiple];

    private const int BatchSize = 2000;

    public sealed record Progress(int Opinions, int AnswerTexts, TimeSpan Elapsed);

    /// <summary>The features of one opinion, as stored.</summary>
    public sealed record OpinionFeature(long OpinionId, string[] Terms, int TextLength, long TextHash, byte[] Minhash);

    public static OpinionFeature Compute(long opinionId, string body)
    {
        var normalized = TextSignature.Normalize(body);
        return new OpinionFeature(opinionId, TextSegmenter.Terms(body), normalized.Length, TextSignature.TextHash(normalized),
            TextSignature.MinHash(normalized));
    }

    /// <summary>
    /// Computes and stores the features of the opinions and free-text answers that lack them, for the given
    /// consultations (all when null). Texts are segmented in parallel on all cores, written a batch at a time, each
    /// batch in its own transaction: an interrupted run keeps what it finished, and two runs at once only redo work.
    /// </summary>
    public static async Task<Progress> ComputeMissingAsync(NpgsqlConnection conn, long[]? consultationIds,
        CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var wordsAdded = false;
        var opinions = 0;
        while (true)
        {
            var batch = (await conn.QueryAsync<(long Id, string Body)>(new CommandDefinition(
                """
                select o.id, o.body from opinion o
                where (@ids::bigint[] is null or o.consultation_id = any(@ids))
                  and not exists (select 1 from opinion_text_feature f where f.opinion_id = o.id and f.version = @Version)
                order by o.id
                limit @BatchSize
                """, new { ids = consultationIds, Version, BatchSize }, cancellationToken: ct))).ToList();
            if (batch.Count == 0) break;
            await AddWordsOnceAsync();
            var features = batch.AsParallel().AsOrdered().WithCancellation(ct).Select(o => Compute(o.Id, o.Body)).ToList();
            await WriteOpinionFeaturesAsync(conn, features, ct);
            opinions += batch.Count;
        }

        var answers = 0;
        while (true)
        {
            var batch = (await conn.QueryAsync<(long ResponseId, long ItemId, string Text)>(new CommandDefinition(
                """
                select t.response_id, t.item_id, t.text
                from answer_text t join response r on r.id = t.response_id join questionnaire q on q.id = r.questionnaire_id
                join question_item i on i.id = t.item_id join question qn on qn.id = i.question_id
                where (@ids::bigint[] is null or q.consultation_id = any(@ids)) and qn.type = any(@WrittenAnswerTypes)
                  and not exists (select 1 from answer_text_feature f
                                  where f.response_id = t.response_id and f.item_id = t.item_id and f.version = @Version)
                order by t.response_id, t.item_id
                limit @BatchSize
                """, new { ids = consultationIds, Version, BatchSize, WrittenAnswerTypes }, cancellationToken: ct))).ToList();
            if (batch.Count == 0) break;
            await AddWordsOnceAsync();
            var terms = batch.AsParallel().AsOrdered().WithCancellation(ct).Select(a => TextSegmenter.Terms(a.Text)).ToList();
            await WriteAnswerFeaturesAsync(conn, batch.Select((a, i) => (a.ResponseId, a.ItemId, terms[i])).ToList(), ct);
            answers += batch.Count;
        }
        return new Progress(opinions, answers, watch.Elapsed);

        // Region names are words too (they name places opinions talk about), and so are the keywords: a keyword hits
        // only a whole word, so "不明确" must be cut as one word where it stands (see CriterionKeywords). The tables are
        // the truth, not a list in code. Only when there is something to segment: a run with nothing new does not load
        // the dictionary.
        async Task AddWordsOnceAsync()
        {
            if (wordsAdded) return;
            TextSegmenter.AddWords(await conn.QueryAsync<string>(new CommandDefinition("select name from region", cancellationToken: ct)));
            TextSegmenter.AddKeywords(await conn.QueryAsync<string>(new CommandDefinition("select word from criterion_keyword", cancellationToken: ct)));
            wordsAdded = true;
        }
    }

    /// <summary>Binary COPY into a temporary table, then one upsert: the fast way to write a batch of arrays.</summary>
    private static async Task WriteOpinionFeaturesAsync(NpgsqlConnection conn, IReadOnlyList<OpinionFeature> features,
        CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            """
            create temporary table new_opinion_text_feature
                (opinion_id bigint, terms text[], text_length integer, text_hash bigint, minhash bytea) on commit drop
            """, transaction: tx, cancellationToken: ct));
        await using (var copy = await conn.BeginBinaryImportAsync(
                         "copy new_opinion_text_feature (opinion_id, terms, text_length, text_hash, minhash) from stdin (format binary)", ct))
        {
            foreach (var f in features)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(f.OpinionId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(f.Terms, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await copy.WriteAsync(f.TextLength, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(f.TextHash, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(f.Minhash, NpgsqlDbType.Bytea, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into opinion_text_feature (opinion_id, version, terms, text_length, text_hash, minhash)
            select opinion_id, @Version, terms, text_length, text_hash, minhash from new_opinion_text_feature
            on conflict (opinion_id) do update
                set version = excluded.version, terms = excluded.terms, text_length = excluded.text_length,
                    text_hash = excluded.text_hash, minhash = excluded.minhash, computed_at = now()
            """, new { Version }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    private static async Task WriteAnswerFeaturesAsync(NpgsqlConnection conn,
        IReadOnlyList<(long ResponseId, long ItemId, string[] Terms)> features, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "create temporary table new_answer_text_feature (response_id bigint, item_id bigint, terms text[]) on commit drop",
            transaction: tx, cancellationToken: ct));
        await using (var copy = await conn.BeginBinaryImportAsync(
                         "copy new_answer_text_feature (response_id, item_id, terms) from stdin (format binary)", ct))
        {
            foreach (var (responseId, itemId, terms) in features)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(responseId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(itemId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(terms, NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await conn.ExecuteAsync(new CommandDefinition(
            """
            insert into answer_text_feature (response_id, item_id, version, terms)
            select response_id, item_id, @Version, terms from new_answer_text_feature
            on conflict (response_id, item_id) do update set version = excluded.version, terms = excluded.terms, computed_at = now()
            """, new { Version }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }
}
