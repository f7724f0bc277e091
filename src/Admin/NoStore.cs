namespace Evaluation.Admin;

/// <summary>
/// Every Admin page, export and API answer carries personal data or internal findings: no browser or proxy keeps a
/// copy (ASVS 8.2.1). Static assets keep the caching their endpoint sets; everything else is <c>no-store</c>.
/// </summary>
public static class NoStore
{
    public static IApplicationBuilder UseNoStore(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl) || !IsStaticAsset(context))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static bool IsStaticAsset(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;
}
