using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// A file of a project, for those who see the project or, for an answer to a data request, the department that answered.
/// Files marked other than public are audited each time they are opened (Art. 7).
/// </summary>
public sealed class FileModel(NpgsqlDataSource db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, long attachmentId)
    {
        await using var conn = await db.OpenConnectionAsync();
        var confidentiality = await conn.ExecuteScalarAsync<string?>(
            """
            select p.confidentiality from project_attachment p
            left join data_request r on r.id = p.data_request_id
            where p.attachment_id = @attachmentId and p.project_id = @id
              and (p.project_id in (select project_id from staff_projects(@staff))
                   or r.department_id = (select department_id from staff_user where id = @staff))
            """, new { id, attachmentId, staff = User.StaffId() });
        if (confidentiality is null || await conn.ReadAsync(attachmentId) is not { } file) return NotFound();
        // A file changed since it was stored is evidence no more: refused rather than shown.
        if (!file.Intact) return StatusCode(StatusCodes.Status500InternalServerError);
        if (confidentiality != Confidentiality.Public)
            await conn.WriteAsync(null, User.Actor(), AuditActions.ViewAttachment, AuditEntities.EvaluationProject, id,
                after: new { attachment = attachmentId, confidentiality });
        return File(file.Content, file.ContentType, file.FileName);
    }
}
