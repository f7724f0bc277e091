using System.Data;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http;

namespace Evaluation.Shared.Attachments;

/// <summary>A file that passed the checks, with the type its content shows.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Content)
{
    public byte[] Sha256 { get; } = SHA256.HashData(Content);
}

/// <summary>A file kept out, and why (a key of Texts.resx: "Attachment.TooLarge", "Attachment.WrongType", ...).</summary>
public sealed record RefusedFile(string FileName, string MessageKey);

/// <summary>
/// Files kept with a record — the scans of a letter, the attachments of an e-mail, the materials of an evaluation
/// project — in PostgreSQL with their SHA-256. Types are recognised by the content (a name or a declared type can say
/// anything): scans are PDF, PNG and JPEG; documents also Word and Excel (Office Open XML) and plain UTF-8 text. At most
/// MaxBytes each.
/// </summary>
public static class Attachments
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxFileNameLength = 200;
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Text = "text/plain";

    /// <summary>What a scan may be (letters, faxes, e-mail attachments).</summary>
    public static readonly string[] Scans = [Pdf, Png, Jpeg];
    /// <summary>What a project's material may be (methods log, data requests, Art. 10 and 16).</summary>
    public static readonly string[] Documents = [Pdf, Png, Jpeg, Docx, Xlsx, Text];

    public static string? TypeOf(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? Pdf
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : content.StartsWith("PK\u0003\u0004"u8) ? OfficeTypeOf(content.ToArray())
        : IsPlainText(content) ? Text
        : null;

    /// <summary>A Word or Excel file is a ZIP whose parts say which: word/document.xml or xl/workbook.xml.</summary>
    private static string? OfficeTypeOf(byte[] content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
            if (zip.GetEntry("[Content_Types].xml") is null) return null;
            return zip.GetEntry("word/document.xml") is not null ? Docx : zip.GetEntry("xl/workbook.xml") is not null ? Xlsx : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Valid UTF-8 without control characters other than line breaks and tabs.</summary>
    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        try
        {
            var text = strict.GetString(content);
            return !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The file as it will be stored, or why it is refused.</summary>
    /// <param name="allowed">The types accepted here: <see cref="Scans"/> (the default) or <see cref="Documents"/>.</param>
    public static (CheckedFile? File, RefusedFile? Refused) Check(string? fileName, byte[] content, IReadOnlyCollection<string>? allowed = null)
    {
        allowed ??= Scans;
        var name = CleanName(fileName);
        if (content.Length == 0) return (null, new(name, "Attachment.Empty"));
        if (content.Length > MaxBytes) return (null, new(name, "Attachment.TooLarge"));
        return TypeOf(content) is { } type && allowed.Contains(type)
            ? (new CheckedFile(name, type, content), null)
            : (null, new(name, allowed.Count > Scans.Length ? "Attachment.WrongType.Document" : "Attachment.WrongType"));
    }

    /// <summary>Checks the files of a form (empty file inputs left out); what is refused comes back with its reason.</summary>
    public static async Task<(List<CheckedFile> Files, List<RefusedFile> Refused)> CheckUploadsAsync(IEnumerable<IFormFile> uploads,
        IReadOnlyCollection<string>? allowed = null, CancellationToken cancellationToken = default)
    {
        var files = new List<CheckedFile>();
        var refused = new List<RefusedFile>();
        foreach (var upload in uploads.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            var (file, refusal) = Check(upload.FileName, await ReadLimitedAsync(upload, cancellationToken), allowed);
            if (file is not null) files.Add(file);
            else refused.Add(refusal!);
        }
        return (files, refused);
    }

    /// <summary>The bytes of an upload, read up to one byte past the limit (enough to know it is too large).</summary>
    public static async Task<byte[]> ReadLimitedAsync(IFormFile file, CancellationToken cancellationToken = default)
    {
        await using var stream = file.OpenReadStream();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0 && buffer.Length <= MaxBytes)
            buffer.Write(chunk, 0, read);
        return buffer.ToArray();
    }

    /// <summary>Only the last path segment, without control characters, shortened to fit.</summary>
    public static string CleanName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length == 0) name = "attachment";
        return name.Length <= MaxFileNameLength ? name : name[..(MaxFileNameLength - 10)] + "…" + name[^9..];
    }

    public static Task<long> StoreAsync(this IDbConnection conn, IDbTransaction tx, CheckedFile file) =>
        conn.ExecuteScalarAsync<long>(
            """
            insert into attachment (file_name, content_type, size, sha256, content)
            values (@FileName, @ContentType, @size, @Sha256, @Content) returning id
            """, new { file.FileName, file.ContentType, size = file.Content.Length, file.Sha256, file.Content }, tx);

    public sealed record Listed(long Id, string FileName, string ContentType, int Size, byte[] Sha256)
    {
        public string Sha256Hex => Convert.ToHexStringLower(Sha256);
    }

    public sealed record Stored(string FileName, string ContentType, byte[] Content, byte[] Sha256)
    {
        /// <summary>False when the bytes no longer match the checksum taken when they were stored.</summary>
        public bool Intact => SHA256.HashData(Content).AsSpan().SequenceEqual(Sha256);
    }

    public static async Task<Stored?> ReadAsync(this IDbConnection conn, long id) =>
        await conn.QuerySingleOrDefaultAsync<Stored>(
            "select file_name, content_type, content, sha256 from attachment where id = @id", new { id });
}
