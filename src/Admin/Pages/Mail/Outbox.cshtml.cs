using Dapper;
using Evaluation.Shared.Privacy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;

namespace Evaluation.Admin.Pages.Mail;

/// <summary>发件箱: what the system mails (receipts, replies), pending, sent with the server's answer, or failed with the
/// reason. For administrators, who run the mail server connection.</summary>
[Authorize(Policy = StaffAccess.Administer)]
public sealed class OutboxModel(NpgsqlDataSource db, PersonalData personalData) : PageModel
{
    public sealed record Row(long Id, string Kind, string? Recipient, string Subject, string Status, int Attempts,
        DateTime CreatedAt, DateTime NextAttemptAt, DateTime? SentAt, string? LastError, string? ServerResponse, long? OpinionId);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyDictionary<string, long> Counts { get; private set; } = new Dictionary<string, long>();

    public string? Recipient(Row row) => PersonalData.MaskContact(personalData.Unprotect(row.Recipient));

    public async Task OnGetAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        Counts = (await conn.QueryAsync<(string Status, long N)>("select status, count(*) from outbox_mail group by status"))
            .ToDictionary(r => r.Status, r => r.N);
        Rows = (await conn.QueryAsync<Row>(
            """
            select id, kind, recipient, subject, status, attempts, created_at, next_attempt_at, sent_at, last_error, server_response, opinion_id
            from outbox_mail order by case status when 'failed' then 0 when 'pending' then 1 else 2 end, id desc limit 200
            """)).ToList();
    }
}
