using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Respondents;
using Npgsql;
using NpgsqlTypes;

namespace Evaluation.Cli;

/// <summary>
/// The history of the seed document's closed consultation (db/demo/0007), so that its findings show every kind of
/// figure on a fresh run: a few hundred opinions from every channel of Art. 8, respondent type and region, written
/// around the six standards of Art. 15 from phrase templates (with a small campaign of near-identical texts), the
/// offline ones with their source and the sender's name and contact encrypted by <see cref="PersonalData"/>, replies to
/// some, a few excluded with reasons (Art. 6); the public and enterprise questionnaires answered by some hundreds of
/// residents and enterprises (valid credit codes) with the before/after pair of Art. 19(1). Drawn from a fixed seed:
/// the same demo every time, apart from the dates (relative to the load) and the encryption. Written in a few batched
/// statements and one binary COPY; created once (a second run finds opinions and does nothing).
/// </summary>
public static class DemoHistory
{
    public const string ConsultationTitle = "《任丘市重大行政决策实施情况跟踪反馈和后评估办法（试行）》施行两年实施情况意见征集";
    public const int Seed = 20230731;
    public const int Opinions = 340;
    public const int CampaignSize = 14;
    public const int PublicResponses = 420;
    public const int EnterpriseResponses = 130;

    public sealed record Loaded(long ConsultationId, int Opinions, int Responses, int Answers);

    /// <summary>The demo's closed consultation, whose history this is (null when the demo is not loaded).</summary>
    public static Task<(long Id, DateTime OpensAt, DateTime ClosesAt)?> FindConsultationAsync(NpgsqlConnection conn, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<(long Id, DateTime OpensAt, DateTime ClosesAt)?>(
            """
            select c.id, c.opens_at, c.closes_at from consultation c join decision d on d.id = c.decision_id
            where d.is_demo and c.title = @ConsultationTitle
            """, new { ConsultationTitle }, tx);

    /// <summary>Generates the history once; null when it exists already or the consultation is not loaded.</summary>
    public static async Task<Loaded?> EnsureAsync(NpgsqlDataSource db, PersonalData personalData, DateTime now)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("select pg_advisory_xact_lock(hashtext('evaluation.demo_history'))", transaction: tx);
        if (await FindConsultationAsync(conn, tx) is not { } consultation || await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from opinion where consultation_id = @Id)", new { consultation.Id }, tx))
            return null;
        var staff = await DemoAccounts.EnsureAsync(conn, tx);
        var actor = new Audit.Actor(null, DemoAccounts.EvaluatorName);
        var random = new Random(Seed);
        var span = consultation.ClosesAt - consultation.OpensAt;
        // Participation rises after the launch and again before the closing, as it does.
        DateTime When(Random r)
        {
            var x = r.NextDouble();
            var shaped = x < 0.35 ? x * 0.6 : x < 0.8 ? 0.21 + (x - 0.35) * 1.2 : 0.75 + (x - 0.8) * 1.25;
            return consultation.OpensAt + TimeSpan.FromMinutes(Math.Min(shaped, 0.999) * span.TotalMinutes) + TimeSpan.FromMinutes(r.Next(0, 600));
        }
        DateTime Clamp(DateTime t) => t < consultation.ClosesAt ? t : consultation.ClosesAt.AddMinutes(-random.Next(5, 300));

        var opinions = DemoTexts.Opinions(random, Opinions, CampaignSize)
            .Select(o => o with { At = Clamp(When(random)) })
            .OrderBy(o => o.At).ToList();
        var receipts = new HashSet<string>();
        string NewReceipt()
        {
            while (true)
            {
                var number = Receipt.NewNumber(random);
                if (receipts.Add(number)) return number;
            }
        }

        // The opinions, in one statement (their ids come back in the same order).
        var rows = opinions.Select(o =>
        {
            (string? Name, string? Contact, DateTime? Consent) person = o.Person is { } p && o.At is { } at
                ? (personalData.Protect(p.Name), personalData.Protect(p.Contact), at)
                : (null, null, null);
            return (Receipt: NewReceipt(), o, person);
        }).ToList();
        var ids = (await conn.QueryAsync<long>(
            """
            insert into opinion (consultation_id, receipt_number, channel, respondent_type, name, contact, region_code, body, consent_at, created_at,
                                 status, reply, replied_at)
            select @consultation, r, ch, rt, n, ct, rg, b, ca, at, st, rp, ra
            from unnest(@receipts, @channels, @types, @names, @contacts, @regions, @bodies, @consents, @ats, @statuses, @replies, @replied)
                 with ordinality as u (r, ch, rt, n, ct, rg, b, ca, at, st, rp, ra, i)
            order by u.i
            returning id
            """, new
            {
                consultation = consultation.Id,
                receipts = rows.Select(r => r.Receipt).ToArray(),
                channels = rows.Select(r => r.o.Channel).ToArray(),
                types = rows.Select(r => r.o.RespondentType).ToArray(),
                names = rows.Select(r => r.person.Name).ToArray(),
                contacts = rows.Select(r => r.person.Contact).ToArray(),
                regions = rows.Select(r => r.o.Region).ToArray(),
                bodies = rows.Select(r => r.o.Body).ToArray(),
                consents = rows.Select(r => r.person.Consent).ToArray(),
                ats = rows.Select(r => r.o.At!.Value).ToArray(),
                statuses = rows.Select(r => r.o.Reply is null ? (r.o.InReview ? "in_review" : "received") : "replied").ToArray(),
                replies = rows.Select(r => r.o.Reply).ToArray(),
                replied = rows.Select(r => r.o.Reply is null ? (DateTime?)null : Min(r.o.At!.Value.AddDays(3 + random.Next(12)), now)).ToArray(),
            }, tx)).ToList();
        if (ids.Count != rows.Count) throw new InvalidOperationException("demo opinions were not all inserted");

        // How the offline and e-mail opinions came in (Art. 8), entered by the evaluator.
        var offline = rows.Select((r, i) => (r.o, Id: ids[i])).Where(x => x.o.Channel != "online").ToList();
        await conn.ExecuteAsync(
            """
            insert into opinion_source (opinion_id, received_on, postmark_on, sender_reference, meeting_title, entered_by, entered_at)
            select id, rec, pm, ref, mt, @Evaluator, ent from unnest(@ids, @received, @postmarks, @references, @meetings, @entered)
                as u (id, rec, pm, ref, mt, ent)
            """, new
            {
                ids = offline.Select(x => x.Id).ToArray(),
                received = offline.Select(x => DateOnly.FromDateTime(x.o.At!.Value)).ToArray(),
                postmarks = offline.Select(x => x.o.Channel == "letter" ? DateOnly.FromDateTime(x.o.At!.Value.AddDays(-2 - random.Next(3))) : (DateOnly?)null).ToArray(),
                references = offline.Select(x => x.o.Channel is "letter" or "fax" && random.Next(3) == 0 ? $"来信〔{x.o.At!.Value.Year}〕{random.Next(10, 400)}号" : null).ToArray(),
                meetings = offline.Select(x => x.o.Channel == "meeting" ? x.o.Meeting : null).ToArray(),
                entered = offline.Select(x => x.o.At!.Value.AddHours(2 + random.Next(40))).ToArray(),
                staff.Evaluator,
            }, tx);

        // The evaluator coded about a third by their standard (编码), and excluded a few with the reason (Art. 6).
        var coded = rows.Select((r, i) => (r.o, Id: ids[i])).Where(x => x.o.Criterion is not null && random.Next(3) == 0).ToList();
        await conn.ExecuteAsync(
            """
            insert into opinion_coding (opinion_id, criterion, coded_by, coded_at)
            select id, cr, @Evaluator, @at from unnest(@ids, @criteria) as u (id, cr)
            """, new { ids = coded.Select(x => x.Id).ToArray(), criteria = coded.Select(x => x.o.Criterion!).ToArray(), staff.Evaluator, at = Min(consultation.ClosesAt.AddDays(5), now) }, tx);
        var excluded = rows.Select((r, i) => (r.o, Id: ids[i])).Where(x => x.o.ExclusionReason is not null).ToList();
        await conn.ExecuteAsync(
            """
            insert into analysis_exclusion (consultation_id, opinion_id, reason, excluded_by, excluded_by_name, excluded_at)
            select @consultation, id, reason, @Evaluator, @EvaluatorName, @at from unnest(@ids, @reasons) as u (id, reason)
            """, new { consultation = consultation.Id, ids = excluded.Select(x => x.Id).ToArray(), reasons = excluded.Select(x => x.o.ExclusionReason!).ToArray(), staff.Evaluator, DemoAccounts.EvaluatorName, at = Min(consultation.ClosesAt.AddDays(2), now) }, tx);

        // The questionnaires: published by seed-demo before this, closed with the consultation.
        var questionnaires = (await conn.QueryAsync<(long Id, string Audience, long Version)>(
            "select id, audience, current_version_id from questionnaire where consultation_id = @Id and current_version_id is not null order by id",
            new { consultation.Id }, tx)).ToList();
        var responseCount = 0;
        var answerCount = 0;
        foreach (var q in questionnaires)
        {
            var items = (await conn.QueryAsync<(string Key, long Id)>("select key, id from question_item where version_id = @Version", new { q.Version }, tx))
                .ToDictionary(i => i.Key, i => i.Id);
            var people = q.Audience == "enterprise"
                ? DemoAnswers.Enterprises(random, EnterpriseResponses)
                : DemoAnswers.Public(random, PublicResponses);
            var responseReceipts = people.Select(_ => NewReceipt()).ToArray();
            var ats = people.Select(_ => Clamp(When(random))).ToArray();
            // A second submission of the same answers came a minute after the first, which is the one kept.
            for (var i = 1; i < people.Count; i++)
                if (people[i].Duplicate)
                {
                    ats[i] = ats[i - 1].AddMinutes(1);
                    if (ats[i] >= consultation.ClosesAt) (ats[i - 1], ats[i]) = (consultation.ClosesAt.AddMinutes(-2), consultation.ClosesAt.AddMinutes(-1));
                }
            var responseIds = (await conn.QueryAsync<long>(
                """
                insert into response (questionnaire_id, version_id, receipt_number, respondent_type, region_code, credit_code, enterprise_name,
                                      industry, enterprise_size, submitted_at)
                select @Id, @Version, r, rt, rg, cc, en, ind, sz, at
                from unnest(@receipts, @types, @regions, @codes, @names, @industries, @sizes, @ats) with ordinality as u (r, rt, rg, cc, en, ind, sz, at, i)
                order by u.i
                returning id
                """, new
                {
                    q.Id, q.Version,
                    receipts = responseReceipts,
                    types = people.Select(p => p.RespondentType).ToArray(),
                    regions = people.Select(p => p.Region).ToArray(),
                    codes = people.Select(p => p.CreditCode).ToArray(),
                    names = people.Select(p => p.EnterpriseName).ToArray(),
                    industries = people.Select(p => p.Industry).ToArray(),
                    sizes = people.Select(p => p.Size).ToArray(),
                    ats,
                }, tx)).ToList();
            await using (var copy = await conn.BeginBinaryImportAsync("copy answer (response_id, item_id, code, value) from stdin (format binary)"))
            {
                for (var i = 0; i < people.Count; i++)
                    foreach (var a in people[i].Answers)
                    {
                        if (!items.TryGetValue(a.Key, out var item)) throw new InvalidOperationException($"demo questionnaire {q.Id} has no item {a.Key}");
                        await copy.StartRowAsync();
                        await copy.WriteAsync(responseIds[i], NpgsqlDbType.Bigint);
                        await copy.WriteAsync(item, NpgsqlDbType.Bigint);
                        await copy.WriteAsync((short)a.Code, NpgsqlDbType.Smallint);
                        if (a.Value is { } v) await copy.WriteAsync(v, NpgsqlDbType.Numeric); else await copy.WriteNullAsync();
                        answerCount++;
                    }
                await copy.CompleteAsync();
            }
            var texts = people.SelectMany((p, i) => p.Texts.Select(t => (Response: responseIds[i], Item: items[t.Key], t.Text))).ToList();
            await conn.ExecuteAsync(
                "insert into answer_text (response_id, item_id, text) select * from unnest(@responses, @items, @texts)",
                new { responses = texts.Select(t => t.Response).ToArray(), items = texts.Select(t => t.Item).ToArray(), texts = texts.Select(t => t.Text).ToArray() }, tx);
            // Responses filled in twice by the same person (the same answers a minute apart): the later one was excluded.
            var twice = people.Select((p, i) => (p, i)).Where(x => x.p.Duplicate).Select(x => responseIds[x.i]).ToArray();
            await conn.ExecuteAsync(
                """
                insert into analysis_exclusion (consultation_id, response_id, reason, excluded_by, excluded_by_name, excluded_at)
                select @consultation, id, '同一答题人重复提交（答案相同，相隔一分钟），保留最早提交的一份，排除后提交的一份。', @Evaluator, @EvaluatorName, @at from unnest(@twice) as u (id)
                """, new { consultation = consultation.Id, twice, staff.Evaluator, DemoAccounts.EvaluatorName, at = Min(consultation.ClosesAt.AddDays(2), now) }, tx);
            responseCount += people.Count;
        }
        await conn.ExecuteAsync(
            "update questionnaire set state = 'closed', closed_at = @ClosesAt, updated_at = @ClosesAt where consultation_id = @Id and state = 'published'",
            new { consultation.Id, consultation.ClosesAt }, tx);
        // The count: the consultation's own column holds what bulk loads add (as the demo scripts set it; the intake
        // adds to its tally rows instead, consultation_opinion_count sums both), and the findings' data version raised
        // once for the whole load.
        await conn.ExecuteAsync(
            """
            update consultation c set opinion_count = (select count(*) from opinion o where o.consultation_id = c.id)
                - coalesce((select sum(t.opinions) from consultation_tally t where t.consultation_id = c.id), 0),
                data_version = data_version + 1
            where c.id = @Id
            """, new { consultation.Id }, tx);
        await conn.WriteAsync(tx, actor, AuditActions.Create, AuditEntities.Consultation, consultation.Id,
            after: new { demo = true, opinions = rows.Count, responses = responseCount });
        await tx.CommitAsync();
        return new Loaded(consultation.Id, rows.Count, responseCount, answerCount);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
