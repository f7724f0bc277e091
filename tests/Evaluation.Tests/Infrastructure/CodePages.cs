using System.Runtime.CompilerServices;
using System.Text;

namespace Evaluation.Tests.Infrastructure;

internal static class CodePages
{
    /// <summary>The Chinese code pages before any test touches MimeKit, which remembers a charset it could not find
    /// (the mail worker registers them the same way when its assembly loads).</summary>
    [ModuleInitializer]
    internal static void Register() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
}
