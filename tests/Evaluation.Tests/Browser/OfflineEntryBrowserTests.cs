using Evaluation.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Evaluation.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class OfflineEntryBrowserTests(BrowserFixture sites) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Staff_record_a_letter_with_its_scan_in_a_browser_fix_a_mistake_and_print_the_receipt()
    {
        var consultation = await sites.ConsultationAsync(title: "《重大行政决策后评估办法》征求意见");
        await sites.DataSource.StaffAsync("luru", "entry password", "evaluation_staff");
        var scan = Path.Combine(Path.GetTempPath(), $"scan-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(scan, MultipartForms.Pdf(4000));

        var page = await sites.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add(m.Text); };
        page.PageError += (_, e) => problems.Add(e);
        await page.GotoAsync($"{sites.AdminUrl}/Account/Login?ReturnUrl=/Consultations/Details/{consultation}");
        await page.GetByLabel("用户名").FillAsync("luru");
        await page.GetByLabel("密码").FillAsync("entry password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.ClickAsync("#record-offline");

        // A mistake first: no text. The message is beside the field and what was typed stays.
        await page.FillAsync("#Input_Name", "王建国");
        await page.FillAsync("#Input_ContactAsGiven", "任丘市新华路12号");
        await page.SetInputFilesAsync("#Scans", scan);
        await page.ClickAsync("#record");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Body']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#Input_Name")).ToHaveValueAsync("王建国");
        await BrowserFixture.SnapAsync(page, "offline-entry-error");

        await page.FillAsync("#Input_Body", "建议在各乡镇设立政策咨询窗口，方便老年人当面反映意见。");
        await page.SetInputFilesAsync("#Scans", scan);
        await page.ClickAsync("#record");
        await page.WaitForURLAsync("**/Opinions/PrintReceipt/**");
        await Assertions.Expect(page.Locator("#receipt-number")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\w{4}-\w{4}-\w{4}$"));
        await BrowserFixture.SnapAsync(page, "offline-receipt-a4");
        await page.ClickAsync("#size-slip");
        await BrowserFixture.SnapAsync(page, "offline-receipt-slip");
        await page.GotoAsync($"{sites.AdminUrl}/Opinions?consultationId={consultation}");
        await page.ClickAsync("table a");
        await Assertions.Expect(page.Locator("#attachments")).ToContainTextAsync(Path.GetFileName(scan));
        await BrowserFixture.SnapAsync(page, "offline-opinion");
        File.Delete(scan);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
