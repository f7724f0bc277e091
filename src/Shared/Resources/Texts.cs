using System.Resources;

[assembly: NeutralResourcesLanguage("zh-CN")]

namespace Evaluation.Shared.Resources;

/// <summary>Marker for the shared UI texts in Texts.resx (zh-CN, the neutral language); Texts.en.resx may follow.</summary>
public sealed class Texts;
