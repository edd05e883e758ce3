namespace Liveness.Emulator.Sessions;

/// <summary>Where an attempt came from (v1.3-preview.1 <c>clientInformation</c> item).</summary>
internal sealed record ClientInformation(string Ip);
