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
/// Questionnaire respondents too: a response by its receipt or its enterprise's credit code (its credit code and
/// enterprise name are the personal fields; the answers stay), and invitations by the invited person's name (or by the
/// response they answered): export, correct, erase.
/// </summary>
public sealed class IndexModel(NpgsqlDataSource db, PersonalData personalData, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Found(long Id, string ReceiptNumber, string Consultation, DateTime CreatedAt, string? Name, string? Contact,
        DateTime? PersonalDataRemovedAt, string Body);

    private sealed record Stored(long Id, string ReceiptNumber, string Consultation, DateTime CreatedAt, string? Name, string? Contact,
        DateTime? PersonalDataRemovedAt, string Body);

    public sealed record ResponseFound(long Id, string ReceiptNumber, string Questionnaire, DateTime SubmittedAt, string? CreditCode,
        string? EnterpriseName, long? InvitationId, DateTime? PersonalDataRemovedAt);

    public sealed record InvitationFound(long Id, string Questionnaire, string? Name, string Category, DateTime? UsedAt, DateTime? PersonalDataRemovedAt);

    private sealed record Findings(IReadOnlyList<Found> Opinions, IReadOnlyList<ResponseFound> Responses, IReadOnlyList<InvitationFound> Invitations)
    {
        public object Ids => new { found = Opinions.Select(o => o.Id).ToArray(), responses = Responses.Select(r => r.Id).ToArray(),
            invitations = Invitations.Select(i => i.Id).ToArray() };
    }

    [BindProperty(SupportsGet = true)] public string? Query { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? ContactInput { get; set; }
    [BindProperty] public string? EnterpriseName { get; set; }
    [BindProperty] public string? CreditCodeInput { get; set; }
    public IReadOnlyList<Found>? Results { get; private set; }
    public IReadOnlyList<ResponseFound> Responses { get; private set; } = [];
    public IReadOnlyList<InvitationFound> Invitations { get; private set; } = [];
    public int Total => (Results?.Count ?? 0) + Responses.Count + Invitations.Count;

    public void OnGet() { }

    public async Task<IActionResult> OnPostSearchAsync()
    {
        if (string.IsNullOrWhiteSpace(Query))
        {
            ModelState.AddModelError(nameof(Query), texts["DataSubject.Query.Required"]);
            return Page();
        }
        var found = await FindAllAsync(Query);
        await using var conn = await db.OpenConnectionAsync();
        await conn.WriteAsync(null, User.Actor(), AuditActions.SearchPersonalData, AuditEntities.Opinion, null, after: found.Ids);
        return Page();
    }

    /// <summary>Everything kept about the person, as JSON: what PIPL art. 45 lets them ask for.</summary>
    public async Task<IActionResult> OnPostExportAsync()
    {
        if (string.IsNullOrWhiteSpace(Query)) return RedirectToPage();
        var found = await FindAllAsync(Query);
        object export;
        await using (var conn = await db.OpenConnectionAsync())
        {
            await conn.WriteAsync(null, User.Actor(), AuditActions.ExportPersonalData, AuditEntities.Opinion, null, after: found.Ids);
            // A respondent's answers are theirs too (PIPL art. 45): exported with the response.
            var ids = found.Responses.Select(r => r.Id).ToArray();
            var answers = (await conn.QueryAsync<(long ResponseId, string Item, int Code, decimal? Value)>(
                """
                select a.response_id, i.key, a.code, a.value from answer a join question_item i on i.id = a.item_id
                where a.response_id = any(@ids) order by a.response_id, i.key, a.code
                """, new { ids })).ToLookup(a => a.ResponseId);
            var answerTexts = (await conn.QueryAsync<(long ResponseId, string Item, string Text)>(
                """
                select t.response_id, i.key, t.text from answer_text t join question_item i on i.id = t.item_id
                where t.response_id = any(@ids) order by t.response_id, i.key
                """, new { ids })).ToLookup(t => t.ResponseId);
            export = new
            {
                opinions = found.Opinions,
                responses = found.Responses.Select(r => new
                {
                    response = r,
                    answers = answers[r.Id].Select(a => new { item = a.Item, code = a.Code, value = a.Value }),
                    texts = answerTexts[r.Id].Select(t => new { item = t.Item, text = t.Text }),
                }),
                invitations = found.Invitations,
            };
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(export, new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        });
        return File(json, "application/json; charset=utf-8", "personal-data.json");
    }

    /// <summary>Corrects name and contact of one opinion found (PIPL art. 46), checked like the opinion form.</summary>
    public async Task<IActionResult> OnPostCorrectAsync(long opinionId)
    {
        if (string.IsNullOrWhiteSpace(Query) || !(await FindAllAsync(Query)).Opinions.Any(f => f.Id == opinionId)) return NotFound();
        var name = PlainText.Clean(Name)?.Replace('\n', ' ');
        var contact = string.IsNullOrWhiteSpace(ContactInput) ? null : Contact.Parse(PlainText.Clean(ContactInput));
        if (name is not null && PlainText.Length(name) > OpinionRules.MaxNameLength)
            ModelState.AddModelError(nameof(Name), texts["Opinion.Name.TooLong", OpinionRules.MaxNameLength]);
        if (!string.IsNullOrWhiteSpace(ContactInput) && contact is null)
            ModelState.AddModelError(nameof(ContactInput), texts["Opinion.Contact.Invalid"]);
        if (!ModelState.IsValid) return Page();
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
        await FindAllAsync(Query);
        return Page();
    }

    /// <summary>Corrects the credit code and enterprise name of one response found (PIPL art. 46), checked like the form.</summary>
    public async Task<IActionResult> OnPostCorrectResponseAsync(long responseId)
    {
        if (string.IsNullOrWhiteSpace(Query) || (await FindAllAsync(Query)).Responses.FirstOrDefault(f => f.Id == responseId) is not { } found) return NotFound();
        var enterpriseName = PlainText.Clean(EnterpriseName)?.Replace('\n', ' ');
        string? creditCode = null;
        if (found.CreditCode is not null || !string.IsNullOrWhiteSpace(CreditCodeInput))
        {
            if (!CreditCode.TryNormalize(CreditCodeInput, out creditCode))
                ModelState.AddModelError(nameof(CreditCodeInput), texts["DataSubject.CreditCode.Invalid"]);
            if (enterpriseName is null || PlainText.Length(enterpriseName) > 200)
                ModelState.AddModelError(nameof(EnterpriseName), texts["DataSubject.EnterpriseName.Invalid"]);
        }
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        try
        {
            await conn.ExecuteAsync("update response set credit_code = @creditCode, enterprise_name = @enterpriseName where id = @responseId",
                new { responseId, creditCode, enterpriseName = creditCode is null ? null : enterpriseName }, tx);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            ModelState.AddModelError(nameof(CreditCodeInput), texts["DataSubject.CreditCode.Taken"]);
            return Page();
        }
        await conn.WriteAsync(tx, User.Actor(), AuditActions.CorrectPersonalData, AuditEntities.Response, responseId);
        await tx.CommitAsync();
        TempData.Flash(texts["DataSubject.Corrected"].Value);
        await FindAllAsync(Query);
        return Page();
    }

    /// <summary>Corrects an invited person's name (PIPL art. 46); stored encrypted like every name.</summary>
    public async Task<IActionResult> OnPostCorrectInvitationAsync(long invitationId)
    {
        if (string.IsNullOrWhiteSpace(Query) || !(await FindAllAsync(Query)).Invitations.Any(f => f.Id == invitationId)) return NotFound();
        var name = PlainText.Clean(Name)?.Replace('\n', ' ');
        if (name is null || PlainText.Length(name) > 100)
            ModelState.AddModelError(nameof(Name), texts["DataSubject.InvitationName.Invalid"]);
        if (!ModelState.IsValid) return Page();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("update questionnaire_invitation set name = @name where id = @invitationId and personal_data_removed_at is null",
            new { invitationId, name = personalData.Protect(name) }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.CorrectPersonalData, AuditEntities.Questionnaire, null, after: new { invitationId });
        await tx.CommitAsync();
        TempData.Flash(texts["DataSubject.Corrected"].Value);
        await FindAllAsync(Query);
        return Page();
    }

    /// <summary>Erases name and contact of every opinion found (PIPL art. 47); the texts stay as evidence (Art. 6).</summary>
    public async Task<IActionResult> OnPostEraseAsync()
    {
        if (string.IsNullOrWhiteSpace(Query)) return RedirectToPage();
        var found = await FindAllAsync(Query);
        var ids = found.Opinions.Where(f => f.Name is not null || f.Contact is not null).Select(f => f.Id).ToArray();
        var responses = found.Responses.Where(r => r.CreditCode is not null || r.EnterpriseName is not null).Select(r => r.Id).ToArray();
        var invitations = found.Invitations.Where(i => i.Name is not null).Select(i => i.Id).ToArray();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync(
            "update opinion set name = null, contact = null, personal_data_removed_at = @now where id = any(@ids)", new { ids, now }, tx);
        // The answers stay (Art. 6); the salt of the chain's digest goes with the fields, so the digest reveals nothing.
        await conn.ExecuteAsync(
            """
            update response set credit_code = null, enterprise_name = null, personal_salt = null, personal_data_removed_at = @now
            where id = any(@responses)
            """, new { responses, now }, tx);
        await conn.ExecuteAsync(
            "update questionnaire_invitation set name = null, personal_data_removed_at = @now where id = any(@invitations)", new { invitations, now }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ErasePersonalData, AuditEntities.Opinion, null,
            after: new { erased = ids, responses, invitations });
        await tx.CommitAsync();
        TempData.Flash(texts["DataSubject.Erased.All", ids.Length, responses.Length, invitations.Length].Value);
        await FindAllAsync(Query);
        return Page();
    }

    /// <summary>Everything found for the query, also shown on the page.</summary>
    private async Task<Findings> FindAllAsync(string query)
    {
        var opinions = await FindAsync(query);
        await using var conn = await db.OpenConnectionAsync();
        const string SelectResponses =
            """
            select r.id, r.receipt_number, q.title as questionnaire, r.submitted_at, r.credit_code, r.enterprise_name, r.invitation_id,
                   r.personal_data_removed_at
            from response r join questionnaire q on q.id = r.questionnaire_id
            """;
        var responses = Receipt.TryNormalize(query, out var receipt)
            ? (await conn.QueryAsync<ResponseFound>($"{SelectResponses} where r.receipt_number = @receipt", new { receipt })).ToList()
            : CreditCode.TryNormalize(query, out var code)
                ? (await conn.QueryAsync<ResponseFound>($"{SelectResponses} where r.credit_code = @code order by r.id", new { code })).ToList()
                : [];
        // Invited people by their name (decrypted one pass, as contacts are), and the invitation a response found answered.
        var invitationIds = responses.Where(r => r.InvitationId is not null).Select(r => r.InvitationId!.Value).ToArray();
        var wanted = PlainText.Clean(query);
        var invitations = (await conn.QueryAsync<InvitationFound>(
                """
                select i.id, q.title as questionnaire, i.name, i.category, i.used_at, i.personal_data_removed_at
                from questionnaire_invitation i join questionnaire q on q.id = i.questionnaire_id
                where i.name is not null or i.id = any(@invitationIds) order by i.id
                """, new { invitationIds }))
            .Select(i => i with { Name = personalData.Unprotect(i.Name) })
            .Where(i => invitationIds.Contains(i.Id) || i.Name is not null && i.Name == wanted)
            .ToList();
        Results = opinions;
        Responses = responses;
        Invitations = invitations;
        return new Findings(opinions, responses, invitations);
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
