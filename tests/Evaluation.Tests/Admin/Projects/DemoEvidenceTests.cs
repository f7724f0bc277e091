using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Projects;

/// <summary>The finished demo evaluation's conclusions cite the evidence of its other methods (Art. 16, 19(3), 27).</summary>
public class DemoEvidenceTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task The_finished_demo_judges_its_items_on_a_case_file_review_a_data_request_a_symposium_and_a_12345_item()
    {
        Assert.True(Migrations.LoadDemoData(sites.ConnectionString).Successful);
        Assert.True(await DemoResults.EnsureAsync(sites.DataSource, sites.PersonalData, new FindingsOptions(), sites.Clock));
        var project = await sites.DataSource.ScalarAsync<long>("select id from evaluation_project where title like '%老旧小区%'");
        var (admin, _) = await sites.SignedInAsync("organizer");

        var acceptance = await admin.GetHtmlAsync($"/Projects/Conclusion/{project}/acceptance");
        Assert.Equal(Texts.Get("Conclusion.concern"), acceptance.Text("#judged .badge"));
        Assert.Contains("12/30，40.0%", acceptance.Text("#judged-evidence"));
        var purpose = await admin.GetHtmlAsync($"/Projects/Conclusion/{project}/purpose_achieved");
        Assert.Contains("52/56", purpose.Text("#judged-evidence"));
        Assert.Contains("3/4", purpose.Text("#judged-evidence"));
        var negative = await admin.GetHtmlAsync($"/Projects/Conclusion/{project}/negative_effects");
        Assert.Contains("21/47", negative.Text("#judged-evidence"));

        // Each finding is one click from its conclusion, under its record; the 12345 item (dated before the project
        // was planned, after the plan took effect) counts as information of the implementation period.
        var href = negative.QuerySelector("a.evidence-link")!.GetAttribute("href")!;
        var evidence = await admin.GetHtmlAsync(href);
        Assert.Contains("夜间施工噪声", evidence.Text("#" + href.Split('#')[1]));
        Assert.Contains(Texts.Get("InfoItem.Kind.hotline_complaint"), (await admin.GetHtmlAsync($"/Projects/Details/{project}")).Text("#information-counts"));

        // The published results quote the judged conclusions with the figures of their evidence.
        var results = await sites.Portal.Browser().GetHtmlAsync($"/Results/{project}");
        Assert.Contains("12/30", results.Text("#report-conclusions"));
    }
}
