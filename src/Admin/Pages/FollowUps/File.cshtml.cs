using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.FollowUps;

/// <summary>The evidence file of a follow-up update, for those who see the action (FollowUpActions.Visible); each opening
/// is audited, as for a project file that is not public (Art. 7).</summary>
public sealed class FileModel(NpgsqlDataSource db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, long attachmentId)
    {
        await using var conn = await db.OpenConnectionAsync();
        var projectId = await conn.ExecuteScalarAsync<long?>(
            $"""
            select a.project_id from follow_up_update u join follow_up_action a on a.id = u.action_id
            where u.attachment_id = @attachmentId and a.id = @id and {FollowUpActions.Visible}
            """, new { id, attachmentId, staff = User.StaffId() });
        if (projectId is null || await conn.ReadAsync(attachmentId) is not { } file) return NotFound();
        // A file changed since it was stored is evidence no more: refused rather than shown.
        if (!file.Intact) return StatusCode(StatusCodes.Status500InternalServerError);
        await conn.WriteAsync(null, User.Actor(), AuditActions.ViewAttachment, AuditEntities.EvaluationProject, projectId,
            after: new { follow_up_action = id, attachment = attachmentId });
        return File(file.Content, file.ContentType, file.FileName);
    }
}
