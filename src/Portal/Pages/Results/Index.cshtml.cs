using Dapper;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Portal.Pages.Results;

/// <summary>评估结果 (Art. 7): the projects whose results are published, each with its current version, from the
/// snapshots alone; a withdrawn one is listed as withdrawn (Art. 30).</summary>
public sealed class IndexModel(NpgsqlDataSource db) : PageModel
{
    public sealed record Row(long ProjectId, int Version, DateTime PublishedAt, string ProjectTitle, string DecisionTitle, string Outcome,
        DateOnly MeetingOn, DateTime? WithdrawnAt);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Rows = (await conn.QueryAsync<Row>(
            """
            select project_id, version, published_at, snapshot->>'projectTitle' as project_title,
                   snapshot->'decision'->>'title' as decision_title, snapshot->'meeting'->>'outcome' as outcome,
                   (snapshot->'meeting'->>'meetingOn')::date as meeting_on, withdrawn_at
            from results_publication where superseded_at is null
            order by published_at desc, project_id desc
            """)).ToList();
    }
}
