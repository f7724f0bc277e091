namespace Evaluation.Analysis;

/// <summary>
/// What of the findings may leave the evaluators' hands (Art. 7): a group smaller than the minimum cell size could
/// point at the few people in it, so its figures are removed and only the mark "suppressed" stays. Every export and
/// the public results take the findings through here; the Admin page shows the figures with the mark. The group
/// tests need nothing removed here: the engine tests only the groups that are not suppressed (FindingsEngine.Breakdown),
/// so no test statistic carries a suppressed group's answers.
/// </summary>
public static class FindingsPublication
{
    private static readonly LikertSummary Blank = new(0, 0, [0, 0, 0, 0, 0], null, null, null, null, null, null, null);

    public static Findings ForPublication(this Findings findings) => findings with
    {
        Criteria = findings.Criteria.Select(c => c with { Items = c.Items.Select(Publishable).ToList() }).ToList(),
        UntaggedItems = findings.UntaggedItems.Select(Publishable).ToList(),
    };

    private static ItemFinding Publishable(ItemFinding item) => item with
    {
        Groups = item.Groups.Select(g => g with
        {
            Rows = g.Rows.Select(r => r.Suppressed ? r with { Summary = Blank } : r).ToList(),
        }).ToList(),
    };
}
