using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Liveness.Emulator.Detection;

/// <summary>
/// The emulator's answer to a detection on a session image: one face, the same for the same image id and query
/// (its face id is derived from the image id), with exactly the fields the query asks for, shaped as Face v1.2's
/// <c>FaceDetectionResult</c>.
/// </summary>
internal static class DetectedFaces
{
    /// <summary>The 27 landmarks Face names, in its order.</summary>
    private static readonly string[] Landmarks =
    [
        "pupilLeft", "pupilRight", "noseTip", "mouthLeft", "mouthRight", "eyebrowLeftOuter", "eyebrowLeftInner",
        "eyeLeftOuter", "eyeLeftTop", "eyeLeftBottom", "eyeLeftInner", "eyebrowRightInner", "eyebrowRightOuter",
        "eyeRightInner", "eyeRightTop", "eyeRightBottom", "eyeRightOuter", "noseRootLeft", "noseRootRight",
        "noseLeftAlarTop", "noseRightAlarTop", "noseLeftAlarOutTip", "noseRightAlarOutTip", "upperLipTop",
        "upperLipBottom", "underLipTop", "underLipBottom",
    ];

    public static JsonArray For(string sessionImageId, DetectionQuery query)
    {
        var face = new JsonObject();
        if (query.ReturnFaceId)
        {
            face["faceId"] = FaceId(sessionImageId).ToString();
            if (query.ReturnRecognitionModel)
            {
                face["recognitionModel"] = query.RecognitionModel;
            }
        }

        face["faceRectangle"] = new JsonObject { ["top"] = 54, ["left"] = 394, ["width"] = 78, ["height"] = 78 };
        if (query.ReturnFaceLandmarks)
        {
            var landmarks = new JsonObject();
            for (var i = 0; i < Landmarks.Length; i++)
            {
                landmarks[Landmarks[i]] = new JsonObject { ["x"] = 400.5 + i, ["y"] = 70.5 + i };
            }

            face["faceLandmarks"] = landmarks;
        }

        if (query.FaceAttributes.Count > 0)
        {
            var attributes = new JsonObject();
            foreach (var name in query.FaceAttributes)
            {
                attributes[name] = Attribute(name);
            }

            face["faceAttributes"] = attributes;
        }

        return [face];
    }

    private static JsonNode? Attribute(string name) => name switch
    {
        "headPose" => new JsonObject { ["pitch"] = 1.6, ["roll"] = 2.1, ["yaw"] = 3.0 },
        "glasses" => "noGlasses",
        "occlusion" => new JsonObject { ["foreheadOccluded"] = false, ["eyeOccluded"] = false, ["mouthOccluded"] = false },
        "accessories" => new JsonArray(),
        "blur" => new JsonObject { ["blurLevel"] = "low", ["value"] = 0.06 },
        "exposure" => new JsonObject { ["exposureLevel"] = "goodExposure", ["value"] = 0.55 },
        "noise" => new JsonObject { ["noiseLevel"] = "low", ["value"] = 0.12 },
        "mask" => new JsonObject { ["type"] = "noMask", ["noseAndMouthCovered"] = false },
        "qualityForRecognition" => "high",
        "age" => 30.0,
        "smile" => 0.1,
        "facialHair" => new JsonObject { ["moustache"] = 0.0, ["beard"] = 0.0, ["sideburns"] = 0.0 },
        _ => new JsonObject { ["bald"] = 0.1, ["invisible"] = false, ["hairColor"] = new JsonArray() },
    };

    private static Guid FaceId(string sessionImageId) => new(SHA256.HashData(Encoding.UTF8.GetBytes(sessionImageId)).AsSpan(0, 16));
}
