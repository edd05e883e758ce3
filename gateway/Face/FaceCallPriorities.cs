namespace Liveness.Gateway.Face;

/// <summary>How a request to Face carries its <see cref="FaceCallPriority"/> (<see cref="HttpRequestMessage.Options"/>).</summary>
internal static class FaceCallPriorities
{
    private static readonly HttpRequestOptionsKey<FaceCallPriority> Key = new("Liveness.FaceCallPriority");

    /// <summary>The priority <paramref name="request"/> was sent with (<see cref="FaceCallPriority.Gateway"/> unless set).</summary>
    public static FaceCallPriority Of(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Options.TryGetValue(Key, out var priority) ? priority : FaceCallPriority.Gateway;
    }

    /// <summary>Sends <paramref name="request"/> with <paramref name="priority"/>.</summary>
    public static void Set(HttpRequestMessage request, FaceCallPriority priority)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(Key, priority);
    }
}
