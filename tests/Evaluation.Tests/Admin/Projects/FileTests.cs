using System.IO.Compression;
using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>A project file opens for those who see the project, byte for byte as stored, audited unless public.</summary>
public class FileTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    internal static Dictionary<string, string?> Symposium(string summary) => new()
    {
        ["Input.Method"] = "symposium", ["Input.HeldOn"] = "2026-03-02", ["Input.Summary"] = summary, ["Confidentiality"] = "internal",
    };

    /// <summary>A Word document as Word writes it: a ZIP with the content types and word/document.xml.</summary>
    internal static byte[] Docx()
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>") })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(text);
            }
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Minutes_in_pdf_and_word_are_stored_with_their_mark_and_opened_only_within_scope()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var saved = await client.SubmitWithFilesAsync($"/Projects/Method/{project}", Symposium("企业座谈会"),
            [new MultipartForms.Upload("Files", "纪要.pdf", MultipartForms.Pdf()), new MultipartForms.Upload("Files", "签到表.docx", Docx())]);
        Assert.True(saved.IsSuccessStatusCode);

        await using var conn = await sites.DataSource.OpenConnectionAsync();
        var files = (await conn.QueryAsync<(long Id, string ContentType, string Confidentiality, byte[] Sha256)>(
            """
            select a.id, a.content_type, p.confidentiality, a.sha256 from project_attachment p join attachment a on a.id = p.attachment_id
            where p.project_id = @project order by a.id
            """, new { project })).ToList();
        Assert.Equal(["application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"], files.Select(f => f.ContentType));
        Assert.All(files, f => Assert.Equal("internal", f.Confidentiality));
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(MultipartForms.Pdf()), files[0].Sha256);

        var page = await client.GetHtmlAsync($"/Projects/Details/{project}");
        var link = page.QuerySelector("ul.files a")!.GetAttribute("href")!;
        var download = await client.GetAsync(link);
        Assert.Equal(MultipartForms.Pdf(), await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1L, await conn.ExecuteScalarAsync<long>(
            "select count(*) from audit_log where action = 'view_attachment' and entity = 'evaluation_project' and entity_id = @id", new { id = project.ToString() }));

        await sites.DataSource.StaffAsync("waibu1", "correct horse battery", "evaluation_staff", "任丘市教育局");
        var other = sites.Admin.Browser();
        await other.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "waibu1", ["Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(link)).StatusCode);
    }
}
