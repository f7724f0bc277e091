using System.Diagnostics;
using System.Text.Json;

namespace Evaluation.Tests.Infrastructure;

/// <summary>
/// Runs a Python snippet on Debian's Python, where python3-scipy is installed (test.sh installs it), as an
/// independent reference for the statistics: the input goes in as JSON on stdin (the snippet reads it as
/// <c>data</c>), the snippet prints one JSON value, which comes back. A failing snippet fails the test with its stderr.
/// </summary>
public static class Scipy
{
    private const string Prelude =
        """
        import json, sys
        import numpy as np
        import scipy
        from scipy import stats
        data = json.load(sys.stdin)
        def emit(value):
            # numpy scalars and arrays as plain numbers and lists
            print(json.dumps(value, default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))

        """;

    public static JsonElement Run(string script, object input)
    {
        // Debian's Python, not one of a version manager on the PATH (which has no scipy).
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Prelude + script);
        using var process = Process.Start(start)!;
        // Read both streams at once: a snippet that fills one pipe while we wait on the other would hang.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(input));
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the scipy snippet ran longer than two minutes");
        }
        if (process.ExitCode != 0) Assert.Fail($"the scipy snippet failed ({process.ExitCode}): {stderr.Result}");
        return JsonDocument.Parse(stdout.Result).RootElement.Clone();
    }

    public static double[] Doubles(this JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();
}
