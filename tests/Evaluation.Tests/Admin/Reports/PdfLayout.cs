using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;

namespace Evaluation.Tests.Admin.Reports;

/// <summary>A line of a PDF page as poppler's <c>pdftotext -bbox-layout</c> finds it, in points from the top left.</summary>
public sealed record PdfLine(int Page, string Text, double XMin, double YMin, double XMax, double YMax, IReadOnlyList<PdfWord> Words)
{
    public double Height => YMax - YMin;
}

public sealed record PdfWord(string Text, double XMin, double YMin, double XMax, double YMax);

/// <summary>
/// A Word document as LibreOffice lays it out: converted to PDF once (LibreOffice is slow), then read with poppler
/// (<c>pdfinfo</c> for the page size, <c>pdftotext -bbox-layout</c> for where each line is, <c>pdffonts</c> for the
/// fonts used). Each conversion uses its own LibreOffice profile, so parallel runs do not share one. To look at the
/// documents, set EVALUATION_KEEP_PDF to a folder: each .docx and its PDF are copied there.
/// </summary>
public sealed class PdfLayout
{
    public const double PointsPerMm = 72 / 25.4;

    public required string PageSize { get; init; }
    public required int Pages { get; init; }
    public required IReadOnlyList<PdfLine> Lines { get; init; }
    public required string Fonts { get; init; }
    public required string Text { get; init; }

    public IEnumerable<PdfLine> OnPage(int page) => Lines.Where(l => l.Page == page);

    /// <summary>The first line whose text (without spaces) contains <paramref name="text"/>.</summary>
    public PdfLine Find(string text) =>
        Lines.FirstOrDefault(l => Flat(l.Text).Contains(Flat(text), StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no line holds “{text}”; the lines are:\n{string.Join("\n", Lines.Select(l => $"p{l.Page} {l.Text}"))}");

    /// <summary>A table row: the text of every line beside the first line that holds <paramref name="label"/> (the cells
    /// of a row are lines of their own), left to right, without spaces.</summary>
    public string Row(string label)
    {
        var head = Find(label);
        var middle = (head.YMin + head.YMax) / 2;
        return Flat(string.Concat(Lines.Where(l => l.Page == head.Page && l.YMin <= middle && l.YMax >= middle).OrderBy(l => l.XMin).Select(l => l.Text)));
    }

    /// <summary>Where a line is in reading order (page, then top to bottom).</summary>
    public int IndexOf(string text) => Lines.ToList().IndexOf(Find(text));

    public static string Flat(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    public static double Mm(double points) => points / PointsPerMm;

    public static async Task<PdfLayout> ConvertAsync(byte[] docx, string name)
    {
        var folder = Directory.CreateTempSubdirectory("official-doc-");
        try
        {
            var file = Path.Combine(folder.FullName, $"{name}.docx");
            await File.WriteAllBytesAsync(file, docx);
            await RunAsync("/usr/bin/soffice", $"-env:UserInstallation=file://{folder.FullName}/profile", "--headless", "--convert-to", "pdf",
                "--outdir", folder.FullName, file);
            var pdf = Path.Combine(folder.FullName, $"{name}.pdf");
            var info = await RunAsync("/usr/bin/pdfinfo", pdf);
            var bbox = Path.Combine(folder.FullName, $"{name}.html");
            await RunAsync("/usr/bin/pdftotext", "-bbox-layout", pdf, bbox);
            var keep = Environment.GetEnvironmentVariable("EVALUATION_KEEP_PDF");
            if (!string.IsNullOrEmpty(keep))
                foreach (var kept in new[] { pdf, file }) File.Copy(kept, Path.Combine(keep, Path.GetFileName(kept)), overwrite: true);
            return new PdfLayout
            {
                PageSize = info.Split('\n').First(l => l.StartsWith("Page size:", StringComparison.Ordinal))["Page size:".Length..].Trim(),
                Pages = int.Parse(info.Split('\n').First(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim(), CultureInfo.InvariantCulture),
                Lines = Parse(await File.ReadAllTextAsync(bbox)),
                Fonts = await RunAsync("/usr/bin/pdffonts", pdf),
                Text = await RunAsync("/usr/bin/pdftotext", pdf, "-"),
            };
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static List<PdfLine> Parse(string html)
    {
        // The XHTML names a DTD that nothing needs fetched.
        var doc = XDocument.Parse(System.Text.RegularExpressions.Regex.Replace(html, "<!DOCTYPE[^>]*>", ""), LoadOptions.None);
        XNamespace x = "http://www.w3.org/1999/xhtml";
        double D(XElement e, string a) => double.Parse(e.Attribute(a)!.Value, CultureInfo.InvariantCulture);
        var lines = new List<PdfLine>();
        var number = 0;
        foreach (var page in doc.Descendants(x + "page"))
        {
            number++;
            foreach (var line in page.Descendants(x + "line"))
            {
                var words = line.Elements(x + "word").Select(w => new PdfWord(w.Value, D(w, "xMin"), D(w, "yMin"), D(w, "xMax"), D(w, "yMax"))).ToList();
                lines.Add(new PdfLine(number, string.Join(" ", words.Select(w => w.Text)), D(line, "xMin"), D(line, "yMin"), D(line, "xMax"), D(line, "yMax"), words));
            }
        }
        // Reading order: by page, then from the top (pdftotext's flows may put the footer first).
        return lines.OrderBy(l => l.Page).ThenBy(l => Math.Round(l.YMin, 1)).ThenBy(l => l.XMin).ToList();
    }

    public static async Task<string> RunAsync(string file, params string[] args)
    {
        Assert.True(File.Exists(file), $"{file} is missing: test.sh installs LibreOffice Writer and poppler-utils");
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        Assert.True(process.ExitCode == 0, $"{file} exited with {process.ExitCode}: {await errors}");
        return await output;
    }
}
