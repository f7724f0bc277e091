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

    [Fact]
    public async Task Art_27s_document_review_and_cost_benefit_statistics_are_offered_and_stored_and_no_state_secret_mark()
    {
        var (client, _) = await sites.SignedInAsync("evaluation_staff");
        var project = await sites.DataSource.ProjectAsync(await sites.DataSource.DecisionAsync());
        var form = await client.GetHtmlAsync($"/Projects/Method/{project}");
        var methods = form.QuerySelectorAll("#Input_Method option").Select(o => o.TextContent.Trim()).ToList();
        Assert.Contains("文件资料审读", methods);
        Assert.Contains("成本效益统计", methods);
        var marks = form.QuerySelectorAll("#Confidentiality option").Select(o => o.GetAttribute("value")).ToList();
        Assert.DoesNotContain("state_secret", marks);
        Assert.Contains("commercial_secret", marks);

        foreach (var method in new[] { "document_review", "cost_benefit_statistics" })
        {
            var fields = FileTests.Symposium($"{method} 的记录");
            fields["Input.Method"] = method;
            await client.SubmitWithFilesAsync($"/Projects/Method/{project}", fields, []);
        }
        await using var conn = await sites.DataSource.OpenConnectionAsync();
        Assert.Equal(["cost_benefit_statistics", "document_review"], await Dapper.SqlMapper.QueryAsync<string>(conn,
            "select method from project_method where project_id = @project order by method", new { project }));
    }
}
