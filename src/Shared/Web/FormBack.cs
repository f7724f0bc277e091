using System.Globalization;
using System.Text.Encodings.Web;
using Evaluation.Shared.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Evaluation.Shared.Web;

/// <summary>
/// The form-back of a refused POST (503, see <see cref="Unavailable"/>): everything that was typed, in a form that
/// sends it again to where it was going. The page it came from cannot be drawn (its content may be in the database),
/// so the typed text is shown to read, copy and change; choices and tokens (the submission token makes a second send
/// find the first if it did go through) travel as hidden fields. The status page renders it (<c>_Unavailable</c>);
/// under overload the limiter writes it itself (<see cref="WritePageAsync"/>), since a rendered refusal would take the
/// CPU from the requests taken.
/// </summary>
public static class FormBack
{
    /// <summary>A posted value: shown under <see cref="Label"/>, or hidden when it has none.</summary>
    public readonly record struct Field(string Name, string Value, string? Label);

    /// <summary>The posted form, when the request is a POST of a form no larger than its page takes; null otherwise
    /// (nothing to show back, or too much to read for a refusal).</summary>
    public static async Task<IFormCollection?> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.HasFormContentType) return null;
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? BodyLimits.OpinionForm;
        if (request.ContentLength is not { } length || length > limit) return null;
        try
        {
            return await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Where the refused form was going: the re-executed request's original address on the status page, else
    /// this request's own (with its path base, as the browser sent it).</summary>
    public static string ActionOf(HttpContext context) =>
        context.Features.Get<IStatusCodeReExecuteFeature>() is { } original
            ? original.OriginalPathBase + original.OriginalPath + original.OriginalQueryString
            : context.Request.PathBase + context.Request.Path + context.Request.QueryString;

    public static IEnumerable<Field> Fields(IFormCollection form, IStringLocalizer texts)
    {
        foreach (var (name, values) in form)
            foreach (var value in values)
                if (value is not null) yield return new(name, value, Label(name, value, texts));
    }

    /// <summary>Text a person typed gets a label; everything else is a choice, a code or a token.</summary>
    private static string? Label(string name, string value, IStringLocalizer texts)
    {
        var field = name[(name.LastIndexOf('.') + 1)..];
        return field switch
        {
            "Body" => texts["Opinion.Body"].Value,
            "Name" => texts["Opinion.Name"].Value,
            "Contact" => texts["Opinion.Contact"].Value,
            _ when name.StartsWith("__", StringComparison.Ordinal) || name.EndsWith("Token", StringComparison.Ordinal) => null,
            _ when value.Length > 40 || value.Any(c => c > 127 || char.IsWhiteSpace(c)) => texts["Unavailable.Field"].Value,
            _ => null,
        };
    }

    /// <summary>The 503 page written without MVC: the message in the visitor's language, the link home, and for a POST
    /// its form back, to be sent again to where it was going (<see cref="ActionOf"/>).</summary>
    public static async Task WritePageAsync(HttpContext context, string retryAfter)
    {
        var texts = context.RequestServices.GetRequiredService<IStringLocalizer<Texts>>();
        var form = await ReadAsync(context);
        var encode = HtmlEncoder.Default;
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = retryAfter;
        response.ContentType = "text/html; charset=utf-8";
        var title = encode.Encode(texts["Status.503.Title"]);
        var language = CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : "zh-CN";
        var html = new System.Text.StringBuilder(
            $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>" +
            $"<body><main><h1>{title}</h1><p>{encode.Encode(texts["Status.503.Body"])}</p>");
        if (form is { Count: > 0 })
        {
            html.Append($"<p class=\"notice\" id=\"unavailable-kept\">{encode.Encode(texts["Unavailable.Kept"])}</p>");
            html.Append($"<form method=\"post\" action=\"{encode.Encode(ActionOf(context))}\" id=\"unavailable-form\">");
            foreach (var field in Fields(form, texts))
                html.Append(field.Label is { } label
                    ? $"<div><label>{encode.Encode(label)}<br><textarea name=\"{encode.Encode(field.Name)}\" rows=\"{(field.Value.Length > 80 ? 8 : 2)}\" cols=\"60\">{encode.Encode(field.Value)}</textarea></label></div>"
                    : $"<input type=\"hidden\" name=\"{encode.Encode(field.Name)}\" value=\"{encode.Encode(field.Value)}\">");
            html.Append($"<div><button type=\"submit\">{encode.Encode(texts["Unavailable.Resend"])}</button></div></form>");
        }
        html.Append($"<p><a href=\"{encode.Encode(context.Request.PathBase + "/")}\">{encode.Encode(texts["Status.Home"])}</a></p></main></body></html>");
        await response.WriteAsync(html.ToString(), context.RequestAborted);
    }
}
