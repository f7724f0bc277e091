using Evaluation.Analysis;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Respondents;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Evaluation.Admin.Pages.Findings;

/// <summary>The findings as XLSX (one sheet per section) or CSV (UTF-8 with BOM).</summary>
public sealed class ExportModel(NpgsqlDataSource db, [FromKeyedServices(Database.ReadMostly)] NpgsqlDataSource readMostly, RegionDirectory regions, IOptions<FindingsOptions> options, IStringLocalizer<Texts> texts, TimeProvider clock) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string scope, long id, string format, CancellationToken cancellationToken)
    {
        if (FindingsScope.Parse(scope, id) is not { } what || format is not ("xlsx" or "csv")) return BadRequest();
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
            if (!await conn.SeesFindingsAsync(User, what)) return NotFound();
        var findings = await FindingsStore.GetAsync(db, what, options.Value, clock, cancellationToken, readMostly);
        if (findings is null) return NotFound();
        var names = (await regions.AllAsync()).ToDictionary(r => r.Code, r => r.Name);
        string Label(string key) => key.StartsWith("Region:", StringComparison.Ordinal)
            ? names.GetValueOrDefault(key["Region:".Length..], key["Region:".Length..])
            : texts[key].Value;
        var tables = FindingsExport.Tables(findings, Label);
        await using (var conn = await db.OpenConnectionAsync(cancellationToken))
            await conn.WriteAsync(null, User.Actor(), AuditActions.ExportFindings(format), what.Name, id);
        Response.Headers.ContentDisposition = $"attachment; filename=\"findings-{what.Name}-{id}.{format}\"";

        if (format == "xlsx")
        {
            Response.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            using var buffer = new MemoryStream();   // the findings are small: tables of counts, not raw rows
            await FindingsExport.WriteXlsxAsync(buffer, tables, cancellationToken);
            buffer.Position = 0;
            await buffer.CopyToAsync(Response.Body, cancellationToken);
            return new EmptyResult();
        }
        Response.ContentType = "text/csv; charset=utf-8";
        await FindingsExport.WriteCsvAsync(Response.Body, tables, cancellationToken);
        return new EmptyResult();
    }
}
