namespace Liveness.Policies.Results;

/// <summary>Which session statuses are final: Face will not change the result any more.</summary>
public static class FinishedResults
{
    /// <summary>True for <c>Succeeded</c>, <c>Failed</c> and <c>Canceled</c>.</summary>
    public static bool IsFinal(string? status) => status is "Succeeded" or "Failed" or "Canceled";
}
