using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Evaluation.Shared.Web;

/// <summary>The one-line message a page shows after a redirect ("saved", "published"): kept in TempData for one
/// request, shown by the layout.</summary>
public static class FlashMessages
{
    private const string Key = "Flash";

    public static void Flash(this ITempDataDictionary tempData, string message) => tempData[Key] = message;

    public static string? TakeFlash(this ITempDataDictionary tempData) => tempData[Key] as string;
}
