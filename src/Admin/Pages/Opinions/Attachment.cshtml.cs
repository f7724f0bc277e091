using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>A scan or an e-mail attachment of an opinion. A letter's scan shows its sender's name and address, so it
/// opens for the roles that see personal data only, and each time goes to the audit log.</summary>
public sealed class AttachmentModel(NpgsqlDataSource db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long opinionId, long attachmentId)
    {
        if (!User.CanSeePersonalData()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.PersonalData);
        await using var conn = await db.OpenConnectionAsync();
        var linked = await conn.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from opinion_attachment a join opinion o on o.id = a.opinion_id join consultation c on c.id = o.consultation_id
                           where a.opinion_id = @opinionId and a.attachment_id = @attachmentId
                             and c.decision_id in (select decision_id from staff_decisions(@staff)))
            """, new { opinionId, attachmentId, staff = User.StaffId() });
        if (!linked || await conn.ReadAsync(attachmentId) is not { } file) return NotFound();
        // A file changed since it was stored is evidence no more: refused rather than shown.
        if (!file.Intact) return StatusCode(StatusCodes.Status500InternalServerError);
        await conn.WriteAsync(null, User.Actor(), AuditActions.ViewAttachment, AuditEntities.Opinion, opinionId, after: new { attachment_id = attachmentId, file.FileName });
        return File(file.Content, file.ContentType, file.FileName);
    }
}
