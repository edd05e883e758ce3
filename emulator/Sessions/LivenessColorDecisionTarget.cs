namespace Liveness.Emulator.Sessions;

internal sealed record LivenessColorDecisionTarget(FaceRectangle FaceRectangle);
