namespace Evaluation.Analysis;

/// <summary>
/// Art. 19(3): the implementation-stage findings — participation, figures per evaluation standard, groups, text
/// themes, campaigns and preliminary conclusions — are computed here (see the analysis issue).
/// </summary>
public static class Findings;
