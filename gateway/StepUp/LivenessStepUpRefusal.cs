namespace Liveness.Gateway.StepUp;

/// <summary>Why a gated request was not let through (an <see cref="HttpContext"/> feature, read by <see cref="StepUpResultHandler"/>).</summary>
/// <param name="MaxAge">The policy's <c>MaxAge</c>, announced in the step-up challenge.</param>
/// <param name="StoreUnavailable">True when the verdicts could not be read (fail closed: 503, not a challenge).</param>
internal sealed record LivenessStepUpRefusal(TimeSpan MaxAge, bool StoreUnavailable);
