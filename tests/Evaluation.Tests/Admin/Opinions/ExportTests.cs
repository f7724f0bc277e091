using System.Text;
using Evaluation.Shared.Opinions;
using Evaluation.Shared.Respondents;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Opinions;

public class ExportTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_csv_export_opens_in_Excel_with_Chinese_intact_and_formulas_defused()
    {
        var (client, userName) = await sites.SignedInAsync("organizer");
        var consultation = await sites.ConsultationAsync();
        await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Citizen, "钱七",
            Contact.Parse("13700000000"), "chuan", "=HYPERLINK(\"http://evil\",\"点我\")", true));
        await sites.AcceptedOpinionAsync(new NewOpinion(consultation, Channels.Online, RespondentTypes.Organization, null,
            null, "qingta", "第一行\n第二行，含\"引号\"", false));

        var response = await client.GetAsync($"/Opinions/Export?consultationId={consultation}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("回执编号,提交时间,提交渠道,您的身份,姓名或单位名称,联系方式,所在地区,意见内容,办理状态,答复,答复时间", csv);
        // Masked by default; the full export is a separate, audited choice (below).
        Assert.Contains("钱*,137****0000,出岸镇", csv);
        Assert.DoesNotContain("钱七", csv);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\"", csv);
        Assert.Contains("\"第一行\n第二行，含\"\"引号\"\"\"", csv);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'export_csv' and actor_name = @userName", new { userName }));
    }

    [Fact]
    public async Task The_default_export_shows_personal_data_masked()
    {
        var (consultation, _) = await sites.OpinionThroughPortalAsync("张三丰", "13812345678");
        var (organizer, _) = await sites.SignedInAsync("organizer");
        var csv = await organizer.GetStringAsync($"/Opinions/Export?consultationId={consultation}");
        Assert.Contains("张**,138****5678", csv);
        Assert.DoesNotContain("张三丰", csv);
    }

    [Fact]
    public async Task The_full_export_is_for_the_roles_that_answer_respondents_and_is_audited_as_such()
    {
        var (consultation, _) = await sites.OpinionThroughPortalAsync("王小明", "13511112222");
        var (staff, userName) = await sites.SignedInAsync("evaluation_staff");
        var csv = await staff.GetStringAsync($"/Opinions/Export?consultationId={consultation}&full=true");
        Assert.Contains("王小明,13511112222", csv);
        Assert.Equal(1L, await sites.DataSource.ScalarAsync<long>(
            "select count(*) from audit_log where action = 'export_csv' and actor_name = @userName and after->>'full' = 'true'", new { userName }));
    }

    [Fact]
    public async Task Legal_reviewers_may_not_export_in_full()
    {
        var (consultation, _) = await sites.OpinionThroughPortalAsync("韩梅梅", "13900001111");
        var (reviewer, _) = await sites.SignedInAsync("legal_reviewer");
        var full = await reviewer.GetAsync($"/Opinions/Export?consultationId={consultation}&full=true");
        Assert.DoesNotContain("韩梅梅", await full.Content.ReadAsStringAsync());
        Assert.Equal("/Account/AccessDenied", full.RequestMessage!.RequestUri!.AbsolutePath);
    }
}
