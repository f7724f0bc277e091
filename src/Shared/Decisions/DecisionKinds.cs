namespace Evaluation.Shared.Decisions;

// The codes stored in the database; their Chinese names live in Resources/Texts.resx under "<Kind>.<code>".

public static class DecisionKinds
{
    public const string NormativeDocument = "normative_document"; // 规范性文件, Chapter 2
    public const string OtherMatter = "other_matter";             // 其他决策事项, Chapter 3
    public static readonly string[] All = [NormativeDocument, OtherMatter];
}
