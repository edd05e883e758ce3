namespace Liveness.Emulator.Edge;

/// <summary>
/// The Face API versions the emulator serves for the liveness operations: <c>v1.2</c> (GA) and <c>v1.3-preview.1</c>,
/// whose paths are the same and whose creates and results add Face's abuse monitoring.
/// </summary>
internal enum FaceApiVersion
{
    V1_2,
    V1_3Preview1,
}
