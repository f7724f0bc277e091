namespace Evaluation.Shared.Feedback;

/// <summary>A consultation is a window staff open (征求意见), or the standing channel of a decision in force that takes
/// tracking feedback (跟踪反馈, Art. 9, 11) for as long as the decision is in force.</summary>
public static class ConsultationKinds
{
    public const string Window = "window";
    public const string Standing = "standing";
}
