namespace Evaluation.Admin.Pages.Projects;

/// <summary>
/// What of a project may still change once it moved on. The data the conclusions rest on (plan, survey outline, methods,
/// linked consultations, conclusions) only in preparation and implementation (<see cref="ProjectStages.DataOpen"/>); the
/// team also in the conclusion stage, because the experts who review the report (论证, Art. 20) are its members. Once the
/// report went to legality review (Art. 24) nothing of it changes: a returned report brings the project back to the
/// conclusion stage.
/// </summary>
public static class StageLocks
{
    public static bool TeamOpen(string stage) => ProjectStages.DataOpen(stage) || stage == ProjectStages.Conclusion;
}
