namespace Evaluation.Shared.Respondents;

/// <summary>What enterprises say of themselves when they answer: industry (GB/T 4754-2017 sections) and size.</summary>
public static class Enterprises
{
    public static readonly string[] Industries = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T"];
    public static readonly string[] Sizes = ["large", "medium", "small", "micro"];
}
