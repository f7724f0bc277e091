using Dapper;
using Evaluation.Shared.Attachments;
using Npgsql;

namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// Art. 7: how confidential a project file is; it decides what may ever be published. No mark for state secrets: this
/// system must never hold classified material (0860).
/// </summary>
public static class Confidentiality
{
    public const string Public = "public";
    public const string Internal = "internal";
    public const string CommercialSecret = "commercial_secret";
    public const string Personal = "personal";
    public static readonly string[] All = [Public, Internal, CommercialSecret, Personal];
}

public sealed record ProjectFile(long AttachmentId, long? MethodId, long? DataRequestId, string FileName, string ContentType, int Size,
    string Confidentiality);

/// <summary>The files of a project's methods log and data requests: checked by content, stored with their checksum.</summary>
public static class ProjectFiles
{
    public const int MaxFiles = 10;

    public static async Task StoreAsync(this NpgsqlConnection conn, NpgsqlTransaction tx, long projectId, long? methodId, long? dataRequestId,
        IEnumerable<CheckedFile> files, string confidentiality, long staffId, DateTime now)
    {
        foreach (var file in files)
        {
            var attachmentId = await conn.StoreAsync(tx, file);
            await conn.ExecuteAsync(
                """
                insert into project_attachment (attachment_id, project_id, method_id, data_request_id, confidentiality, added_by, added_at)
                values (@attachmentId, @projectId, @methodId, @dataRequestId, @confidentiality, @staffId, @now)
                """, new { attachmentId, projectId, methodId, dataRequestId, confidentiality, staffId, now }, tx);
        }
    }

    public static async Task<IReadOnlyList<ProjectFile>> FilesAsync(this NpgsqlConnection conn, long projectId) =>
        (await conn.QueryAsync<ProjectFile>(
            """
            select p.attachment_id, p.method_id, p.data_request_id, a.file_name, a.content_type, a.size, p.confidentiality
            from project_attachment p join attachment a on a.id = p.attachment_id where p.project_id = @projectId order by p.attachment_id
            """, new { projectId })).ToList();
}
