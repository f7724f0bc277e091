using AngleSharp.Html.Dom;

namespace Evaluation.Tests.Infrastructure;

/// <summary>Posting a form with files (multipart/form-data), as a browser does on a form with a file input.</summary>
public static class MultipartForms
{
    public sealed record Upload(string Field, string FileName, byte[] Content, string ContentType = "application/octet-stream");

    /// <summary>Opens the page and posts its form with every control's value (antiforgery token included), the given
    /// fields on top, and the files.</summary>
    public static async Task<HttpResponseMessage> SubmitWithFilesAsync(this HttpClient client, string pageUrl,
        IReadOnlyDictionary<string, string?> fields, IEnumerable<Upload> files, string formSelector = "main form[method=post]")
    {
        var page = await client.GetHtmlAsync(pageUrl);
        var form = page.QuerySelector(formSelector) as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        return await client.PostWithFilesAsync(form, pageUrl, fields, files);
    }

    public static Task<HttpResponseMessage> PostWithFilesAsync(this HttpClient client, IHtmlFormElement form, string pageUrl,
        IReadOnlyDictionary<string, string?> fields, IEnumerable<Upload> files)
    {
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && input.Type is not ("submit" or "button" or "file"):
                    if (input.Type is "checkbox" or "radio" && !input.IsChecked) break;
                    values.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name):
                    var selected = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options.FirstOrDefault();
                    if (selected is not null) values.Add(new(select.Name, selected.Value));
                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }
        foreach (var (name, value) in fields)
        {
            values.RemoveAll(v => v.Key == name);
            if (value is not null) values.Add(new(name, value));
        }
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in values) content.Add(new StringContent(value), name);
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }
        var action = form.GetAttribute("action");
        return client.PostAsync(string.IsNullOrEmpty(action) ? pageUrl : action, content);
    }

    /// <summary>The smallest files of each kind the checks accept: their first bytes are what counts.</summary>
    public static byte[] Pdf(int padding = 100) => [.. "%PDF-1.4\n"u8.ToArray(), .. new byte[padding]];
    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
    public static byte[] Jpeg() => [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
}
