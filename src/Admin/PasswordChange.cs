namespace Evaluation.Admin;

/// <summary>
/// A password generated for a new account or reset by someone else is known to more than its holder: until the holder
/// changes it, every Admin page leads to the password change (ASVS 2.1.x). The account's flag is read with the session
/// check of each request (<see cref="StaffAccess"/>).
/// </summary>
public static class PasswordChange
{
    public const string Required = "evaluation.password_change_required";
    public const string Page = "/Account/ChangePassword";

    public static bool IsRequired(this HttpContext context) => context.Items.ContainsKey(Required);

    public static IApplicationBuilder UsePasswordChangeRequired(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (!context.IsRequired() || Allowed(context)) return next(context);
        context.Response.Redirect(Page);
        return Task.CompletedTask;
    });

    private static bool Allowed(HttpContext context) =>
        context.Request.Path.StartsWithSegments(Page, StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/Account/Logout", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/Status", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/Error", StringComparison.OrdinalIgnoreCase)
        || context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is not null;
}
