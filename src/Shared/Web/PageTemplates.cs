using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Evaluation.Shared.Web;

/// <summary>
/// A value that differs from one visitor to the next on a page that is otherwise the same for all: the form's
/// antiforgery token, its submission token, a count that moves with every opinion. <see cref="Shown"/> is what the
/// page writes for it (the value itself when that is unique on the page, such as a token; otherwise a marker from
/// <see cref="PageTemplates.Marker"/>), <see cref="Value"/> what this visitor gets.
/// </summary>
public readonly record struct Hole(string Name, string Shown, string Value);

/// <summary>
/// Pages that every visitor sees alike, rendered once and then served as bytes (issue 12: the consultation page is
/// read by a crowd). The first request for a key renders the page as usual, with its <see cref="Hole"/>s; the
/// output is kept, cut at the holes, and the next requests for that key get the kept bytes with their own values in
/// the holes: no MVC, no Razor, the same HTML (<see cref="TryWriteAsync"/>, called by the page's own middleware).
/// <para>The key names everything the page shows: the page and its id, a version of the rows it shows (their
/// <c>xmin</c>: any change by staff makes a new key at once), the language, the display mode, the phase. Requests with
/// a query string, and anything but a plain 200, are rendered every time. Entries are dropped after
/// <see cref="Idle"/> without use and the whole cache holds at most <see cref="SizeLimit"/> bytes.</para>
/// </summary>
public sealed class PageTemplates : IDisposable
{
    public const long SizeLimit = 64 * 1024 * 1024;
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = SizeLimit });
    private readonly string _markerPrefix = "hole" + Guid.NewGuid().ToString("N");

    /// <summary>How many requests were answered from a kept page (for tests and the benchmark).</summary>
    public long Hits => Interlocked.Read(ref _hits);
    private long _hits;

    /// <summary>A marker for a hole whose value is not unique on the page (a number): letters and digits only, so that
    /// HTML encoding leaves it as it is.</summary>
    public string Marker(string name) => _markerPrefix + name;

    /// <summary>The key of a page as this request sees it, or null when it must be rendered every time.</summary>
    public static string? KeyFor(HttpContext context, string page, string version)
    {
        if (context.Request.QueryString.HasValue) return null;
        // The path as requested: the header's links back to this page (language, display mode) are written with it.
        return string.Join('|', page, context.Request.Path.Value, version, CultureInfo.CurrentUICulture.Name, DisplayMode.IsLarge(context) ? DisplayMode.Large : "standard");
    }

    /// <summary>The antiforgery token of this request's form, as a hole (the token is unique on the page).</summary>
    public static Hole AntiforgeryHole(HttpContext context)
    {
        var token = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken!;
        return new("antiforgery", token, token);
    }

    /// <summary>Writes the kept page for <paramref name="key"/> with this request's <paramref name="holes"/>, when there
    /// is one; false when the page must be rendered (a null key: every time). Called before MVC: the page is answered
    /// without routing to it.</summary>
    public async Task<bool> TryWriteAsync(HttpContext context, string? key, params Hole[] holes)
    {
        if (key is null || !_cache.TryGetValue(key, out Template? kept)) return false;
        Interlocked.Increment(ref _hits);
        await WriteAsync(context.Response, kept!, holes);
        return true;
    }

    /// <summary>Asks for this request's page, rendered as usual, to be kept for <paramref name="key"/> (null: not
    /// kept), cut at its <paramref name="holes"/>.</summary>
    public static void Keep(HttpContext context, string? key, params Hole[] holes)
    {
        if (key is not null) context.Features.Set(new Request(key, holes));
    }

    private sealed record Request(string Key, Hole[] Holes);

    private sealed record Template(byte[] Bytes, (int Start, int Length)[] Segments, string[] HoleNames);

    /// <summary>The result filter (registered for every Razor page) that keeps the pages that asked for it with
    /// <see cref="Keep"/>.</summary>
    public sealed class Filter(PageTemplates templates, IOptions<AntiforgeryOptions> antiforgery) : IAsyncResultFilter
    {
        public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
        {
            var http = context.HttpContext;
            if (http.Features.Get<Request>() is not { } request || context.Result is not PageResult)
            {
                await next();
                return;
            }
            var response = http.Response;
            var original = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await next();
            }
            finally
            {
                response.Body = original;
            }
            var bytes = buffer.ToArray();
            if (response.StatusCode != StatusCodes.Status200OK || !OnlyAntiforgeryCookie(response))
            {
                await original.WriteAsync(bytes, http.RequestAborted);
                return;
            }
            var template = Cut(bytes, request.Holes);
            templates._cache.Set(request.Key, template, new MemoryCacheEntryOptions { Size = bytes.Length, SlidingExpiration = Idle });
            await WriteAsync(response, template, request.Holes);
        }

        /// <summary>The only cookie a kept page may come with is the antiforgery cookie, which every visitor gets
        /// anew (GetAndStoreTokens); anything else set while rendering belongs to this visitor alone.</summary>
        private bool OnlyAntiforgeryCookie(HttpResponse response) =>
            response.Headers.SetCookie.All(c => c is not null && c.StartsWith(antiforgery.Value.Cookie.Name + "=", StringComparison.Ordinal));
    }

    /// <summary>The page cut at every place a hole's shown text occurs.</summary>
    private static Template Cut(byte[] bytes, Hole[] holes)
    {
        var found = new List<(int At, int Length, string Name)>();
        foreach (var hole in holes)
        {
            var shown = Encoding.UTF8.GetBytes(hole.Shown);
            for (int from = 0, at; (at = bytes.AsSpan(from).IndexOf(shown)) >= 0; from += at + shown.Length)
                found.Add((from + at, shown.Length, hole.Name));
        }
        found.Sort((a, b) => a.At.CompareTo(b.At));
        var segments = new (int, int)[found.Count + 1];
        var start = 0;
        for (var i = 0; i < found.Count; i++)
        {
            segments[i] = (start, found[i].At - start);
            start = found[i].At + found[i].Length;
        }
        segments[^1] = (start, bytes.Length - start);
        return new(bytes, segments, found.Select(f => f.Name).ToArray());
    }

    private static async Task WriteAsync(HttpResponse response, Template template, Hole[] holes)
    {
        var values = new byte[template.HoleNames.Length][];
        long length = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var name = template.HoleNames[i];
            values[i] = Encoding.UTF8.GetBytes(Array.Find(holes, h => h.Name == name).Value ?? "");
            length += values[i].Length;
        }
        foreach (var (_, segmentLength) in template.Segments) length += segmentLength;
        response.ContentType = "text/html; charset=utf-8";
        response.ContentLength = length;
        var writer = response.BodyWriter;
        for (var i = 0; i < template.Segments.Length; i++)
        {
            var (start, segmentLength) = template.Segments[i];
            writer.Write(template.Bytes.AsSpan(start, segmentLength));
            if (i < values.Length) writer.Write(values[i]);
        }
        await writer.FlushAsync(response.HttpContext.RequestAborted);
    }

    public void Dispose() => _cache.Dispose();
}
