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

/// <summary>A version of the report as a Word document, for everyone who may read the report; the download is audited.</summary>
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
        var bytes = ReportDocument.Build(new ReportDocumentModel(project.DecisionTitle, project.Title, project.AgencyName,
            texts[$"ReportForm.{shown.Form}"], shown.Version, Display.Date(DateOnly.FromDateTime(Display.ToChinaTime(shown.FinalizedAt ?? shown.SavedAt))),
            shown.HashHex, shown.Parts().Select(p => (texts[$"ReportPart.{p.Part}"].Value, p.Prose)).ToList(), ReportFigures.FromJson(shown.Figures),
            recommendations), texts);
        await conn.WriteAsync(null, User.Actor(), AuditActions.ExportReport, AuditEntities.ReportVersion, shown.Id,
            after: new { project = projectId, version = shown.Version });
        // File() writes both filename= (ASCII fallback) and filename*=UTF-8'' for the Chinese title.
        return File(bytes, ContentType, FileName(texts["Report.FileName", project.Title, shown.Version].Value));
    }

    /// <summary>A title may hold characters no file name may: they become "_".</summary>
    public static string FileName(string name) =>
        string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c is '\\' or '/' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c));
}
