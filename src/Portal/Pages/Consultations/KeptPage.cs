using System.Globalization;
using Dapper;
using Evaluation.Shared.Consultations;
using Evaluation.Shared.Data;
using Evaluation.Shared.Feedback;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Web;
using Npgsql;

namespace Evaluation.Portal.Pages.Consultations;

/// <summary>
/// The consultation page as a crowd reads it (issue 12): a kept rendering (<see cref="PageTemplates"/>) answered before
/// MVC, with one small query for the phase, the count and the version of the rows the page shows. Anything else (no
/// kept rendering yet, a standing consultation, a draft, an unknown id, a query string, a HEAD) goes on to the page,
/// which renders as usual and keeps its rendering for the next visitors.
/// </summary>
public static class KeptPage
{
    /// <summary>The questionnaires the page lists (and whose versions are part of its key).</summary>
    internal const string Listed = $"q.state <> '{QuestionnaireStates.Draft}' and q.current_version_id is not null";

    /// <summary>Where the consultation is, its phase and count, and a version of every row the page shows (their xmin:
    /// any change by staff makes another one).</summary>
    public sealed record Head(string Kind, long DecisionId, string State, DateTime OpensAt, DateTime EndsAt, int OpinionCount, string Version);

    /// <summary>The head as the fast path read it, for the page (null: no such consultation).</summary>
    internal sealed record HeadRead(Head? Head);

    internal static async Task<Head?> HeadAsync(NpgsqlDataSource db, long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        return await conn.QuerySingleOrDefaultAsync<Head>(
            $"""
            select c.kind, c.decision_id, c.state, c.opens_at, c.ends_at,
                   -- consultation_opinion_count(c.id), written out: a function call costs more than the sum itself
                   (c.opinion_count + coalesce((select sum(t.opinions) from consultation_tally t where t.consultation_id = c.id), 0))::int as opinion_count,
                   c.xmin::text || '.' || d.xmin::text || '.' || coalesce((
                       select string_agg(q.xmin::text, ',' order by q.id) from questionnaire q
                       where q.consultation_id = c.id and {Listed}), '') as version
            from consultation c join decision d on d.id = c.decision_id where c.id = @id
            """, new { id });
    }

    /// <summary>The page's key for this request (null: rendered every time) and the holes that this visitor fills: the
    /// form's antiforgery token, its submission token and the count of the moment.</summary>
    internal static (string? Key, Hole[] Holes) For(HttpContext context, PageTemplates templates, long id, Head head,
        ConsultationPhase phase, Guid submissionToken) =>
        (PageTemplates.KeyFor(context, $"consultation/{id}/{phase}", head.Version),
        [
            PageTemplates.AntiforgeryHole(context),
            new("submission", submissionToken.ToString(), submissionToken.ToString()),
            new("count", templates.Marker("count"), head.OpinionCount.ToString(CultureInfo.CurrentCulture)),
        ]);

    /// <summary>The heads' reads: a crowd on one consultation shares them, each read begun after its readers came, so
    /// no visitor sees less than was committed when they asked (<see cref="JoinedReads{TKey, TValue}"/>).</summary>
    public static IServiceCollection AddKeptConsultationPage(this IServiceCollection services) =>
        services.AddSingleton(sp => new JoinedReads<long, Head?>(id => HeadAsync(sp.GetRequiredService<NpgsqlDataSource>(), id)));

    /// <summary>Answers the consultation page's GET from its kept rendering when there is one; after the site's
    /// protections (overload, rate limits) and routing, before MVC.</summary>
    public static WebApplication UseKeptConsultationPage(this WebApplication app)
    {
        var templates = app.Services.GetRequiredService<PageTemplates>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var heads = app.Services.GetRequiredService<JoinedReads<long, Head?>>();
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.QueryString.HasValue
                || context.GetRouteValue("page") is not "/Consultations/Details"
                || !long.TryParse(context.GetRouteValue("id") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                await next(context);
                return;
            }
            var head = await heads.ReadAsync(id);
            if (head is { Kind: ConsultationKinds.Window } && head.State != ConsultationStates.Draft)
            {
                var phase = ConsultationRules.PhaseAt(head.State, head.OpensAt, head.EndsAt, clock.GetUtcNow().UtcDateTime);
                var (key, holes) = For(context, templates, id, head, phase, Guid.NewGuid());
                if (await templates.TryWriteAsync(context, key, holes)) return;
            }
            // The page need not read it again.
            context.Features.Set(new HeadRead(head));
            await next(context);
        });
        return app;
    }
}
