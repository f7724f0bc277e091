namespace Evaluation.Admin;

/// <summary>
/// Where the Portal is, for the links Admin hands out (questionnaire invitations). Configuration key <c>PortalUrl</c>;
/// checked at start, so a missing or relative value stops Admin instead of silently producing links that lead
/// nowhere.
/// </summary>
public sealed class PortalLinks
{
    public string PortalUrl { get; set; } = "";

    public bool IsValid() => Uri.TryCreate(PortalUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>An absolute address on the Portal for a path such as "/Questionnaires/5".</summary>
    public string To(string pathAndQuery) => PortalUrl.TrimEnd('/') + pathAndQuery;
}

public static class PortalLinksRegistration
{
    public static IServiceCollection AddPortalLinks(this IServiceCollection services)
    {
        services.AddOptions<PortalLinks>().BindConfiguration("")
            .Validate(o => o.IsValid(), "PortalUrl must be the Portal's absolute address (http or https), e.g. http://127.0.0.1:5080")
            .ValidateOnStart();
        return services;
    }
}
