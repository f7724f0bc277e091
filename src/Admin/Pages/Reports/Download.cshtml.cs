using Dapper;
using Evaluation.Admin.Pages.Projects;
using Evaluation.Analysis.Reports;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Reports;

/// <summary>A version of the report as a Word document in official form, for everyone who may read the report; the
/// download is audited.</summary>
public sealed class DownloadModel(NpgsqlDataSource db, IStringLocalizer<Texts> texts) : PageModel
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public async Task<IActionResult> OnGetAsync(long projectId, int? version)
    {
        await using var conn = await db.OpenConnectionAsync();
        if (await conn.FindProjectAsync(projectId, User) is not { } project) return NotFound();
        var versions = await conn.VersionsAsync(projectId);
        if ((version is { } n ? versions.FirstOrDefault(v => v.Version == n) : versions.FirstOrDefault()) is not { } shown) return NotFound();
        var recommendations = await conn.RecommendationsAsync(shown.Id);
        // Art. 20: the 论证 of this version and the earlier ones. Outside members are named by kind and affiliation
        // only: their names are encrypted personal data and stay out of a document that is passed on.
        var reviews = (await conn.QueryAsync<(int Version, DateOnly ReviewedOn, string? StaffName, string Kind, string? Affiliation, string Comments)>(
            """
            select v.version, r.reviewed_on, s.display_name, m.member_kind, m.affiliation, r.comments
            from report_expert_review r join report_version v on v.id = r.report_version_id
            join project_member m on m.id = r.project_member_id left join staff_user s on s.id = m.staff_user_id
            where v.project_id = @projectId and v.version <= @Version order by r.reviewed_on, r.id
            """, new { projectId, shown.Version })).Select(r => new ExpertReviewLine(r.Version, r.ReviewedOn,
                r.StaffName ?? (r.Affiliation is { } a ? texts["Format.Parenthesized", texts[$"TeamKind.{r.Kind}"], a].Value : texts[$"TeamKind.{r.Kind}"].Value),
                r.Comments)).ToList();
        var noReviewReason = await conn.ExecuteScalarAsync<string?>("select no_review_reason from report_version where id = @Id", new { shown.Id });
        var bytes = ReportDocument.Build(new ReportDocumentModel(project.DecisionTitle, shown.Form, project.Procedure, project.AgencyName, shown.Version,
            DateOnly.FromDateTime(Display.ToChinaTime(shown.FinalizedAt ?? shown.SavedAt)), shown.HashHex, shown.Parts(),
            ReportFigures.FromJson(shown.Figures), recommendations, reviews, noReviewReason), texts);
        await conn.WriteAsync(null, User.Actor(), AuditActions.ExportReport, AuditEntities.ReportVersion, shown.Id,
            after: new { project = projectId, version = shown.Version });
        // File() writes both filename= (ASCII fallback) and filename*=UTF-8'' for the Chinese title.
        return File(bytes, ContentType, FileName(texts["Report.FileName", project.Title, shown.Version].Value));
    }

    /// <summary>A title may hold characters no file name may: they become "_".</summary>
    public static string FileName(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c));
}
