using Microsoft.OpenApi;

namespace Liveness.Gateway.OpenApi;

/// <summary>
/// The schemas of the bodies the Face routes take and answer, named by the operations' contracts
/// (<see cref="Proxy.FaceOperationContract"/>): the create bodies the gateway accepts, its create answer, and Face
/// v1.2's <c>LivenessSession</c> / <c>LivenessWithVerifySession</c>, which reads pass on as Face sent them. Face's
/// enumerations are open strings (Face adds values), so their known values are listed in descriptions, not enums.
/// </summary>
internal static class ContractSchemas
{
    public const string Problem = "Problem";
    public const string CreateLivenessSessionRequest = "CreateLivenessSessionRequest";
    public const string CreateLivenessWithVerifySessionRequest = "CreateLivenessWithVerifySessionRequest";
    public const string CreatedLivenessSession = "CreatedLivenessSession";
    public const string CreatedLivenessWithVerifySession = "CreatedLivenessWithVerifySession";
    public const string LivenessSession = "LivenessSession";
    public const string LivenessWithVerifySession = "LivenessWithVerifySession";
    public const string SessionImage = "SessionImage";
    public const string DetectedFaces = "DetectedFaces";
    public const string AssertionRequest = "AssertionRequest";
    public const string UserCorrelationResetRequest = "UserCorrelationResetRequest";

    private const string LivenessOperationMode = "`Passive` (the default) or `PassiveActive`.";
    private const string DeviceCorrelationId = "1 to 64 of `A-Z a-z 0-9 - _ . :`; when absent, a stable per-user GUID.";
    private const string Status = "Face's OperationState: `NotStarted`, `Running`, `Succeeded`, `Failed` or `Canceled`.";

    /// <summary>Adds every schema to the document's components (they are referenced by name).</summary>
    public static void AddTo(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        var schemas = document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        IOpenApiSchema Ref(string name) => new OpenApiSchemaReference(name, document);

        schemas[Problem] = Object(
            "An error the gateway answers (RFC 9457, application/problem+json).",
            new()
            {
                ["type"] = String("A URI reference naming the kind of problem."),
                ["title"] = String("A short summary of the problem's status."),
                ["status"] = Integer("The HTTP status."),
                ["detail"] = String("What went wrong, in words for the developer (never Face's text)."),
                ["code"] = String("The machine-readable code: the ones listed per route, or Face's own on Face's refusals."),
                ["traceId"] = String("The gateway's trace id of the request: quote it when reporting a problem."),
            },
            "title", "status", "traceId");

        schemas[CreateLivenessSessionRequest] = Object(
            "The only fields a client chooses; any other field is ignored and never forwarded (the gateway's Sessions settings decide the rest).",
            new()
            {
                ["livenessOperationMode"] = String(LivenessOperationMode),
                ["deviceCorrelationId"] = String(DeviceCorrelationId),
            });

        schemas[CreateLivenessWithVerifySessionRequest] = Object(
            "multipart/form-data: exactly one image part, verifyImage (a JPEG or PNG of at most Sessions:MaxVerifyImageBytes, each side 36 to 4096 pixels), and the same two fields as a liveness create.",
            new()
            {
                ["verifyImage"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The reference image of the user's face." },
                ["livenessOperationMode"] = String(LivenessOperationMode),
                ["deviceCorrelationId"] = String(DeviceCorrelationId),
            },
            "verifyImage");

        var created = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["sessionId"] = String("Face's session id (a GUID)."),
            ["authToken"] = String("The session's token for the Face client SDK, which talks to Face directly."),
            ["status"] = String(Status),
            ["modelVersion"] = String("Face's liveness model version."),
        };
        schemas[CreatedLivenessSession] = Object("The new session: hand authToken to the Face client SDK.", created, "sessionId", "authToken", "status");
        schemas[CreatedLivenessWithVerifySession] = Object(
            "The new session: hand authToken to the Face client SDK.",
            new(created, StringComparer.Ordinal) { ["verifyReferences"] = Array(Ref("LivenessWithVerifyReference")) },
            "sessionId", "authToken", "status", "verifyReferences");

        schemas["FaceRectangle"] = Object("A face's rectangle in pixels.", new()
        {
            ["top"] = Integer(null),
            ["left"] = Integer(null),
            ["width"] = Integer(null),
            ["height"] = Integer(null),
        }, "top", "left", "width", "height");
        schemas["LivenessDecisionTargets"] = Object("The images the decision was made on.", new()
        {
            ["color"] = Object(null, new() { ["faceRectangle"] = Ref("FaceRectangle") }, "faceRectangle"),
        }, "color");
        schemas["LivenessError"] = Object("Why an attempt has no result.", new()
        {
            ["code"] = String("Face's code, e.g. `FaceWithMaskDetected`."),
            ["message"] = String(null),
            ["targets"] = Ref("LivenessDecisionTargets"),
        }, "code", "message", "targets");
        var result = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["livenessDecision"] = String("`uncertain`, `realface` or `spoofface`."),
            ["targets"] = Ref("LivenessDecisionTargets"),
            ["digest"] = String("Compare with the digest the client SDK reported."),
            ["sessionImageId"] = String("The session image, downloadable from /api/liveness/session-images/{sessionImageId}."),
        };
        schemas["LivenessResult"] = Object("An attempt's result.", result, "targets", "digest");
        schemas["LivenessWithVerifyResult"] = Object("An attempt's result with the verification.", new(result, StringComparer.Ordinal)
        {
            ["verifyResult"] = Object(null, new()
            {
                ["matchConfidence"] = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "float", Minimum = "0", Maximum = "1" },
                ["isIdentical"] = new OpenApiSchema { Type = JsonSchemaType.Boolean },
            }, "matchConfidence", "isIdentical"),
            ["verifyImageHash"] = String("SHA-256 of the verify image."),
        }, "targets", "digest");
        schemas["LivenessSessionAttempt"] = Attempt(Ref("LivenessResult"), Ref("LivenessError"));
        schemas["LivenessWithVerifySessionAttempt"] = Attempt(Ref("LivenessWithVerifyResult"), Ref("LivenessError"));
        schemas["LivenessWithVerifyReference"] = Object("The reference image Face verifies against.", new()
        {
            ["referenceType"] = String("e.g. `Color` (Face also sends `image`)."),
            ["faceRectangle"] = Ref("FaceRectangle"),
            ["qualityForRecognition"] = String("`low`, `medium` or `high`."),
        }, "faceRectangle");

        schemas[LivenessSession] = Session("Face v1.2 LivenessSession.", new() { ["attempts"] = Array(Ref("LivenessSessionAttempt")) }, "attempts");
        schemas[LivenessWithVerifySession] = Session("Face v1.2 LivenessWithVerifySession.", new()
        {
            ["verifyReferences"] = Array(Ref("LivenessWithVerifyReference")),
            ["attempts"] = Array(Ref("LivenessWithVerifySessionAttempt")),
        }, "verifyReferences", "attempts");
        schemas[AssertionRequest] = Object(
            "The app whose backend receives the assertion.",
            new() { ["audience"] = String("One of the gateway's Liveness:Assertions:Audiences.") },
            "audience");
        schemas[UserCorrelationResetRequest] = Object(
            "The user whose userCorrelationId for Face's abuse monitoring is reset, as their tokens name them.",
            new()
            {
                ["issuer"] = String("The user's token issuer (`iss`)."),
                ["subject"] = String("The user's `sub` within that issuer."),
            },
            "issuer",
            "subject");
        schemas[SessionImage] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The session image's bytes." };
        schemas["DetectedFace"] = Object("Face v1.2 FaceDetectionResult: one face found in the image; the fields beyond faceRectangle are there only when the gateway's Face:DetectFromSessionImage settings ask for them.", new()
        {
            ["faceId"] = String("A face id Face keeps for faceIdTimeToLive (ReturnFaceId)."),
            ["recognitionModel"] = String("The recognition model of the face id (ReturnRecognitionModel)."),
            ["faceRectangle"] = Ref("FaceRectangle"),
            ["faceLandmarks"] = Object("27 points of the face, each {x, y} in pixels (ReturnFaceLandmarks).", []),
            ["faceAttributes"] = Object("The attributes listed in FaceAttributes, as Face names them (e.g. headPose, mask, qualityForRecognition).", []),
        }, "faceRectangle");
        schemas[DetectedFaces] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Ref("DetectedFace"), Description = "The faces Face detected, largest first; empty when none." };
    }

    private static OpenApiSchema Session(string description, Dictionary<string, IOpenApiSchema> results, params string[] resultsRequired) =>
        Object(description, new()
        {
            ["sessionId"] = String("Face's session id (a GUID)."),
            ["authToken"] = String("Empty on reads."),
            ["status"] = String(Status),
            ["modelVersion"] = String("Face's liveness model version; absent while the session runs."),
            ["isAbuseMonitoringEnabled"] = Boolean("Face API v1.3-preview.1 only: whether Face's abuse monitoring watches the session."),
            ["expectedClientIpAddress"] = String("Face API v1.3-preview.1 only: the end user's address the gateway told Face to expect."),
            ["results"] = Object(null, results, resultsRequired),
        }, "sessionId", "status", "results");

    private static OpenApiSchema Attempt(IOpenApiSchema result, IOpenApiSchema error) =>
        Object("One attempt of the end user: a result or an error.", new()
        {
            ["attemptId"] = Integer("Starts at 1."),
            ["attemptStatus"] = String(Status),
            ["result"] = result,
            ["error"] = error,
            ["clientInformation"] = Array(Object("Where the attempt came from (Face API v1.3-preview.1 only).", new() { ["ip"] = String("The client's address as Face saw it.") })),
            ["abuseMonitoringResult"] = Object(
                "Face API v1.3-preview.1 only: Face's abuse monitoring of the attempt. When isAbuseDetected is true the session is never a pass.",
                new()
                {
                    ["isAbuseDetected"] = Boolean("Whether Face flagged the attempt as abuse."),
                    ["otherFlaggedSessions"] = Array(Object("Another attempt flagged with this one.", new()
                    {
                        ["attemptId"] = Integer(null),
                        ["sessionId"] = String(null),
                        ["sessionImageId"] = String(null),
                    })),
                }),
        }, "attemptId", "attemptStatus");

    private static OpenApiSchema Object(string? description, Dictionary<string, IOpenApiSchema> properties, params string[] required) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties,
        Required = required.Length == 0 ? null : new HashSet<string>(required, StringComparer.Ordinal),
    };

    private static OpenApiSchema String(string? description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Boolean(string? description) => new() { Type = JsonSchemaType.Boolean, Description = description };

    private static OpenApiSchema Integer(string? description) => new() { Type = JsonSchemaType.Integer, Format = "int32", Description = description };

    private static OpenApiSchema Array(IOpenApiSchema items) => new() { Type = JsonSchemaType.Array, Items = items };
}
