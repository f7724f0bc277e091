using Dapper;

namespace Evaluation.Shared.Data;

public static class DynamicParametersExtensions
{
    /// <summary>Adds more named values to a parameter set, e.g. a route id to a form's row.</summary>
    public static DynamicParameters With(this DynamicParameters parameters, object more)
    {
        parameters.AddDynamicParams(more);
        return parameters;
    }
}
