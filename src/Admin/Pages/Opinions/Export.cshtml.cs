using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.Opinions;

/// <summary>The filtered opinions as CSV in UTF-8 with a byte order mark, so that Excel reads the Chinese right. Name
/// and contact are masked; with full=true, for the roles that answer respondents, they are in full.</summary>
/// <remarks>The rows come from the read-mostly data source (a streaming replica when one is configured); the scope check
/// and the audit entry from the primary.</remarks>
public sealed class ExportModel(NpgsqlDataSource db, [FromKeyedServices(Database.ReadMostly)] NpgsqlDataSource readMostly,
    PersonalData personalData, IStringLocalizer<Texts> texts) : PageModel
{
    private sealed record Row(string ReceiptNumber, DateTime CreatedAt, string Channel, string RespondentType, string? Name,
        string? Contact, string RegionName, string Body, string Status, string? Reply, DateTime? RepliedAt);

    [BindProperty(SupportsGet = true)] public OpinionFilter Filter { get; set; } = new();
    [BindProperty(SupportsGet = true)] public bool Full { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Full && !User.CanSeePersonalData()) return this.Refuse(Refusal.Who.Managers, Refusal.Act.PersonalData);
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        if (!await conn.SeesConsultationAsync(User, Filter.ConsultationId)) return NotFound();

        // The export holds personal data: who took it, which rows, and whether in full, is recorded.
        var audited = Filter.ToQuery();
        if (Full) audited["full"] = "true";
        await conn.WriteAsync(null, User.Actor(), AuditActions.ExportCsv, AuditEntities.Consultation, Filter.ConsultationId, after: audited);

        var (where, p) = Filter.ToSql();
        await using var read = await readMostly.OpenConnectionAsync(cancellationToken);
        var rows = read.QueryUnbufferedAsync<Row>(
            $"""
            select o.receipt_number, o.created_at, o.channel, o.respondent_type, o.name, o.contact, r.name as region_name,
                   o.body, o.status, o.reply, o.replied_at
            from opinion o join region r on r.code = o.region_code
            where {where}
            order by o.created_at, o.id
            """, p).WithCancellation(cancellationToken);

        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition =
            $"attachment; filename=\"opinions-{Filter.ConsultationId}.csv\"; filename*=UTF-8''{Uri.EscapeDataString(texts["Opinion.ExportFileName", Filter.ConsultationId])}.csv";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        // Opinions come from the public: a text starting with = + - @ must stay text, never become an Excel formula.
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape });
        foreach (var header in new[] { "Lookup.ReceiptNumber", "Receipt.SubmittedAt", "Opinion.Channel", "Opinion.RespondentType",
                     "Opinion.Name", "Opinion.Contact", "Opinion.Region", "Opinion.Body", "Opinion.Status", "Opinion.Reply", "Opinion.RepliedAt" })
            csv.WriteField(texts[header].Value);
        await csv.NextRecordAsync();
        await foreach (var o in rows)
        {
            csv.WriteField(Receipt.Format(o.ReceiptNumber));
            csv.WriteField(Display.Sortable(o.CreatedAt));
            csv.WriteField(texts[$"Channel.{o.Channel}"].Value);
            csv.WriteField(texts[$"RespondentType.{o.RespondentType}"].Value);
            var name = personalData.Unprotect(o.Name);
            var contact = personalData.Unprotect(o.Contact);
            csv.WriteField((Full ? name : PersonalData.MaskName(name)) ?? "");
            csv.WriteField((Full ? contact : PersonalData.MaskContact(contact)) ?? "");
            csv.WriteField(o.RegionName);
            csv.WriteField(o.Body);
            csv.WriteField(texts[$"OpinionStatus.{o.Status}"].Value);
            csv.WriteField(o.Reply ?? "");
            csv.WriteField(Display.Sortable(o.RepliedAt));
            await csv.NextRecordAsync();
        }
        return new EmptyResult();
    }
}
