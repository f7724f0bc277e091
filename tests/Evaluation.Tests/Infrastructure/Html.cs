using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Reading pages and submitting their forms as a browser without JavaScript would.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ReadHtmlAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    public static async Task<IHtmlDocument> GetHtmlAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return await response.ReadHtmlAsync();
    }

    /// <summary>
    /// Opens the page, fills the form picked by the selector (its hidden fields, such as the antiforgery token, are
    /// kept) and posts it to its action.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl,
        IReadOnlyDictionary<string, string?> fields, string formSelector = "main form[method=post]")
    {
        var page = await client.GetHtmlAsync(pageUrl);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        return await client.PostFormAsync(form, pageUrl, fields);
    }

    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, IHtmlFormElement form, string pageUrl,
        IReadOnlyDictionary<string, string?> fields)
    {
        var values = new Dictionary<string, string>();
        foreach (var hidden in form.QuerySelectorAll<IHtmlInputElement>("input[type=hidden]"))
            if (!string.IsNullOrEmpty(hidden.Name)) values[hidden.Name] = hidden.Value;
        foreach (var (name, value) in fields)
            if (value is not null) values[name] = value;
        var action = form.GetAttribute("action");
        return client.PostAsync(string.IsNullOrEmpty(action) ? pageUrl : action, new FormUrlEncodedContent(values));
    }

    public static string Text(this IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches '{selector}'");
}
