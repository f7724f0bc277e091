namespace Evaluation.Analysis;

/// <summary>
/// What the findings are computed over: one consultation, every consultation of a decision, or the consultations (and
/// with them the questionnaires) linked to an evaluation project.
/// </summary>
public sealed record FindingsScope(FindingsScopeKind Kind, long Id)
{
    public static FindingsScope Consultation(long id) => new(FindingsScopeKind.Consultation, id);
    public static FindingsScope Decision(long id) => new(FindingsScopeKind.Decision, id);
    public static FindingsScope Project(long id) => new(FindingsScopeKind.Project, id);

    /// <summary>The word used in URLs, exports and the stored findings: "consultation", "decision".</summary>
    public string Name => Kind switch
    {
        FindingsScopeKind.Consultation => "consultation",
        FindingsScopeKind.Decision => "decision",
        FindingsScopeKind.Project => "project",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>Reads the word of a URL or a command line; null for anything else.</summary>
    public static FindingsScope? Parse(string? name, long id) => name switch
    {
        "consultation" => Consultation(id),
        "decision" => Decision(id),
        "project" => Project(id),
        _ => null,
    };
}

public enum FindingsScopeKind { Consultation, Decision, Project }
