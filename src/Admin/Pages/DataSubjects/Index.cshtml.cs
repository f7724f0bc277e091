using System.Text.Json;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.DataSubjects;

/// <summary>
/// 个人信息请求 (PIPL arts. 45-47; the privacy notice's promise): an administrator finds a person's data by a receipt
/// number or by the contact they gave, and exports, corrects or erases it. The opinion text stays (Art. 6: evidence);
/// name and contact go. Every search, export, correction and erasure is audited (with the opinion ids, never the data).
/// Contacts are encrypted with a random IV, so a search by contact decrypts the contacts kept, one pass, on request.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, PersonalData personalData, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Found(long Id, string ReceiptNumber, string Consultation, DateTime CreatedAt, string? Name, string? Contact,
        DateTime? PersonalDataRemovedAt, string Body);

    private sealed record Stored(long Id, string ReceiptNumber, string Consultation, DateTime CreatedAt, string? Name, string? Contact,
        DateTime? PersonalDataRemovedAt, string Body);

    [BindProperty(SupportsGet = true)] public string? Query { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ContactInput { get; set; }
    public IReadOnlyList<Found>? Results { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostSearchAsync()
    {
        if (string.IsNullOrWhiteSpace(Query))
        {
            ModelState.AddModelError(nameof(Query), texts["DataSubject.Query.Required"]);
            return Page();
        }
        Results = await FindAsync(Query);
        await using var conn = await db.OpenConnectionAsync();
        await conn.WriteAsync(null, User.Actor(), AuditActions.SearchPersonalData, AuditEntities.Opinion, null,
            after: new { found = Results.Select(r => r.Id).ToArray() });
        return Page();
    }

    /// <summary>Everything kept about the person, as JSON: what PIPL art. 45 lets them ask for.</summary>
    public async Task<IActionResult> OnPostExportAsync()
    {
        if (string.IsNullOrWhiteSpace(Query)) return RedirectToPage();
        var found = await FindAsync(Query);
        await using (var conn = await db.OpenConnectionAsync())
            await conn.WriteAsync(null, User.Actor(), AuditActions.ExportPersonalData, AuditEntities.Opinion, null,
                after: new { exported = found.Select(r => r.Id).ToArray() });
        var json = JsonSerializer.SerializeToUtf8Bytes(found, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        });
        return File(json, "application/json; charset=utf-8", "personal-data.json");
    }

    /// <summary>Corrects name and contact of one opinion found (PIPL art. 46), checked like the opinion form.</summary>
    public async Task<IActionResult> OnPostCorrectAsync(long opinionId)
    {
        if (string.IsNullOrWhiteSpace(Query) || !(await FindAsync(Query)).Any(f => f.Id == opinionId)) return NotFound();
        var name = PlainText.Clean(Name)?.Replace('\n', ' ');
        var contact = string.IsNullOrWhiteSpace(ContactInput) ? null : Contact.Parse(PlainText.Clean(ContactInput));
        if (name is not null && PlainText.Length(name) > OpinionRules.MaxNameLength)
            ModelState.AddModelError(nameof(Name), texts["Opinion.Name.TooLong", OpinionRules.MaxNameLength]);
        if (!string.IsNullOrWhiteSpace(ContactInput) && contact is null)
            ModelState.AddModelError(nameof(ContactInput), texts["Opinion.Contact.Invalid"]);
        if (!ModelState.IsValid)
        {
            Results = await FindAsync(Query);
            return Page();
        }
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Consent was given with the original; a correction keeps it (a name without consent cannot have been kept).
        await conn.ExecuteAsync(
            """
            update opinion set name = @name, contact = @contact,
                   consent_at = case when @name is null and @contact is null then consent_at else coalesce(consent_at, @now) end
            where id = @opinionId
            """, new { opinionId, name = personalData.Protect(name), contact = personalData.Protect(contact?.Value), now = clock.GetUtcNow().UtcDateTime }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.CorrectPersonalData, AuditEntities.Opinion, opinionId);
        await tx.CommitAsync();
        TempData.Flash(texts["DataSubject.Corrected"].Value);
        Results = await FindAsync(Query);
        return Page();
    }

    /// <summary>Erases name and contact of every opinion found (PIPL art. 47); the texts stay as evidence (Art. 6).</summary>
    public async Task<IActionResult> OnPostEraseAsync()
    {
        if (string.IsNullOrWhiteSpace(Query)) return RedirectToPage();
        var ids = (await FindAsync(Query)).Where(f => f.Name is not null || f.Contact is not null).Select(f => f.Id).ToArray();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            "update opinion set name = null, contact = null, personal_data_removed_at = @now where id = any(@ids)",
            new { ids, now = clock.GetUtcNow().UtcDateTime }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ErasePersonalData, AuditEntities.Opinion, null, after: new { erased = ids });
        await tx.CommitAsync();
        TempData.Flash(texts["DataSubject.Erased", ids.Length].Value);
        Results = await FindAsync(Query);
        return Page();
    }

    /// <summary>The opinions of a receipt number, or those whose stored contact is the one given (as the form reads it).</summary>
    private async Task<IReadOnlyList<Found>> FindAsync(string query)
    {
        await using var conn = await db.OpenConnectionAsync();
        const string Select =
            """
            select o.id, o.receipt_number, c.title as consultation, o.created_at, o.name, o.contact, o.personal_data_removed_at, o.body
            from opinion o join consultation c on c.id = o.consultation_id
            """;
        IEnumerable<Stored> rows;
        if (Receipt.TryNormalize(query, out var receipt))
            rows = await conn.QueryAsync<Stored>($"{Select} where o.receipt_number = @receipt", new { receipt });
        else
        {
            var wanted = Contact.Parse(query)?.Value ?? query.Trim();
            rows = (await conn.QueryAsync<Stored>($"{Select} where o.contact is not null order by o.id"))
                .Where(r => string.Equals(Contact.Parse(personalData.Unprotect(r.Contact))?.Value ?? personalData.Unprotect(r.Contact), wanted,
                    StringComparison.OrdinalIgnoreCase));
        }
        return rows.Select(r => new Found(r.Id, r.ReceiptNumber, r.Consultation, r.CreatedAt, personalData.Unprotect(r.Name),
            personalData.Unprotect(r.Contact), r.PersonalDataRemovedAt, r.Body)).ToList();
    }
}
