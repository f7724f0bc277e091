using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Evaluation.Shared.Results;
using Npgsql;

namespace Evaluation.Analysis.Reports;

/// <summary>A saved version of a report as its pages read it.</summary>
public sealed record ReportVersionRow(long Id, long ProjectId, int Version, string Form, string Content, string Figures, string SavedByName,
    DateTime SavedAt, string? FinalizedByName, DateTime? FinalizedAt, byte[]? ContentHash)
{
    public bool IsFinalized => FinalizedAt is not null;
    public string? HashHex => ContentHash is null ? null : Convert.ToHexStringLower(ContentHash);

    /// <summary>The prose of each part of the version's form, in order (a missing part is empty).</summary>
    public IReadOnlyList<(string Part, string Prose)> Parts() => ReportContent.Parts(Form, Content);
}

/// <summary>Art. 29-33: a structured recommendation of a version.</summary>
public sealed record ReportRecommendation(int Position, string Kind, string Reasoning, long? DepartmentId, string? DepartmentName);

/// <summary>What another part of Admin needs of a project's finalized report (the legality review sends it).</summary>
/// <summary>A finalized version as the legality review and the decision read it (Art. 20, 24): frozen, with its hash.</summary>
public sealed record FinalizedVersion(long Id, long ProjectId, int Version, string Form, string Content, DateTime FinalizedAt,
    byte[] ContentHash, string FinalizedBy)
{
    /// <summary>The parts' prose by part.</summary>
    public IReadOnlyDictionary<string, string> Parts() => ReportContent.Parts(Form, Content).ToDictionary(p => p.Part, p => p.Prose);

    public string HashHex => Convert.ToHexStringLower(ContentHash);
}

/// <summary>The content JSON of a version, <c>{"parts": {"&lt;part&gt;": "prose"}}</c>, and its content hash.</summary>
public static class ReportContent
{
    public static string ToJson(IReadOnlyDictionary<string, string> parts) =>
        JsonSerializer.Serialize(new { parts }, new JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        });

    public static IReadOnlyList<(string Part, string Prose)> Parts(string form, string contentJson)
    {
        using var doc = JsonDocument.Parse(contentJson);
        var parts = doc.RootElement.TryGetProperty("parts", out var p) ? p : default;
        return ReportParts.For(form).Select(part => (part,
            parts.ValueKind == JsonValueKind.Object && parts.TryGetProperty(part, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() ?? "" : "")).ToList();
    }

    /// <summary>
    /// The canonical serialization a finalized version's content hash (SHA-256) is taken over; the one definition.
    /// It is the UTF-8 bytes of this JSON, written without whitespace, every character outside ASCII escaped as
    /// \uXXXX (System.Text.Json's default encoder), keys in exactly this order:
    /// <code>
    /// {"project":&lt;project id&gt;,"version":&lt;n&gt;,"form":"&lt;form&gt;",
    ///  "parts":[["&lt;part&gt;","&lt;prose&gt;"], ...]                 (the parts of the form, in ReportParts order)
    ///  "figures":[["&lt;key&gt;","&lt;value&gt;","&lt;label&gt;","&lt;source&gt;"], ...]   (keys in ordinal order)
    ///  "recommendations":[[&lt;position&gt;,"&lt;kind&gt;","&lt;reasoning&gt;",&lt;department id or null&gt;], ...]}  (by position)
    /// </code>
    /// A figure's display order is not part of it (the key orders the figures here).
    /// Prose and reasoning are taken as stored (line ends are \n: input is cleaned on saving). Anyone can recompute
    /// the hash from the stored rows and compare it with report_version.content_hash.
    /// </summary>
    public static byte[] Canonical(long projectId, int version, string form, IReadOnlyList<(string Part, string Prose)> parts,
        IReadOnlyDictionary<string, Figure> figures, IReadOnlyList<ReportRecommendation> recommendations)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteNumber("project", projectId);
            w.WriteNumber("version", version);
            w.WriteString("form", form);
            w.WriteStartArray("parts");
            foreach (var (part, prose) in parts)
            {
                w.WriteStartArray();
                w.WriteStringValue(part);
                w.WriteStringValue(prose);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("figures");
            foreach (var key in figures.Keys.Order(StringComparer.Ordinal))
            {
                var f = figures[key];
                w.WriteStartArray();
                w.WriteStringValue(key);
                w.WriteStringValue(f.Value);
                w.WriteStringValue(f.Label);
                w.WriteStringValue(f.Source);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("recommendations");
            foreach (var r in recommendations.OrderBy(r => r.Position))
            {
                w.WriteStartArray();
                w.WriteNumberValue(r.Position);
                w.WriteStringValue(r.Kind);
                w.WriteStringValue(r.Reasoning);
                if (r.DepartmentId is { } d) w.WriteNumberValue(d); else w.WriteNullValue();
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static byte[] Hash(ReportVersionRow v, IReadOnlyList<ReportRecommendation> recommendations) =>
        SHA256.HashData(Canonical(v.ProjectId, v.Version, v.Form, v.Parts(), ReportFigures.FromJson(v.Figures), recommendations));
}

/// <summary>
/// The report's queries. They are not scoped by themselves: every caller has found the project through
/// <c>staff_projects</c> first (ProjectQueries.FindProjectAsync).
/// </summary>
public static class ReportVersions
{
    private const string Columns =
        """
        v.id, v.project_id, v.version, v.form, v.content::text as content, v.figures::text as figures, s.display_name as saved_by_name,
        v.saved_at, f.display_name as finalized_by_name, v.finalized_at, v.content_hash
        """;

    public static async Task<IReadOnlyList<ReportVersionRow>> VersionsAsync(this NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        (await conn.QueryAsync<ReportVersionRow>(
            $"""
            select {Columns}
            from report_version v join staff_user s on s.id = v.saved_by left join staff_user f on f.id = v.finalized_by
            where v.project_id = @projectId order by v.version desc
            """, new { projectId }, tx)).ToList();

    public static async Task<IReadOnlyList<ReportRecommendation>> RecommendationsAsync(this NpgsqlConnection conn, long versionId,
        NpgsqlTransaction? tx = null) =>
        (await conn.QueryAsync<ReportRecommendation>(
            """
            select r.position, r.kind, r.reasoning, r.department_id, d.name as department_name
            from report_recommendation r left join department d on d.id = r.department_id
            where r.report_version_id = @versionId order by r.position
            """, new { versionId }, tx)).ToList();

    /// <summary>Saves a new version (the next number; the caller holds the project row lock) with its recommendations.</summary>
    public static async Task<(long Id, int Version)> InsertAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, long projectId, string form,
        IReadOnlyDictionary<string, string> parts, IReadOnlyDictionary<string, Figure> figures, IReadOnlyList<ReportRecommendation> recommendations,
        long staff, DateTime now)
    {
        var row = await conn.QuerySingleAsync<(long Id, int Version)>(
            """
            insert into report_version (project_id, version, form, content, figures, saved_by, saved_at)
            values (@projectId, (select coalesce(max(version), 0) + 1 from report_version where project_id = @projectId), @form,
                    @content::jsonb, @figures::jsonb, @staff, @now)
            returning id, version
            """, new { projectId, form, content = ReportContent.ToJson(parts), figures = ReportFigures.ToJson(figures), staff, now }, tx);
        await conn.ExecuteAsync(
            """
            insert into report_recommendation (report_version_id, position, kind, reasoning, department_id)
            select @Id, p, k, r, d from unnest(@positions, @kinds, @reasonings, @departments) as x(p, k, r, d)
            """, new
            {
                row.Id,
                positions = recommendations.Select(r => r.Position).ToArray(),
                kinds = recommendations.Select(r => r.Kind).ToArray(),
                reasonings = recommendations.Select(r => r.Reasoning).ToArray(),
                departments = recommendations.Select(r => r.DepartmentId).ToArray(),
            }, tx);
        return row;
    }

    /// <summary>
    /// The latest finalized version of a project's report (id, version number, form, content hash), or null: what the
    /// legality review sends (Art. 24). Not scoped: the caller has found the project in the user's scope.
    /// </summary>
    private const string FinalizedColumns =
        """
        select v.id, v.project_id, v.version, v.form, v.content::text as content, v.finalized_at, v.content_hash, s.display_name as finalized_by
        from report_version v join staff_user s on s.id = v.finalized_by
        """;

    public static Task<FinalizedVersion?> LatestFinalizedAsync(this NpgsqlConnection conn, long projectId, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<FinalizedVersion>(
            $"{FinalizedColumns} where v.project_id = @projectId and v.finalized_at is not null order by v.version desc limit 1", new { projectId }, tx);

    /// <summary>A finalized version by its id (the one a review or a decision names), or null if it is not finalized.</summary>
    public static Task<FinalizedVersion?> FinalizedVersionAsync(this NpgsqlConnection conn, long versionId, NpgsqlTransaction? tx = null) =>
        conn.QuerySingleOrDefaultAsync<FinalizedVersion>($"{FinalizedColumns} where v.id = @versionId and v.finalized_at is not null", new { versionId }, tx);

    /// <summary>For the project page: the newest version's number and whether it is finalized (null: no report yet).</summary>
    public static Task<(int Version, bool Finalized)?> LatestStateAsync(this NpgsqlConnection conn, long projectId) =>
        conn.QuerySingleOrDefaultAsync<(int, bool)?>(
            "select version, finalized_at is not null from report_version where project_id = @projectId order by version desc limit 1",
            new { projectId });
}
