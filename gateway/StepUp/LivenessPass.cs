using Liveness.Policies.Verdicts;

namespace Liveness.Gateway.StepUp;

/// <summary>The pass a gated request was let through on (an <see cref="HttpContext"/> feature), for the assertion forwarded with it.</summary>
/// <param name="Verdict">The owner's verdict that qualified.</param>
/// <param name="PolicyName">The liveness policy it qualified for.</param>
internal sealed record LivenessPass(LivenessVerdict Verdict, string PolicyName);
