using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>
/// One-time links for named respondents (Art. 18: NPC deputies, CPPCC members, experts). The link is shown once;
/// only its hash is kept.
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class InvitationsModel(NpgsqlDataSource db, Microsoft.Extensions.Options.IOptions<PortalLinks> portal, PersonalData personalData)
    : PageModel
{
    public static readonly string[] Categories = ["npc_deputy", "cppcc_member", "expert", "other"];

    public sealed record Row(long Id, string? Name, string Category, DateTime CreatedAt, DateTime? UsedAt);

    [BindProperty, Display(Name = "Invitation.Name"), Required(ErrorMessage = "Validation.Required"), StringLength(100, ErrorMessage = "Validation.MaxLength")]
    public string? Name { get; set; }

    [BindProperty, Display(Name = "Invitation.Category"), Required(ErrorMessage = "Validation.Select")]
    [AllowedValues("npc_deputy", "cppcc_member", "expert", "other", ErrorMessage = "Validation.Invalid.Any")]
    public string? Category { get; set; }

    public string Title { get; private set; } = "";
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public string? NewLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        if (!ModelState.IsValid) return Page();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var name = PlainText.Clean(Name)!;
        var invitationId = await conn.ExecuteScalarAsync<long>(
            """
            insert into questionnaire_invitation (questionnaire_id, name, category, token_hash, created_by)
            values (@id, @name, @Category, @hash, @by) returning id
            """, new { id, name = personalData.Protect(name), Category, hash = SHA256.HashData(Encoding.ASCII.GetBytes(token)), by = User.StaffId() }, tx);
        // The audit log names the invitation, not the person (the name is personal data, kept encrypted).
        await conn.WriteAsync(tx, User.Actor(), AuditActions.Invite, AuditEntities.Questionnaire, id, after: new { invitationId, Category });
        await tx.CommitAsync();
        NewLink = portal.Value.To($"/Questionnaires/{id}?invite={token}");
        Name = null;
        await LoadAsync(id);
        return Page();
    }

    private string ShownName(string? stored, bool full) =>
        (full ? personalData.Unprotect(stored) : PersonalData.MaskName(personalData.Unprotect(stored))) ?? "—";

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        Title = await conn.ExecuteScalarAsync<string>(
            """
            select q.title from questionnaire q join consultation c on c.id = q.consultation_id
            where q.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = User.StaffId() }) ?? "";
        if (Title.Length == 0) return false;
        // Names in full for the roles that answer respondents, masked for the others; gone after the retention period.
        var full = User.CanSeePersonalData();
        Rows = (await conn.QueryAsync<Row>(
            "select id, name, category, created_at, used_at from questionnaire_invitation where questionnaire_id = @id order by id desc",
            new { id })).Select(r => r with { Name = ShownName(r.Name, full) }).ToList();
        return true;
    }
}
