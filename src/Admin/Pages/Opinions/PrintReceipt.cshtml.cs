using Dapper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>The receipt of an opinion received offline, to print and mail back: on A4, or as a small slip. It holds
/// no personal data, so it may lie on a desk; the envelope is addressed apart.</summary>
public sealed class PrintReceiptModel(NpgsqlDataSource db, IConfiguration configuration) : PageModel
{
    public sealed record View(long Id, string ReceiptNumber, string Channel, DateTime CreatedAt, string ConsultationTitle,
        DateOnly? ReceivedOn, DateOnly? PostmarkOn, string? SenderReference, string? ReceivedBy);

    public View Opinion { get; private set; } = null!;
    /// <summary>"slip" for the small format; A4 otherwise.</summary>
    [BindProperty(SupportsGet = true)] public string? Size { get; set; }
    public bool Slip => Size == "slip";
    public string LookupUrl => $"{configuration["PortalUrl"]?.TrimEnd('/') ?? ""}/Lookup";

    public async Task<IActionResult> OnGetAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var view = await conn.QuerySingleOrDefaultAsync<View>(
            """
            select o.id, o.receipt_number, o.channel, o.created_at, c.title as consultation_title,
                   s.received_on, s.postmark_on, s.sender_reference, dep.name as received_by
            from opinion o join consultation c on c.id = o.consultation_id left join opinion_source s on s.opinion_id = o.id
            left join staff_user su on su.id = s.entered_by left join department dep on dep.id = su.department_id
            where o.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = User.StaffId() });
        if (view is null) return NotFound();
        Opinion = view;
        return Page();
    }
}
