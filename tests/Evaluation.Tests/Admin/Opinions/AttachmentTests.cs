using System.Net;
using Dapper;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Opinions;

/// <summary>A letter's scan opens, byte for byte, for those who see the opinion's department and may see personal data,
/// and each opening is audited.</summary>
public class AttachmentTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_scan_opens_within_scope_with_an_audit_entry_and_is_not_found_for_another_department()
    {
        var consultation = await sites.ConsultationAsync();
        var opinion = await sites.OpinionAsync(consultation, "来信内容");
        var scan = MultipartForms.Pdf(500);
        long attachment;
        await using (var conn = await sites.DataSource.OpenConnectionAsync())
        {
            attachment = await conn.ExecuteScalarAsync<long>(
                """
                insert into attachment (file_name, content_type, size, sha256, content)
                values ('来信扫描.pdf', 'application/pdf', @size, sha256(@scan), @scan) returning id
                """, new { size = scan.Length, scan });
            await conn.ExecuteAsync("insert into opinion_attachment (opinion_id, attachment_id) values (@opinion, @attachment)", new { opinion, attachment });
        }

        var (own, _) = await sites.SignedInAsync("evaluation_staff");
        var download = await own.GetAsync($"/Opinions/Attachment/{opinion}/{attachment}");
        Assert.Equal(scan, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'view_attachment' and entity = 'opinion' and entity_id = @id", new { id = opinion.ToString() }));

        await sites.DataSource.StaffAsync("jiaoyu.scan", "correct horse battery", "evaluation_staff", "任丘市教育局");
        var other = sites.Admin.Browser();
        await other.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "jiaoyu.scan", ["Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/Opinions/Attachment/{opinion}/{attachment}")).StatusCode);
    }
}
