using System.Globalization;
using System.Security.Cryptography;
using CsvHelper;
using CsvHelper.Configuration;
using Dapper;
using Npgsql;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace Evaluation.Admin.Pages.InfoItems;

/// <summary>The kinds of information item (Art. 9, 10) and the confidentiality marks (Art. 7), as stored.</summary>
public static class InformationKinds
{
    public static readonly string[] All = ["enforcement_statistics", "reconsideration_case", "litigation_case",
        "hotline_complaint", "inspection_finding", "press_report", "other"];
}

public static class ConfidentialityMarks
{
    public const string Public = "public";
    public static readonly string[] All = [Public, "internal", "commercial_secret", "personal"];
}

/// <summary>An information item that passed every check.</summary>
public sealed record NewInformationItem(string Kind, string Title, string Source, DateOnly OccurredOn, string Body,
    string? Criterion, string Confidentiality);

/// <summary>A cell in error: its row (1 = the first data row), its column heading, the message key and arguments.</summary>
public sealed record ImportError(int Row, string Column, string MessageKey, object[] Args);

/// <summary>
/// The checks of an information item, shared by the form and the import, and the reading of CSV and XLSX files:
/// the first row holds the column headings (<see cref="Columns"/>); kinds, standards and marks are given by their
/// Chinese names, as staff export them from the hotline and case systems.
/// </summary>
public static class InformationItems
{
    public const int MaxTitleLength = 200;
    public const int MaxSourceLength = 200;
    public const int MaxBodyLength = 20000;
    public const int MaxRows = 5000;

    /// <summary>Column headings of an import file (Texts keys Import.Column.*), in order.</summary>
    public static readonly string[] Columns = ["OccurredOn", "Kind", "Source", "Title", "Body", "Criterion", "Confidentiality"];

    public static byte[] Hash(byte[] content) => SHA256.HashData(content);

    /// <summary>The rows of a CSV (UTF-8, with or without BOM) or XLSX file as heading → text.</summary>
    public static List<Dictionary<string, string>> Read(string fileName, byte[] content)
    {
        if (content.AsSpan().StartsWith("PK"u8))
        {
            using var stream = new MemoryStream(content);
            return MiniExcel.Query(stream, useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Select(r => r.ToDictionary(c => c.Key.Trim(), c => Cell(c.Value)))
                .Where(r => r.Values.Any(v => v.Length > 0))
                .ToList();
        }
        using var reader = new StreamReader(new MemoryStream(content), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null });
        var rows = new List<Dictionary<string, string>>();
        if (!csv.Read() || !csv.ReadHeader()) return rows;
        var headings = csv.HeaderRecord!.Select(h => h.Trim()).ToArray();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>();
            for (var i = 0; i < headings.Length; i++) row[headings[i]] = (csv.GetField(i) ?? "").Trim();
            if (row.Values.Any(v => v.Length > 0)) rows.Add(row);
        }
        return rows;
    }

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()!.Trim(),
    };

    /// <summary>Checks one item. <paramref name="nameOf"/> gives the Chinese name of a code ("Kind", code) for the
    /// columns given by name; <paramref name="criteria"/> maps standard names (and codes) to codes.</summary>
    public static (NewInformationItem? Item, List<(string Column, string MessageKey, object[] Args)> Errors) Check(
        IReadOnlyDictionary<string, string> values, Func<string, string, string> nameOf, IReadOnlyDictionary<string, string> criteria)
    {
        var errors = new List<(string, string, object[])>();
        string Get(string column) => values.TryGetValue(column, out var v) ? v.Trim() : "";
        string? Code(string column, string[] codes)
        {
            var v = Get(column);
            return codes.FirstOrDefault(c => c == v || nameOf(column, c) == v);
        }

        var kind = Code("Kind", InformationKinds.All);
        if (kind is null) errors.Add(("Kind", "InfoItem.Kind.Invalid", []));
        var title = Get("Title");
        if (title.Length == 0) errors.Add(("Title", "InfoItem.Required", []));
        else if (title.Length > MaxTitleLength) errors.Add(("Title", "InfoItem.TooLong", [MaxTitleLength]));
        var source = Get("Source");
        if (source.Length == 0) errors.Add(("Source", "InfoItem.Required", []));
        else if (source.Length > MaxSourceLength) errors.Add(("Source", "InfoItem.TooLong", [MaxSourceLength]));
        DateOnly occurredOn = default;
        var date = Get("OccurredOn");
        if (date.Length == 0) errors.Add(("OccurredOn", "InfoItem.Required", []));
        else if (!DateOnly.TryParseExact(date, ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy年M月d日"], CultureInfo.InvariantCulture, DateTimeStyles.None, out occurredOn))
            errors.Add(("OccurredOn", "InfoItem.Date.Invalid", []));
        var body = Get("Body");
        if (body.Length > MaxBodyLength) errors.Add(("Body", "InfoItem.TooLong", [MaxBodyLength]));
        string? criterion = null;
        var criterionText = Get("Criterion");
        if (criterionText.Length > 0 && !criteria.TryGetValue(criterionText, out criterion))
            errors.Add(("Criterion", "InfoItem.Criterion.Invalid", []));
        var mark = Get("Confidentiality").Length == 0 ? ConfidentialityMarks.Public : Code("Confidentiality", ConfidentialityMarks.All);
        if (mark is null) errors.Add(("Confidentiality", "InfoItem.Confidentiality.Invalid", []));
        return errors.Count > 0
            ? (null, errors)
            : (new NewInformationItem(kind!, title, source, occurredOn, body, criterion, mark!), errors);
    }

    /// <summary>The standards of the decision's kind, by Chinese name and by code.</summary>
    public static async Task<Dictionary<string, string>> CriteriaAsync(this NpgsqlConnection conn, long decisionId)
    {
        var rows = await conn.QueryAsync<(string Code, string Name)>(
            """
            select c.code, c.name from criterion c join decision d on d.kind = c.decision_kind
            where d.id = @decisionId order by c.sort_order
            """, new { decisionId });
        var map = new Dictionary<string, string>();
        foreach (var (code, name) in rows) { map[code] = code; map[name] = code; }
        return map;
    }

    public static Task<long> AddAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, long decisionId, NewInformationItem item,
        long staff, DateTime now, long? importId = null) =>
        conn.ExecuteScalarAsync<long>(
            """
            insert into information_item (decision_id, kind, title, source, occurred_on, body, criterion, confidentiality,
                                          import_id, created_by, created_at)
            values (@decisionId, @Kind, @Title, @Source, @OccurredOn, @Body, @Criterion, @Confidentiality, @importId, @staff, @now)
            returning id
            """, new { decisionId, item.Kind, item.Title, item.Source, item.OccurredOn, item.Body, item.Criterion,
                item.Confidentiality, importId, staff, now }, tx);
}
