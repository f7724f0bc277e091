using System.Net;
using Evaluation.Tests.Infrastructure;

namespace Evaluation.Tests.Admin.Questionnaires;

public class PreviewTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    [Fact]
    public async Task A_published_version_is_previewed_as_respondents_see_it()
    {
        var id = await sites.PublishedQuestionnaireAsync(QuestionnaireData.OnePage(), title: "预览的问卷");
        var (admin, _) = await sites.SignedInAsync("evaluation_staff");

        var version = await admin.GetHtmlAsync($"/Questionnaires/Preview/{id}?version=1");
        Assert.Equal("预览的问卷", version.Text("h1"));
        Assert.Contains(Texts.Get("Questionnaire.PreviewVersion", 1), version.Body!.TextContent);
        Assert.Contains("总体满意度", version.Text("form[data-questionnaire]"));

        var working = await admin.GetHtmlAsync($"/Questionnaires/Preview/{id}");
        Assert.Contains(Texts.Get("Questionnaire.PreviewWorking"), working.Body!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Questionnaires/Preview/{id}?version=9")).StatusCode);
    }
}
