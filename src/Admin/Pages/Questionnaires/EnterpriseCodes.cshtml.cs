using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Input;
using Evaluation.Shared.Questionnaires;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>
/// Per-enterprise invitation codes (issue 13, item 5: credit codes are public, so anyone could answer as enterprise X).
/// Staff paste a list of enterprises (credit code and name, one a line), get a CSV with a code and link for each to
/// send, and may require the codes: the enterprise questionnaire then takes an answer only with the unused code issued
/// to that credit code. Like the invitation links, a code is shown once (in the file); only its hash is kept.
/// </summary>
[Authorize(Policy = StaffAccess.Manage)]
public sealed class EnterpriseCodesModel(NpgsqlDataSource db, IOptions<PortalLinks> portal, IStringLocalizer<Texts> texts) : PageModel
{
    public sealed record Row(long Id, string CreditCode, string EnterpriseName, DateTime CreatedAt, DateTime? UsedAt);

    [BindProperty] public string? Enterprises { get; set; }
    [BindProperty] public bool Required { get; set; }
    public string Title { get; private set; } = "";
    public bool IsRequired { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id) => await LoadAsync(id) ? Page() : NotFound();

    /// <summary>Codes for the enterprises listed; the answer is the CSV to send (codes in clear, this once).</summary>
    public async Task<IActionResult> OnPostGenerateAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        var (list, errors) = Parse(Enterprises);
        var known = Rows.Select(r => r.CreditCode).ToHashSet();
        errors.AddRange(list.Where(e => known.Contains(e.CreditCode)).Select(e => texts["EnterpriseCode.Exists", e.Line, e.CreditCode].Value));
        if (list.Count == 0 && errors.Count == 0) errors.Add(texts["EnterpriseCode.Empty"]);
        if (errors.Count > 0)
        {
            Errors = errors;
            return Page();
        }
        var issued = list.Select(e => (e.CreditCode, e.Name, Code: Receipt.NewNumber())).ToList();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var ids = (await conn.QueryAsync<long>(
            """
            insert into questionnaire_enterprise_code (questionnaire_id, credit_code, enterprise_name, code_hash, created_by)
            select @id, c, n, h, @by from unnest(@codes, @names, @hashes) as e (c, n, h)
            returning id
            """,
            new
            {
                id, by = User.StaffId(), codes = issued.Select(i => i.CreditCode).ToArray(), names = issued.Select(i => i.Name).ToArray(),
                hashes = issued.Select(i => EnterpriseCodes.Hash(i.Code)).ToArray(),
            }, tx)).ToArray();
        await conn.WriteAsync(tx, User.Actor(), AuditActions.GenerateEnterpriseCodes, AuditEntities.Questionnaire, id, after: new { codes = ids });
        await tx.CommitAsync();

        var output = new MemoryStream();
        await using (var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        await using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var header in new[] { "EnterpriseCode.CreditCode", "EnterpriseCode.Name", "EnterpriseCode.Code", "EnterpriseCode.Link" })
                csv.WriteField(texts[header].Value);
            await csv.NextRecordAsync();
            foreach (var i in issued)
            {
                csv.WriteField(i.CreditCode);
                csv.WriteField(i.Name);
                csv.WriteField(Receipt.Format(i.Code));
                csv.WriteField(portal.Value.To($"/Questionnaires/{id}"));
                await csv.NextRecordAsync();
            }
        }
        return File(output.ToArray(), "text/csv; charset=utf-8", $"enterprise-codes-{id}.csv");
    }

    /// <summary>Whether enterprises must answer with their code.</summary>
    public async Task<IActionResult> OnPostRequireAsync(long id)
    {
        if (!await LoadAsync(id)) return NotFound();
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("update questionnaire set enterprise_code_required = @Required where id = @id", new { id, Required }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.RequireEnterpriseCodes, AuditEntities.Questionnaire, id,
            before: new { enterprise_code_required = IsRequired }, after: new { enterprise_code_required = Required });
        await tx.CommitAsync();
        TempData.Flash(texts[Required ? "EnterpriseCode.Required.On" : "EnterpriseCode.Required.Off"].Value);
        return RedirectToPage(new { id });
    }

    private sealed record Listed(int Line, string CreditCode, string Name);

    /// <summary>One enterprise a line: the credit code, then the name (after a comma, a tab or spaces).</summary>
    private (List<Listed> List, List<string> Errors) Parse(string? text)
    {
        var list = new List<Listed>();
        var errors = new List<string>();
        var lines = (text ?? "").Replace("\r", "").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split([',', '，', '\t', ' '], 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var name = parts.Length > 1 ? PlainText.Clean(parts[1]) : null;
            if (!CreditCode.TryNormalize(parts[0], out var code))
                errors.Add(texts["EnterpriseCode.BadCreditCode", n + 1, parts[0]].Value);
            else if (name is null || PlainText.Length(name) > 200)
                errors.Add(texts["EnterpriseCode.BadName", n + 1].Value);
            else if (list.Any(e => e.CreditCode == code))
                errors.Add(texts["EnterpriseCode.Twice", n + 1, code].Value);
            else
                list.Add(new Listed(n + 1, code, name));
        }
        return (list, errors);
    }

    private async Task<bool> LoadAsync(long id)
    {
        await using var conn = await db.OpenConnectionAsync();
        var q = await conn.QuerySingleOrDefaultAsync<(string Title, bool Required)?>(
            $"""
            select q.title, q.enterprise_code_required from questionnaire q join consultation c on c.id = q.consultation_id
            where q.id = @id and q.audience = '{Audiences.Enterprise}' and c.decision_id in (select decision_id from staff_decisions(@staff))
            """, new { id, staff = User.StaffId() });
        if (q is not { } found) return false;
        (Title, IsRequired) = found;
        Rows = (await conn.QueryAsync<Row>(
            "select id, credit_code, enterprise_name, created_at, used_at from questionnaire_enterprise_code where questionnaire_id = @id order by id",
            new { id })).ToList();
        return true;
    }
}
