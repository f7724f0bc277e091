using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>The methods log with its files: checked by content, stored with their checksum and a confidentiality mark.</summary>
public class MethodTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Theory]
    [InlineData("wrong_type")]
    [InlineData("too_large")]
    [InlineData("empty")]
    public async Task A_bad_file_is_refused_with_its_reason_and_nothing_is_stored(string kind)
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var (content, message) = kind switch
        {
            // A program renamed to .pdf: its first bytes say what it is.
            "wrong_type" => ((byte[])[0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00], Texts.Get("Attachment.WrongType.Document", "报告.pdf")),
            "too_large" => (MultipartForms.Pdf(10 * 1024 * 1024 + 1), Texts.Get("Attachment.TooLarge", "报告.pdf", 10)),
            _ => ((byte[])[], Texts.Get("Attachment.Empty", "报告.pdf")),
        };
        var page = await (await client.SubmitWithFilesAsync($"/Projects/Method/{project}", FileTests.Symposium("座谈会纪要正文"),
            [new MultipartForms.Upload("Files", "报告.pdf", content)])).ReadHtmlAsync();
        Assert.Contains(message, page.Body!.TextContent);
        Assert.Equal("座谈会纪要正文", page.QuerySelector("textarea[name='Input.Summary']")!.TextContent);
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from project_method where project_id = @project", new { project }));
        Assert.Equal(0L, await sites.DataSource.ScalarAsync<long>("select count(*) from project_attachment where project_id = @project", new { project }));
    }
}
