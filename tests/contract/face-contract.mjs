// Contract test: drives the Face emulator with Microsoft's own REST client for the Face API,
// @azure-rest/ai-vision-face 1.0.0-beta.3 (API version v1.2), exactly as an application server would.
// If this client and the emulator disagree, the emulator is wrong.
//
//   FACE_ENDPOINT=http://127.0.0.1:5299 FACE_APIKEY=<key> node face-contract.mjs
//
// Between create and get it plays the end-user device through the emulator's control API
// (/emulator/...), which has no counterpart in Azure. Exits 1 with a message on the first mismatch.
import createClient, { isUnexpected } from "@azure-rest/ai-vision-face";
import { AzureKeyCredential } from "@azure/core-auth";
import { createHash, randomUUID } from "node:crypto";

const endpoint = (process.env.FACE_ENDPOINT ?? "").replace(/\/+$/, "");
const apiKey = process.env.FACE_APIKEY ?? "";
if (!endpoint || !apiKey) {
  console.error("face-contract: set FACE_ENDPOINT (e.g. http://127.0.0.1:5299) and FACE_APIKEY.");
  process.exit(2);
}

// An 8x8 grey JPEG standing in for the reference photo.
const verifyImage = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AP//Z",
  "base64",
);

class Mismatch extends Error {}

function check(condition, message, actual) {
  if (!condition) {
    throw new Mismatch(`${message}${actual === undefined ? "" : `\n  got: ${JSON.stringify(actual)}`}`);
  }
}

function expectStatus(response, status, what) {
  check(
    response.status === status,
    `${what}: expected HTTP ${status}, got ${response.status}`,
    response.body,
  );
  check(
    /^[0-9a-f-]{36}$/i.test(response.headers["apim-request-id"] ?? ""),
    `${what}: apim-request-id header missing`,
    response.headers,
  );
}

function step(message) {
  console.log(`ok   ${message}`);
}

// The emulator's control API stands in for the phone running the Face client SDK.
async function completeOnDevice(sessionId, body) {
  const response = await fetch(`${endpoint}/emulator/sessions/${sessionId}/attempts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  check(response.ok, `control API attempts for ${sessionId}: HTTP ${response.status}`, await response.text());
}

async function readStream(stream) {
  const chunks = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

// The emulator serves plain HTTP on loopback; Azure pipelines refuse http:// unless told otherwise.
const clientOptions = { apiVersion: "v1.2", allowInsecureConnection: endpoint.startsWith("http://") };
const client = createClient(endpoint, new AzureKeyCredential(apiKey), clientOptions);

async function livenessSession() {
  const created = await client.path("/detectLiveness-sessions").post({
    body: {
      livenessOperationMode: "PassiveActive",
      deviceCorrelationId: randomUUID(),
      enableSessionImage: true,
      authTokenTimeToLiveInSeconds: 300,
    },
  });
  expectStatus(created, "200", "create liveness session");
  check(!isUnexpected(created), "create liveness session: isUnexpected", created.body);
  const session = created.body;
  check(typeof session.sessionId === "string" && session.sessionId.length > 0, "create: sessionId", session);
  check(session.authToken.split(".").length === 3, "create: authToken is a JWT", session.authToken);
  check(session.status === "NotStarted", "create: status NotStarted", session.status);
  check(session.modelVersion === "2024-11-15", "create: modelVersion", session.modelVersion);
  check(Array.isArray(session.results?.attempts) && session.results.attempts.length === 0, "create: no attempts", session.results);
  check(created.headers["csp-billing-usage"] === "CognitiveServices.Face.Transaction=1", "create: billing header", created.headers);
  step(`created liveness session ${session.sessionId}`);

  const fresh = await client.path("/detectLiveness-sessions/{sessionId}", session.sessionId).get();
  expectStatus(fresh, "200", "get liveness session");
  check(!isUnexpected(fresh), "get liveness session: isUnexpected", fresh.body);
  check(fresh.body.authToken === "", "get: authToken is empty", fresh.body.authToken);
  check(fresh.body.status === "NotStarted", "get: status NotStarted", fresh.body.status);
  step("read it back (authToken empty)");

  await completeOnDevice(session.sessionId, { decision: "realface" });
  const done = await client.path("/detectLiveness-sessions/{sessionId}", session.sessionId).get();
  expectStatus(done, "200", "get finished liveness session");
  check(done.body.status === "Succeeded", "get: status Succeeded", done.body);
  const attempt = done.body.results.attempts[0];
  check(attempt?.attemptId === 1 && attempt.attemptStatus === "Succeeded", "get: attempt 1 succeeded", attempt);
  check(attempt.result.livenessDecision === "realface", "get: decision realface", attempt.result);
  check(/^[0-9A-F]{64}$/.test(attempt.result.digest), "get: digest", attempt.result.digest);
  check(/^[A-Za-z0-9_-]{44}$/.test(attempt.result.sessionImageId ?? ""), "get: sessionImageId", attempt.result);
  step("read the finished result (realface)");

  const imageId = attempt.result.sessionImageId;
  const image = await client.path("/sessionImages/{sessionImageId}", imageId).get().asNodeStream();
  check(image.status === "200", `session image: expected HTTP 200, got ${image.status}`);
  check(image.headers["content-type"] === "application/octet-stream", "session image: content type", image.headers);
  check(
    image.headers["content-disposition"] === `attachment; filename=${imageId}.jpg; filename*=UTF-8''${imageId}.jpg`,
    "session image: content disposition",
    image.headers,
  );
  const jpeg = await readStream(image.body);
  check(jpeg[0] === 0xff && jpeg[1] === 0xd8, "session image: JPEG bytes", jpeg.subarray(0, 4).toString("hex"));
  step("downloaded its session image");

  const deleted = await client.path("/detectLiveness-sessions/{sessionId}", session.sessionId).delete();
  expectStatus(deleted, "204", "delete liveness session");
  check(!isUnexpected(deleted), "delete liveness session: isUnexpected", deleted.body);
  step("deleted it (204)");

  const gone = await client.path("/detectLiveness-sessions/{sessionId}", session.sessionId).get();
  expectStatus(gone, "404", "get deleted liveness session");
  check(isUnexpected(gone), "get deleted: isUnexpected", gone.body);
  check(gone.body.error?.code === "SessionNotFound", "get deleted: error.code SessionNotFound", gone.body);
  check(gone.headers["x-ms-error-code"] === "SessionNotFound", "get deleted: x-ms-error-code", gone.headers);
  step("after delete: 404 SessionNotFound");
}

async function livenessWithVerifySession() {
  const created = await client.path("/detectLivenessWithVerify-sessions").post({
    contentType: "multipart/form-data",
    body: [
      { name: "livenessOperationMode", body: "PassiveActive" },
      { name: "deviceCorrelationId", body: randomUUID() },
      { name: "enableSessionImage", body: false },
      { name: "returnVerifyImageHash", body: true },
      { name: "verifyConfidenceThreshold", body: 0.6 },
      { name: "authTokenTimeToLiveInSeconds", body: 600 },
      { name: "verifyImage", body: new Uint8Array(verifyImage), filename: "verifyImage.jpg", contentType: "application/octet-stream" },
    ],
  });
  expectStatus(created, "200", "create liveness-with-verify session");
  check(!isUnexpected(created), "create liveness-with-verify session: isUnexpected", created.body);
  const session = created.body;
  check(session.status === "NotStarted", "create verify: status NotStarted", session.status);
  check(session.authToken.split(".").length === 3, "create verify: authToken is a JWT", session.authToken);
  const reference = session.results?.verifyReferences?.[0];
  check(reference?.referenceType === "image", "create verify: verifyReferences[0].referenceType image", session.results);
  check(reference.qualityForRecognition === "high" && reference.faceRectangle?.width > 0, "create verify: reference face", reference);
  step(`created liveness-with-verify session ${session.sessionId}`);

  const fresh = await client.path("/detectLivenessWithVerify-sessions/{sessionId}", session.sessionId).get();
  expectStatus(fresh, "200", "get liveness-with-verify session");
  check(fresh.body.authToken === "", "get verify: authToken is empty", fresh.body.authToken);
  check(fresh.body.results.verifyReferences[0].referenceType === undefined, "get verify: referenceType omitted", fresh.body.results);
  step("read it back (referenceType omitted)");

  await completeOnDevice(session.sessionId, { decision: "realface", verify: { matchConfidence: 0.91 } });
  const done = await client.path("/detectLivenessWithVerify-sessions/{sessionId}", session.sessionId).get();
  expectStatus(done, "200", "get finished liveness-with-verify session");
  const result = done.body.results.attempts[0]?.result;
  check(done.body.status === "Succeeded" && result?.livenessDecision === "realface", "get verify: succeeded realface", done.body);
  check(Math.abs(result.verifyResult.matchConfidence - 0.91) < 1e-6, "get verify: matchConfidence", result.verifyResult);
  check(result.verifyResult.isIdentical === true, "get verify: isIdentical (0.91 >= 0.6)", result.verifyResult);
  const expectedHash = createHash("sha256").update(verifyImage).digest("hex").toUpperCase();
  check(result.verifyImageHash === expectedHash, "get verify: verifyImageHash is SHA-256 of the image sent", result.verifyImageHash);
  step("read the finished result (verify match, image hash)");

  const deleted = await client.path("/detectLivenessWithVerify-sessions/{sessionId}", session.sessionId).delete();
  expectStatus(deleted, "204", "delete liveness-with-verify session");
  step("deleted it (204)");

  const gone = await client.path("/detectLivenessWithVerify-sessions/{sessionId}", session.sessionId).get();
  expectStatus(gone, "404", "get deleted liveness-with-verify session");
  check(gone.body.error?.code === "SessionNotFound", "get deleted verify: SessionNotFound", gone.body);
  step("after delete: 404 SessionNotFound");
}

async function wrongKey() {
  const intruder = createClient(endpoint, new AzureKeyCredential(`${apiKey}-wrong`), clientOptions);
  const refused = await intruder.path("/detectLiveness-sessions").post({
    body: { livenessOperationMode: "Passive", deviceCorrelationId: randomUUID() },
  });
  expectStatus(refused, "401", "create with a wrong key");
  check(refused.body.error?.code === "401", "wrong key: error.code 401", refused.body);
  step("wrong key: 401");
}

try {
  await livenessSession();
  await livenessWithVerifySession();
  await wrongKey();
  console.log("face-contract: the official client and the emulator agree.");
} catch (error) {
  console.error(`face-contract: MISMATCH: ${error instanceof Mismatch ? error.message : error?.stack ?? error}`);
  process.exit(1);
}
