namespace Liveness.Emulator.Sessions;

/// <summary>
/// The face found in the verify image. The real service sends <c>referenceType: "image"</c> (outside the
/// spec's enum) in the create response and omits it on later GETs; <see cref="ReferenceType"/> is null then.
/// </summary>
internal sealed record LivenessWithVerifyReference(string? ReferenceType, FaceRectangle FaceRectangle, string QualityForRecognition);
