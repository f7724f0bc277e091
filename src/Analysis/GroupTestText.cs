using System.Globalization;
using Evaluation.Shared.Resources;
using Microsoft.Extensions.Localization;

namespace Evaluation.Analysis;

/// <summary>
/// How a group test reads, on the findings page and in the report alike: the test as named in README (Analysis), its
/// p as <see cref="Statistics.FormatP(double)"/> shows it, the Holm-adjusted p with the size of its family, and
/// whether the groups differ at Alpha on the adjusted p.
/// </summary>
public static class GroupTestText
{
    public static string Describe(TestResult t, IStringLocalizer<Texts> texts, double alpha)
    {
        var invariant = CultureInfo.InvariantCulture;
        var test = t.Method switch
        {
            "fisher" => texts["Findings.Fisher", Statistics.FormatP(t.P)].Value,
            "monte_carlo" => texts["Findings.MonteCarlo", (t.Statistic ?? 0).ToString("0.00", invariant), (t.Draws ?? 0).ToString("N0", invariant),
                (t.Seed ?? 0).ToString(invariant), Statistics.FormatP(t.P)].Value,
            _ => texts["Findings.ChiSquare", (t.Statistic ?? 0).ToString("0.00", invariant), t.DegreesOfFreedom ?? 0, Statistics.FormatP(t.P)].Value,
        };
        var adjusted = t.AdjustedP is { } a ? texts["Findings.GroupTest.AdjustedP", Statistics.FormatP(a), t.Family ?? 1].Value : "";
        return test + adjusted + texts[t.Differs(alpha) ? "Findings.GroupsDiffer" : "Findings.GroupsAlike"].Value;
    }
}
