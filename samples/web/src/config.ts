// What the app needs to know about its environment, served by its static server as /config.json
// (server.mjs builds it from environment variables, so one build runs in every environment).

export interface AppConfig {
  /** The gateway's public URL, e.g. http://127.0.0.1:5080 (another origin than the app's). */
  gateway: string;
  /** The OpenID provider (issuer) the user signs in with. */
  authority: string;
  /** This app's public client at the provider (authorization code with PKCE, no secret). */
  clientId: string;
  /** Scopes asked for: "openid" and the gateway's. */
  scope: string;
  /** The resource indicator (RFC 8707) of the gateway at the provider, when it needs one. */
  resource?: string;
  /**
   * Where the liveness UI's ES module comes from: the one place that picks Microsoft's web component
   * (production) or the emulator's stand-in (development). See liveness-ui.ts.
   */
  livenessUi: string;
  /** The audience of the assertion the app asks for: the name of the backend it hands it to. */
  assertionAudience: string;
  /** A route of the app's backend behind the gateway, gated on a recent liveness pass. */
  gatedRoute: string;
}

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) {
    throw new Error(`config.json: ${response.status}`);
  }

  return (await response.json()) as AppConfig;
}
