using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Evaluation.Shared.Web;

/// <summary>
/// Request body limits per endpoint, declared with [RequestSizeLimit] on a page model. Over the limit the client gets
/// the 413 page in Chinese, not a reset connection or a generic error: a body announced too large is refused before
/// it is read, and one that grows too large while read (chunked) stops with 413.
/// </summary>
public static class BodyLimits
{
    /// <summary>The opinion form: 5000 characters of Chinese, percent-encoded, fit with room to spare.</summary>
    public const long OpinionForm = 64 * 1024;
    /// <summary>A questionnaire page: several long texts of 5000 characters, percent-encoded.</summary>
    public const long QuestionnairePage = 512 * 1024;
    /// <summary>Small forms: a receipt number, a user name and password.</summary>
    public const long SmallForm = 8 * 1024;

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: { } max })
        {
            if (context.Request.ContentLength > max)
            {
                // Not read; the server drains it after the response (within its own global limit), so the
                // connection stays usable and the client reads the page.
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = max;
            // A chunked form is read here, within the limit: read later by the antiforgery check, the overflow would
            // be reported as a bad token (400). The form stays cached for the page.
            if (context.Request.ContentLength is null && context.Request.HasFormContentType)
            {
                try
                {
                    await context.Request.ReadFormAsync(context.RequestAborted);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    return;
                }
            }
        }
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
    });
}
