using Evaluation.Admin;

namespace Evaluation.Tests.Admin;

/// <summary>Issue 13, item 3: Admin warns at start when it serves plain HTTP beyond this machine, where sign-in cookies
/// would cross the network unencrypted.</summary>
public class PlainHttpWarningTests
{
    [Theory]
    [InlineData("http://0.0.0.0:5081", true)]
    [InlineData("http://*:5081", true)]
    [InlineData("http://+:5081", true)]
    [InlineData("http://10.1.2.3:5081", true)]
    [InlineData("http://admin.renqiu.example:5081", true)]
    [InlineData("http://127.0.0.1:5081", false)]
    [InlineData("http://[::1]:5081", false)]
    [InlineData("http://localhost:5081", false)]
    [InlineData("https://10.1.2.3:5081", false)]
    public void Plain_http_beyond_loopback_is_warned_of(string url, bool warned) =>
        Assert.Equal(warned, StaffAccess.PlainHttpBeyondLoopback([url]).Any());
}
