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
    /// Opens the page, fills the form picked by the selector (what it already holds, such as the antiforgery token
    /// and earlier answers, is kept) and posts it to its action.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl,
        IReadOnlyDictionary<string, string?> fields, string formSelector = "main form[method=post]")
    {
        var page = await client.GetHtmlAsync(pageUrl);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        return await client.PostFormAsync(form, pageUrl, fields);
    }

    /// <summary>
    /// Posts the form as a browser would: every successful control with its current value (checked boxes, selected
    /// options, text areas, hidden fields), then the given fields on top (null removes a field).
    /// </summary>
    public static Task<HttpResponseMessage> PostFormAsync(this HttpClient client, IHtmlFormElement form, string pageUrl,
        IReadOnlyDictionary<string, string?> fields, bool ignoreAction = false)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled:
                    if (input.Type is "submit" or "button" or "image" or "reset" or "file") break;
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked) break;
                    values.Add(new(input.Name, input.Type is "checkbox" or "radio" && string.IsNullOrEmpty(input.GetAttribute("value")) ? "on" : input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    var selected = select.Options.Where(o => o.IsSelected).ToList();
                    if (selected.Count == 0 && !select.IsMultiple && select.Options.Length > 0) selected = [select.Options[0]!];
                    values.AddRange(selected.Select(o => new KeyValuePair<string, string>(select.Name, o.Value)));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }
        foreach (var (name, value) in fields)
        {
            values.RemoveAll(v => v.Key == name);
            if (value is not null) values.Add(new(name, value));
        }
        var action = form.GetAttribute("action");
        return client.PostAsync(string.IsNullOrEmpty(action) || ignoreAction ? pageUrl : action, new FormUrlEncodedContent(values));
    }

    /// <summary>
    /// Clicks a submit button as a browser would: the form goes to the button's formaction, else the form's action,
    /// else the URL the page was shown at; the button's own name and value are sent with it.
    /// </summary>
    public static Task<HttpResponseMessage> ClickAsync(this HttpClient client, IHtmlDocument page, string buttonSelector, string shownAt,
        IReadOnlyDictionary<string, string?>? fields = null)
    {
        var button = page.QuerySelector(buttonSelector) as IHtmlButtonElement
                     ?? throw new InvalidOperationException($"No button '{buttonSelector}'");
        var form = button.Form ?? throw new InvalidOperationException($"The button '{buttonSelector}' is in no form");
        var values = new Dictionary<string, string?>(fields ?? new Dictionary<string, string?>());
        if (!string.IsNullOrEmpty(button.Name)) values[button.Name] = button.Value;
        var target = button.GetAttribute("formaction") is { Length: > 0 } formAction ? formAction
            : form.GetAttribute("action") is { Length: > 0 } action ? action : shownAt;
        return client.PostFormAsync(form, target, values, ignoreAction: true);
    }

    public static string Text(this IHtmlDocument page, string selector) =>
        page.QuerySelector(selector)?.TextContent.Trim() ?? throw new InvalidOperationException($"Nothing matches '{selector}'");
}
