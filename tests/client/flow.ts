// A web app's liveness flow written against the client generated from docs/openapi.json (openapi-typescript types,
// openapi-fetch calls). `npm run check` regenerates the types and type-checks this file: it stops compiling when the
// contract loses a route, a field or a problem shape the flow relies on (the @ts-expect-error lines stop compiling
// when the contract stops refusing what it must refuse).
import createClient from "openapi-fetch";
import type { paths } from "./generated/gateway";

export async function livenessFlow(gateway: string, userToken: string, audience: string): Promise<string | undefined> {
  const client = createClient<paths>({ baseUrl: gateway, headers: { Authorization: `Bearer ${userToken}` } });

  const created = await client.POST("/api/liveness/sessions", { body: { livenessOperationMode: "Passive" } });
  if (!created.data) {
    // Every refusal is problem+json with a code the app can act on.
    const code: string | null | undefined = created.error?.code;
    throw new Error(`create refused: ${code}`);
  }

  const sessionId: string = created.data.sessionId;
  const authToken: string = created.data.authToken; // for Microsoft's liveness UI

  const read = await client.GET("/api/liveness/sessions/{sessionId}", { params: { path: { sessionId } } });
  const status: string | undefined = read.data?.status;

  const asserted = await client.POST("/api/liveness/sessions/{sessionId}/assertion", {
    params: { path: { sessionId } },
    body: { audience },
  });

  await client.DELETE("/api/liveness/sessions/{sessionId}", { params: { path: { sessionId } } });
  await client.GET("/api/liveness/sessions");
  const detected = await client.POST("/api/liveness/session-images/{sessionImageId}/detect", { params: { path: { sessionImageId: "AZMKlsBUe_NDl7I5biCIanQkXqGbA96ST54SV4BVmqL9" } } });
  const faceWidth: number | undefined = detected.data?.[0]?.faceRectangle.width;
  const erased = await client.DELETE("/api/liveness/sessions");
  const deleted: number | undefined = erased.data?.deleted;

  // @ts-expect-error: no such route in the contract
  await client.GET("/api/liveness/sessions/{sessionId}/nothing", { params: { path: { sessionId } } });
  // @ts-expect-error: a session id is a string
  await client.GET("/api/liveness/sessions/{sessionId}", { params: { path: { sessionId: 42 } } });

  return `${authToken}:${status}:${asserted.data?.assertion}:${deleted}:${faceWidth}`;
}
