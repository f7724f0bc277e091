using System.Globalization;
using System.Resources;

namespace Evaluation.Tests.Infrastructure;

/// <summary>The UI texts as the sites show them (Texts.resx, zh-CN): a test names the message it expects, so a change
/// of wording is made in one place.</summary>
public static class Texts
{
    private static readonly ResourceManager Resources =
        new("Evaluation.Shared.Resources.Texts", typeof(Evaluation.Shared.Resources.Texts).Assembly);
    private static readonly CultureInfo Chinese = new("zh-CN");

    /// <summary>The text of a key, its placeholders filled as the sites fill them.</summary>
    public static string Get(string key, params object[] args)
    {
        var text = Resources.GetString(key, Chinese) ?? throw new KeyNotFoundException($"No text '{key}' in Texts.resx");
        return args.Length == 0 ? text : string.Format(Chinese, text, args);
    }

    /// <summary>The text of a key up to its first placeholder, where what is filled in is not the point.</summary>
    public static string Start(string key)
    {
        var text = Get(key);
        return text.IndexOf('{') is var at and >= 0 ? text[..at] : text;
    }
}
