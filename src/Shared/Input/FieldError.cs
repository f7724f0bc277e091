namespace Evaluation.Shared.Input;

/// <summary>A message for one field of a form: a key in Texts.resx and the values it is formatted with.</summary>
public sealed record FieldError(string Field, string MessageKey, params object[] Args);
