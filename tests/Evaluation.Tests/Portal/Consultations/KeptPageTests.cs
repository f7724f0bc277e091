using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Evaluation.Shared.Web;
using Evaluation.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Evaluation.Tests.Portal.Consultations;

/// <summary>The consultation page is rendered once per version of its rows and then served from the kept bytes
/// (PageTemplates, issue 12): every visitor still gets their own tokens, the count of the moment, and what staff
/// changed at once.</summary>
public partial class KeptPageTests(SitesFixture sites) : IClassFixture<SitesFixture>
{
    private PageTemplates Templates => sites.Portal.Services.GetRequiredService<PageTemplates>();

    private static Dictionary<string, string?> Form(string body) => new()
    {
        ["Input.RespondentType"] = "citizen",
        ["Input.RegionCode"] = "chuan",
        ["Input.Body"] = body,
    };

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"|type=\"hidden\" name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"Input.SubmissionToken\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SubmissionField();

    private static (string Antiforgery, string Submission, string Page) Split(string html)
    {
        var antiforgery = AntiforgeryField().Match(html);
        var submission = SubmissionField().Match(html);
        Assert.True(antiforgery.Success, "the page has no antiforgery field");
        Assert.True(submission.Success, "the page has no submission token");
        var token = antiforgery.Groups[1].Success ? antiforgery.Groups[1].Value : antiforgery.Groups[2].Value;
        return (token, submission.Groups[1].Value, html.Replace(token, "ANTIFORGERY").Replace(submission.Groups[1].Value, "SUBMISSION"));
    }

    [Fact]
    public async Task A_kept_page_is_the_rendered_page_with_this_visitors_tokens_and_the_count_of_the_moment()
    {
        var consultation = await sites.ConsultationAsync(title: "保留页面的征求意见");
        var url = $"/Consultations/{consultation}";

        var before = Templates.Hits;
        var rendered = await sites.Portal.Browser().GetStringAsync(url);
        Assert.Equal(before, Templates.Hits);
        var kept = await sites.Portal.Browser().GetStringAsync(url);
        Assert.Equal(before + 1, Templates.Hits);

        var (firstToken, firstSubmission, first) = Split(rendered);
        var (secondToken, secondSubmission, second) = Split(kept);
        Assert.NotEqual(firstToken, secondToken);
        Assert.NotEqual(firstSubmission, secondSubmission);
        Assert.Equal(first, second);
        Assert.DoesNotContain("hole", kept);

        // The kept page's tokens are this visitor's own: its form is taken.
        var visitor = sites.Portal.Browser();
        var submitted = await visitor.SubmitAsync(url, Form("保留的页面也能提交意见。"));
        Assert.StartsWith("/Receipt/", submitted.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(before + 2, Templates.Hits);

        // The count moves with every opinion although nothing else on the page changed.
        var counted = await sites.Portal.Browser().GetHtmlAsync(url);
        Assert.Equal(before + 3, Templates.Hits);
        Assert.Contains(Texts.Get("Consultation.OpinionCount", 1), counted.Body!.TextContent);
    }

    [Fact]
    public async Task Amid_a_crowd_of_readers_each_view_counts_every_opinion_committed_before_it_was_asked_for()
    {
        var consultation = await sites.ConsultationAsync(title: "人多时的计数");
        var url = $"/Consultations/{consultation}";
        var heads = sites.Portal.Services.GetRequiredService<Evaluation.Shared.Data.JoinedReads<long, Evaluation.Portal.Pages.Consultations.KeptPage.Head?>>();
        var readsBefore = heads.Reads;
        using var stop = new CancellationTokenSource();
        var crowdViews = 0;
        // Eight readers keep the consultation's head being read all the time, so views share reads.
        var crowd = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var reader = sites.Portal.Browser();
            while (!stop.IsCancellationRequested)
            {
                (await reader.GetAsync(url)).EnsureSuccessStatusCode();
                Interlocked.Increment(ref crowdViews);
            }
        })).ToList();
        try
        {
            for (var n = 1; n <= 20; n++)
            {
                // Counted as the intake counts (its tally), committed before the view is asked for.
                await sites.DataSource.ExecuteAsync(
                    """
                    insert into consultation_tally as t (consultation_id, slot, opinions) values (@consultation, 0, 1)
                    on conflict (consultation_id, slot) do update set opinions = t.opinions + 1
                    """, new { consultation });
                var view = await sites.Portal.Browser().GetHtmlAsync(url);
                Assert.Contains(Texts.Get("Consultation.OpinionCount", n), view.Body!.TextContent);
            }
        }
        finally
        {
            await stop.CancelAsync();
        }
        await Task.WhenAll(crowd);
        Assert.True(crowdViews > 0);
        Assert.True(heads.Reads - readsBefore <= crowdViews + 20, $"{heads.Reads - readsBefore} reads for {crowdViews + 20} views");
    }

    [Fact]
    public async Task What_staff_change_shows_on_the_next_view()
    {
        var decision = await sites.DataSource.DecisionAsync("保留页面的决策", "任政规〔2025〕9号");
        var consultation = await sites.ConsultationAsync(decision, title: "修改前的标题");
        var url = $"/Consultations/{consultation}";
        Assert.Contains("修改前的标题", (await sites.Portal.Browser().GetHtmlAsync(url)).Body!.TextContent);
        Assert.Contains("修改前的标题", (await sites.Portal.Browser().GetHtmlAsync(url)).Body!.TextContent);

        await sites.DataSource.ExecuteAsync("update consultation set title = '修改后的标题' where id = @consultation", new { consultation });
        var retitled = (await sites.Portal.Browser().GetHtmlAsync(url)).Body!.TextContent;
        Assert.Contains("修改后的标题", retitled);
        Assert.DoesNotContain("修改前的标题", retitled);

        await sites.DataSource.ExecuteAsync("update decision set title = '修改后的决策' where id = @decision", new { decision });
        Assert.Contains("修改后的决策", (await sites.Portal.Browser().GetHtmlAsync(url)).Body!.TextContent);

        await sites.PublishedQuestionnaireAsync(consultationId: consultation, title: "新发布的问卷");
        Assert.Contains("新发布的问卷", (await sites.Portal.Browser().GetHtmlAsync(url)).Body!.TextContent);

        // Closing it (a phase of its own) takes the form away.
        await sites.DataSource.ExecuteAsync("update consultation set state = 'closed' where id = @consultation", new { consultation });
        var closed = await sites.Portal.Browser().GetHtmlAsync(url);
        Assert.Null(closed.QuerySelector("textarea[name='Input.Body']"));

        // A draft is not shown at all, kept page or not.
        await sites.DataSource.ExecuteAsync("update consultation set state = 'draft' where id = @consultation", new { consultation });
        Assert.Equal(HttpStatusCode.NotFound, (await sites.Portal.Browser().GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Each_language_and_display_mode_is_kept_apart()
    {
        var consultation = await sites.ConsultationAsync(title: "语言与显示模式");
        var url = $"/Consultations/{consultation}";
        var chinese = await sites.Portal.Browser().GetHtmlAsync(url);
        Assert.Equal("zh-CN", chinese.DocumentElement.GetAttribute("lang"));

        var english = sites.Portal.Browser();
        Assert.True((await english.GetAsync("/language?culture=en&returnUrl=%2F")).IsSuccessStatusCode);
        for (var i = 0; i < 2; i++)
        {
            var page = await english.GetHtmlAsync(url);
            Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
            Assert.Contains("0 opinions received", page.Body!.TextContent);
        }

        var large = sites.Portal.Browser();
        Assert.True((await large.GetAsync("/display?mode=large&returnUrl=%2F")).IsSuccessStatusCode);
        Assert.Contains("large", (await large.GetHtmlAsync(url)).Body!.ClassName);
        Assert.DoesNotContain("large", (await sites.Portal.Browser().GetHtmlAsync(url)).Body!.ClassName ?? "");
        Assert.Equal("zh-CN", (await sites.Portal.Browser().GetHtmlAsync(url)).DocumentElement.GetAttribute("lang"));
    }
}
