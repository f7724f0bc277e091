using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Evaluation.Analysis;
using Evaluation.Cli;
using Evaluation.Shared.Data;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>Both sites with the demo loaded (every kind of page has something to show).</summary>
public sealed class DemoBrowserFixture : BrowserFixture
{
    // The Portal as run.sh runs it: with the proof-of-work captcha's widget on the forms.
    protected override void ConfigurePortal(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        builder.UseSetting("Captcha:Provider", "ProofOfWork");
        builder.UseSetting("Captcha:ProofOfWork:HmacKey", "test-key-0123456789abcdef0123456789");
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (!Migrations.LoadDemoData(ConnectionString).Successful) throw new InvalidOperationException("demo data did not load");
        await Migrations.PublishDemoQuestionnairesAsync(ConnectionString);
        await DemoProject.EnsureAsync(DataSource, PersonalData, Now);
        await DemoResults.EnsureAsync(DataSource, PersonalData, new FindingsOptions(), Clock);
    }
}

/// <summary>
/// WCAG 2.1 AA (issue 14): axe-core (Deque's engine, run in Debian's Chromium through Playwright) checks every page
/// of both sites, the staff site signed in as an administrator, and finds nothing. The pages are found as a user finds
/// them, by following the links from the home page (one page of each route), plus the pages only a form leads to.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AccessibilityTests(DemoBrowserFixture sites) : IClassFixture<DemoBrowserFixture>
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    // Files and actions, not pages: downloads (the legality opinion is one), exports, sign-out.
    [GeneratedRegex(@"(Download|Export|File|Attachment|Logout|Reviews/Opinion/|\.csv|\.json|\.xlsx|\.docx|/api/)", RegexOptions.IgnoreCase)]
    private static partial Regex NotAPage();

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [Fact]
    public async Task Every_portal_page_passes_axe_at_wcag_21_aa()
    {
        var receipt = await sites.DataSource.ScalarAsync<string>("select receipt_number from opinion order by id limit 1");
        var questionnaire = await sites.DataSource.ScalarAsync<long>("select id from questionnaire where current_version_id is not null order by id limit 1");
        var page = await sites.NewPageAsync(bypassCsp: true);
        var report = await CrawlAsync(page, sites.PortalUrl, ["/", $"/Receipt/{receipt}", $"/Questionnaires/{questionnaire}", "/Status?code=404"]);
        var violations = new StringBuilder(report.Violations);

        // The pages only a form leads to: a look-up's answer, the opinion form with its error messages, a questionnaire's
        // first page of questions and its errors.
        await page.GotoAsync($"{sites.PortalUrl}/Lookup");
        await page.FillAsync("input[name=ReceiptNumber]", receipt);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync("#lookup-result");
        violations.Append(Describe("/Lookup (answer)", await page.RunAxe(Wcag21AA)));

        var consultation = await sites.DataSource.ScalarAsync<long>("select id from consultation where state = 'open' and kind <> 'standing' order by id limit 1");
        await page.GotoAsync($"{sites.PortalUrl}/Consultations/{consultation}");
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync("[aria-invalid=true]");
        violations.Append(Describe($"/Consultations/{consultation} (errors)", await page.RunAxe(Wcag21AA)));

        await page.GotoAsync($"{sites.PortalUrl}/Questionnaires/{questionnaire}");
        await page.ClickAsync("main form button[type=submit] >> nth=0");
        await page.WaitForSelectorAsync("[aria-invalid=true]");
        violations.Append(Describe($"/Questionnaires/{questionnaire} (errors)", await page.RunAxe(Wcag21AA)));
        await page.CheckAsync("input[name='Input.RespondentType'][value=citizen]");
        await page.SelectOptionAsync("select[name='Input.RegionCode']", new SelectOptionValue { Index = 1 });
        await page.ClickAsync("main form button[type=submit] >> nth=0");
        await page.WaitForSelectorAsync("button[name=nav]");
        violations.Append(Describe($"/Questionnaires/{questionnaire}/Answer", await page.RunAxe(Wcag21AA)));
        await page.ClickAsync("button[name=nav] >> nth=0");
        await page.WaitForSelectorAsync("button[name=nav]");
        violations.Append(Describe($"/Questionnaires/{questionnaire}/Answer (after next)", await page.RunAxe(Wcag21AA)));

        Assert.True(violations.Length == 0, $"{report.Pages + 5} Portal pages scanned:\n{violations}");
        Assert.True(report.Pages >= 10, $"only {report.Pages} Portal pages found");
    }

    [Fact]
    public async Task Every_admin_page_signed_in_passes_axe_at_wcag_21_aa()
    {
        await sites.DataSource.StaffAsync("axe.admin", "correct horse battery", "administrator");
        var page = await sites.NewPageAsync(bypassCsp: true);
        await page.GotoAsync($"{sites.AdminUrl}/Account/Login");
        var login = await page.RunAxe(Wcag21AA);
        await page.FillAsync("input[name=UserName]", "axe.admin");
        await page.FillAsync("input[name=Password]", "correct horse battery");
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync($"{sites.AdminUrl}/");
        var report = await CrawlAsync(page, sites.AdminUrl, ["/"]);
        var violations = Describe("/Account/Login", login) + report.Violations;
        Assert.True(violations.Length == 0, $"{report.Pages + 1} Admin pages scanned:\n{violations}");
        Assert.True(report.Pages >= 30, $"only {report.Pages} Admin pages found");
    }

    private static async Task<(int Pages, string Violations)> CrawlAsync(IPage page, string origin, string[] seeds)
    {
        var seen = new HashSet<string>();
        var queue = new Queue<string>(seeds);
        var violations = new StringBuilder();
        var pages = 0;
        while (queue.TryDequeue(out var path) && pages < 120)
        {
            var route = Digits().Replace(path.Split('?', '#')[0], "{n}");
            if (!seen.Add(route)) continue;
            var response = await page.GotoAsync(origin + path);

            if (response is null || !response.Ok || !(response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)))
                continue;
            pages++;
            violations.Append(Describe(path, await page.RunAxe(Wcag21AA)));

            foreach (var href in await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.getAttribute('href'))"))
            {
                if (string.IsNullOrEmpty(href) || !href.StartsWith('/') || href.StartsWith("//", StringComparison.Ordinal) || NotAPage().IsMatch(href)) continue;
                queue.Enqueue(href);
            }
        }
        return (pages, violations.ToString());
    }

    private static string Describe(string path, AxeResult result) =>
        string.Concat(result.Violations.Select(v =>
            $"{path}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString() + " " + n.Html))}\n"));
}
