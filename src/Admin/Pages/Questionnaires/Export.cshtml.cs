using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Evaluation.Shared.Data;
using Evaluation.Shared.Privacy;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Npgsql;
using SpreadCheetah;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>The responses as CSV (UTF-8 with BOM) or XLSX with a codebook sheet; the codebook also as CSV.</summary>
/// <remarks>The rows come from the read-mostly data source (a streaming replica when one is configured); the scope check
/// and the audit entry from the primary.</remarks>
public sealed class ExportModel(NpgsqlDataSource db, [FromKeyedServices(Database.ReadMostly)] NpgsqlDataSource readMostly,
    PersonalData personalData) : PageModel
{
    /// <summary>Invited respondents' names in full for the roles that answer respondents, masked for the others.</summary>
    private string? InvitedName(string? stored) =>
        User.CanSeePersonalData() ? personalData.Unprotect(stored) : PersonalData.MaskName(personalData.Unprotect(stored));

    [BindProperty(SupportsGet = true)] public string Format { get; set; } = "xlsx";

    private static readonly string[] CodebookHeader = ["column", "question_number", "question", "type", "code", "label", "criterion", "period"];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (Format is not ("csv" or "xlsx" or "codebook")) return BadRequest();
        // The scope check and the audit row on the primary, given back before the rows stream (from a replica when
        // one is configured, otherwise from the same pool).
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
        {
            var title = await conn.ExecuteScalarAsync<string>(
                """
                select q.title from questionnaire q join consultation c on c.id = q.consultation_id
                where q.id = @id and c.decision_id in (select decision_id from staff_decisions(@staff))
                """, new { id, staff = User.StaffId() });
            if (title is null) return NotFound();
            await conn.WriteAsync(null, User.Actor(), AuditActions.Export(Format), AuditEntities.Questionnaire, id);
        }
        await using var read = await readMostly.OpenConnectionAsync(cancellationToken);
        var export = await ResponseExport.ForAsync(read, id);
        var fileName = $"questionnaire-{id}{(Format == "codebook" ? "-codebook" : "")}.{(Format == "xlsx" ? "xlsx" : "csv")}";
        Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

        if (Format == "xlsx")
        {
            Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            // The zip container writes synchronously at its end, which Kestrel refuses: build the file in a temporary
            // file (not in memory: exports can be large), then send it.
            await using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await using (var spreadsheet = await Spreadsheet.CreateNewAsync(file, cancellationToken: cancellationToken))
            {
                await spreadsheet.StartWorksheetAsync(Texts.Get("Questionnaire.Export.Sheet.Responses"), token: cancellationToken);
                await spreadsheet.AddRowAsync(export.Header.Select(h => new Cell(h)).ToArray(), cancellationToken);
                await foreach (var row in export.RowsAsync(read, id, InvitedName).WithCancellation(cancellationToken))
                    await spreadsheet.AddRowAsync(row.Select(ToCell).ToArray(), cancellationToken);
                await spreadsheet.StartWorksheetAsync(Texts.Get("Questionnaire.Export.Sheet.Codebook"), token: cancellationToken);
                await spreadsheet.AddRowAsync(CodebookHeader.Select(h => new Cell(h)).ToArray(), cancellationToken);
                foreach (var c in Codebook(export))
                    await spreadsheet.AddRowAsync(c.Select(v => new Cell(v)).ToArray(), cancellationToken);
                await spreadsheet.FinishAsync(cancellationToken);
            }
            file.Position = 0;
            Response.ContentLength = file.Length;
            await file.CopyToAsync(Response.Body, cancellationToken);
            return new EmptyResult();
        }

        Response.ContentType = "text/csv; charset=utf-8";
        if (Format == "codebook")
        {
            await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
            await using var csv = new CsvWriter(writer, CsvFormat);
            await WriteAsync(csv, CodebookHeader);
            foreach (var c in Codebook(export)) await WriteAsync(csv, c);
            return new EmptyResult();
        }
        // The responses (a million rows and more) are streamed: the same CSV as CsvHelper writes, without its per-field strings.
        await using (var rows = new Utf8CsvWriter(Response.Body, CsvFormat))
        {
            foreach (var h in export.Header) rows.WriteField(h);
            await rows.NextRecordAsync(cancellationToken);
            await export.WriteCsvAsync(read, id, InvitedName, rows, cancellationToken);
            await rows.FlushAsync(cancellationToken);
        }
        return new EmptyResult();
    }

    /// <summary>CSV as the exports write it: formula characters first in a field are escaped.</summary>
    public static CsvConfiguration CsvFormat => new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    private static IEnumerable<string?[]> Codebook(ResponseExport export) =>
        ResponseExport.Fixed.Select(f => new string?[] { f, null, null, null, null, null, null, null })
            .Concat(export.Columns.Select(c => new[]
            {
                c.Name, c.Number.ToString(CultureInfo.InvariantCulture), c.Question, c.Type, c.Code, c.Label, c.Criterion, c.Period,
            }))
            .Concat(CodesOfScales());

    /// <summary>What the codes of single-choice and Likert columns mean, for cells that are codes.</summary>
    private static IEnumerable<string?[]> CodesOfScales() =>
    [
        ["(likert)", null, null, "likert", "1-5", Texts.Get("Questionnaire.Export.LikertCodes"), null, null],
        ["(likert)", null, null, "likert", "0", Texts.Get("Likert.DontKnow"), null, null],
    ];

    private static async Task WriteAsync(CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var f in fields) csv.WriteField(f ?? "");
        await csv.NextRecordAsync();
    }

    private static Cell ToCell(object? value) => value switch
    {
        null => new Cell(),
        int i => new Cell(i),
        decimal d => new Cell(d),
        DateTime t => new Cell(Display.Sortable(t)),
        _ => new Cell(value.ToString()),
    };
}
