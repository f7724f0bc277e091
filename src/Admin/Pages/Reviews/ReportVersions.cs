using System.Text.Json;
using Dapper;
using Npgsql;

namespace Evaluation.Admin.Pages.Reviews;

/// <summary>A finalized report version as the legality review and the decision read it (Art. 20, 24): frozen, with its hash.</summary>
public sealed record FinalizedVersion(long Id, long ProjectId, int Version, string Form, string Content, DateTime FinalizedAt,
    byte[] ContentHash, string FinalizedBy)
{
    /// <summary>The parts' prose, from <c>{"parts": {"&lt;part&gt;": "prose"}}</c>.</summary>
    public IReadOnlyDictionary<string, string> Parts()
    {
        using var json = JsonDocument.Parse(Content);
        return json.RootElement.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Object
            ? parts.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.ToString())
            : new Dictionary<string, string>();
    }

    public string Hash => Convert.ToHexString(ContentHash).ToLowerInvariant();
}

public sealed record Recommendation(int Position, string Kind, string Reasoning, long? DepartmentId, string? DepartmentName);

/// <summary>The report versions the later stages work from. None of them checks the scope: callers have found the project first.</summary>
public static class ReportVersions
{
    private const string Select =
        """
        select v.id, v.project_id, v.version, v.form, v.content::text as content, v.finalized_at, v.content_hash, s.display_name as finalized_by
        from report_version v join staff_user s on s.id = v.finalized_by
        """;

    /// <summary>Art. 24: what is sent to review is the latest finalized version; a later draft is not the report yet.</summary>
    public static Task<FinalizedVersion?> LatestFinalizedAsync(this NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<FinalizedVersion>(
            $"{Select} where v.project_id = @projectId and v.finalized_at is not null order by v.version desc limit 1", new { projectId }, tx);

    public static Task<FinalizedVersion?> FinalizedVersionAsync(this NpgsqlConnection conn, long versionId, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<FinalizedVersion>($"{Select} where v.id = @versionId and v.finalized_at is not null", new { versionId }, tx);

    public static async Task<IReadOnlyList<Recommendation>> RecommendationsAsync(this NpgsqlConnection conn, long versionId, NpgsqlTransaction? tx = null) =>
        (await conn.QueryAsync<Recommendation>(
            """
            select r.position, r.kind, r.reasoning, r.department_id, d.name as department_name
            from report_recommendation r left join department d on d.id = r.department_id
            where r.report_version_id = @versionId order by r.position
            """, new { versionId }, tx)).ToList();
}
