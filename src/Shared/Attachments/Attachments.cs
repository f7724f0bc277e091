using System.Data;
using System.Security.Cryptography;
using Dapper;

namespace Evaluation.Shared.Attachments;

/// <summary>A file that passed the checks, with the type its content shows.</summary>
public sealed record CheckedFile(string FileName, string ContentType, byte[] Content)
{
    public byte[] Sha256 { get; } = SHA256.HashData(Content);
}

/// <summary>A file kept out, and why (a key of Texts.resx: "Attachment.TooLarge", "Attachment.WrongType", ...).</summary>
public sealed record RefusedFile(string FileName, string MessageKey);

/// <summary>
/// Files kept with a record — the scans of a letter, the attachments of an e-mail — in PostgreSQL with their
/// SHA-256. Only PDF, PNG and JPEG, recognised by their first bytes (a name or a declared type can say anything), and
/// at most MaxBytes each.
/// </summary>
public static class Attachments
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxFileNameLength = 200;
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";

    public static string? TypeOf(ReadOnlySpan<byte> content) =>
        content.StartsWith("%PDF-"u8) ? Pdf
        : content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? Png
        : content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? Jpeg
        : null;

    /// <summary>The file as it will be stored, or why it is refused.</summary>
    public static (CheckedFile? File, RefusedFile? Refused) Check(string? fileName, byte[] content)
    {
        var name = CleanName(fileName);
        if (content.Length == 0) return (null, new(name, "Attachment.Empty"));
        if (content.Length > MaxBytes) return (null, new(name, "Attachment.TooLarge"));
        return TypeOf(content) is { } type ? (new CheckedFile(name, type, content), null) : (null, new(name, "Attachment.WrongType"));
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
