using System.Globalization;
using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Evaluation.Shared.Resources;

/// <summary>Marker for the shared UI texts in Texts.resx (zh-CN, the neutral language); Texts.en.resx may follow.</summary>
public sealed class Texts
{
    private static readonly ResourceManager Resources = new("Evaluation.Shared.Resources.Texts", typeof(Texts).Assembly);

    /// <summary>A text in the current UI culture, for code that has no localizer (domain rules, exports).</summary>
    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>A text in the neutral language (zh-CN), for what is stored in the database or in a file that outlives the
    /// request (option labels frozen with a questionnaire version).</summary>
    public static string Neutral(string key) => Resources.GetString(key, CultureInfo.InvariantCulture) ?? key;

    /// <summary>A localizer over these texts for code outside a site (the command line), as the sites' DI gives one.</summary>
    public static Microsoft.Extensions.Localization.IStringLocalizer<Texts> Localizer() =>
        new Microsoft.Extensions.Localization.StringLocalizer<Texts>(new Microsoft.Extensions.Localization.ResourceManagerStringLocalizerFactory(
            Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Localization.LocalizationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
}
