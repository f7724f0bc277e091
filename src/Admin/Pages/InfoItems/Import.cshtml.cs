using Dapper;
using Evaluation.Shared.Attachments;
using Evaluation.Shared.Data;
using Evaluation.Shared.Resources;
using Evaluation.Shared.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Evaluation.Admin.Pages.InfoItems;

/// <summary>
/// Bulk import of information items from CSV or XLSX: the upload is kept and previewed with every row checked and every
/// error named by row and column; nothing is stored until the whole file is valid, or the user chooses to store the
/// valid rows. A file already stored for the decision (same SHA-256) is recognised and not stored again.
/// </summary>
public sealed class ImportModel(NpgsqlDataSource db, TimeProvider clock, IStringLocalizer<Texts> texts) : PageModel
{
    public const int MaxFileBytes = 10 * 1024 * 1024;

    public sealed record PreviewRow(int Row, IReadOnlyDictionary<string, string> Values, bool Valid);

    [BindProperty(SupportsGet = true)] public long DecisionId { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public long ImportId { get; set; }

    public string DecisionTitle { get; private set; } = "";
    public IReadOnlyList<PreviewRow> Rows { get; private set; } = [];
    public IReadOnlyList<ImportError> Errors { get; private set; } = [];
    public string? FileName { get; private set; }
    public DateTime? ImportedBefore { get; private set; }
    public int ValidCount => Rows.Count(r => r.Valid);

    public async Task<IActionResult> OnGetAsync() => await SeesAsync() ? Page() : NotFound();

    /// <summary>Upload: keep the file and show its preview.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await SeesAsync()) return NotFound();
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.NoFile"]);
            return Page();
        }
        if (Upload.Length > MaxFileBytes)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.TooLarge", MaxFileBytes / 1024 / 1024]);
            return Page();
        }
        using var buffer = new MemoryStream();
        await Upload.CopyToAsync(buffer, cancellationToken);
        var content = buffer.ToArray();
        var sha256 = InformationItems.Hash(content);
        FileName = Attachments.CleanName(Upload.FileName);

        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        ImportedBefore = await conn.ExecuteScalarAsync<DateTime?>(
            "select max(stored_at) from information_import where decision_id = @DecisionId and sha256 = @sha256 and stored_at is not null",
            new { DecisionId, sha256 });
        if (ImportedBefore is not null)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.AlreadyImported", Display.Time(ImportedBefore.Value)]);
            return Page();
        }
        // A readable file is kept even with errors in rows: the user may choose to store its valid rows.
        await CheckAsync(conn, content);
        if (Rows.Count == 0) return Page();
        ImportId = await conn.ExecuteScalarAsync<long>(
            """
            insert into information_import (decision_id, file_name, sha256, content, row_count, uploaded_by, uploaded_at)
            values (@DecisionId, @FileName, @sha256, @content, @rows, @staff, @now) returning id
            """, new { DecisionId, FileName, sha256, content, rows = Rows.Count, staff = User.StaffId(), now = clock.GetUtcNow().UtcDateTime });
        return Page();
    }

    /// <summary>Store: all rows of a valid file, or (validOnly) the valid rows of one with errors; one transaction.</summary>
    public async Task<IActionResult> OnPostStoreAsync(bool validOnly, CancellationToken cancellationToken)
    {
        if (!await SeesAsync()) return NotFound();
        await using var conn = await db.OpenConnectionAsync(cancellationToken);
        await using var tx = await conn.BeginTransactionAsync(cancellationToken);
        var upload = await conn.QuerySingleOrDefaultAsync<(string FileName, byte[] Sha256, byte[] Content)?>(
            """
            select file_name, sha256, content from information_import
            where id = @ImportId and decision_id = @DecisionId and stored_at is null for update
            """, new { ImportId, DecisionId }, tx);
        if (upload is not { } u) return NotFound();
        FileName = u.FileName;
        // Another upload of the same file may have been stored meanwhile.
        if (await conn.ExecuteScalarAsync<bool>(
                "select exists (select 1 from information_import where decision_id = @DecisionId and sha256 = @Sha256 and stored_at is not null)",
                new { DecisionId, u.Sha256 }, tx))
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.AlreadyImported", ""]);
            return Page();
        }
        if (!await CheckAsync(conn, u.Content) && !validOnly) return Page();
        var (criteria, nameOf) = (await conn.CriteriaAsync(DecisionId), NameOf());
        var now = clock.GetUtcNow().UtcDateTime;
        var stored = 0;
        foreach (var row in Rows.Where(r => r.Valid))
        {
            var (item, _) = InformationItems.Check(row.Values, nameOf, criteria);
            await conn.AddAsync(tx, DecisionId, item!, User.StaffId(), now, ImportId);
            stored++;
        }
        await conn.ExecuteAsync("update information_import set stored_at = @now, stored_rows = @stored where id = @ImportId",
            new { now, stored, ImportId }, tx);
        await conn.WriteAsync(tx, User.Actor(), AuditActions.ImportInformation, AuditEntities.InformationImport, ImportId,
            after: new { DecisionId, FileName, rows = Rows.Count, stored });
        await tx.CommitAsync(cancellationToken);
        TempData.Flash(texts["Import.Stored", stored]);
        return RedirectToPage("/InfoItems/Index", new { DecisionId });
    }

    private Func<string, string, string> NameOf() => (column, code) => column switch
    {
        "Kind" => texts[$"InfoItem.Kind.{code}"],
        "Confidentiality" => texts[$"InfoItem.Confidentiality.{code}"],
        _ => code,
    };

    /// <summary>Reads and checks every row; false when the file cannot be read or has errors.</summary>
    private async Task<bool> CheckAsync(NpgsqlConnection conn, byte[] content)
    {
        List<Dictionary<string, string>> rows;
        try
        {
            rows = InformationItems.Read(FileName ?? "", content);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.Unreadable"]);
            return false;
        }
        if (rows.Count == 0)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.Empty"]);
            return false;
        }
        if (rows.Count > InformationItems.MaxRows)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.TooManyRows", InformationItems.MaxRows]);
            return false;
        }
        // Headings are the Chinese column names; the checks speak of the column codes.
        var headings = InformationItems.Columns.ToDictionary(c => texts[$"Import.Column.{c}"].Value, c => c);
        // Files made from the template before the column was renamed (密级 → 公开属性) still read.
        headings.TryAdd(texts["Import.Column.Confidentiality.Former"].Value, "Confidentiality");
        var missing = InformationItems.Columns.Where(c => c is not ("Body" or "Criterion" or "Confidentiality"))
            .Where(c => !rows[0].ContainsKey(texts[$"Import.Column.{c}"])).ToList();
        if (missing.Count > 0)
        {
            ModelState.AddModelError(nameof(Upload), texts["Import.MissingColumns", string.Join(texts["Format.Enumeration"].Value, missing.Select(c => texts[$"Import.Column.{c}"]))]);
            return false;
        }
        var criteria = await conn.CriteriaAsync(DecisionId);
        var nameOf = NameOf();
        var preview = new List<PreviewRow>();
        var errors = new List<ImportError>();
        for (var i = 0; i < rows.Count; i++)
        {
            var values = rows[i].Where(c => headings.ContainsKey(c.Key)).ToDictionary(c => headings[c.Key], c => c.Value);
            var (item, rowErrors) = InformationItems.Check(values, nameOf, criteria);
            // Row numbers as the spreadsheet shows them: the headings are row 1.
            errors.AddRange(rowErrors.Select(e => new ImportError(i + 2, e.Column, e.MessageKey, e.Args)));
            preview.Add(new PreviewRow(i + 2, values, item is not null));
        }
        Rows = preview;
        Errors = errors;
        return errors.Count == 0;
    }

    private async Task<bool> SeesAsync()
    {
        await using var conn = await db.OpenConnectionAsync();
        var title = await conn.ExecuteScalarAsync<string>(
            "select title from decision where id = @DecisionId and id in (select decision_id from staff_decisions(@staff))",
            new { DecisionId, staff = User.StaffId() });
        DecisionTitle = title ?? "";
        return title is not null;
    }
}
