// The sample web app: sign in (OpenID Connect, code flow with PKCE), run a liveness check through the gateway,
// show the result and the session image, prove the pass to the app's backend, delete the session. Every call to
// the gateway goes through the client generated from docs/openapi.json; every refusal is shown in words.

import { UserManager, WebStorageStateStore } from "oidc-client-ts";
import createClient from "openapi-fetch";
import type { paths } from "./generated/gateway";
import { loadConfig } from "./config.js";
import { runLivenessCheck, type LivenessFailure } from "./liveness-ui.js";
import { describe, unreachable, type ShownProblem } from "./problems.js";

const config = await loadConfig();
const origin = `${location.origin}/`;

const users = new UserManager({
  authority: config.authority,
  client_id: config.clientId,
  redirect_uri: origin,
  post_logout_redirect_uri: origin,
  response_type: "code", // with PKCE, which oidc-client-ts always sends
  scope: config.scope,
  extraQueryParams: config.resource ? { resource: config.resource } : {},
  extraTokenParams: config.resource ? { resource: config.resource } : {},
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  automaticSilentRenew: false,
  loadUserInfo: false,
});

const gateway = createClient<paths>({ baseUrl: config.gateway });
gateway.use({
  async onRequest({ request }) {
    const user = await users.getUser();
    if (user) {
      request.headers.set("Authorization", `Bearer ${user.access_token}`);
    }

    return request;
  },
});

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  signedOut: $("signed-out"),
  signedIn: $("signed-in"),
  user: $("user"),
  signIn: $<HTMLButtonElement>("sign-in"),
  signOut: $<HTMLButtonElement>("sign-out"),
  start: $<HTMLButtonElement>("start"),
  liveness: $("liveness"),
  result: $("result"),
  verdict: $("verdict"),
  image: $<HTMLImageElement>("session-image"),
  next: $("next"),
  prove: $<HTMLButtonElement>("prove"),
  proof: $("proof"),
  remove: $<HTMLButtonElement>("delete"),
  status: $("status"),
  problem: $("problem"),
};

let sessionId: string | undefined;

function status(text: string): void {
  ui.status.textContent = text;
}

function clearProblem(): void {
  ui.problem.hidden = true;
  ui.problem.replaceChildren();
}

/** Shows a problem; with Retry-After, `button` stays disabled and counts down until the wait is over. */
function showProblem(problem: ShownProblem, button?: HTMLButtonElement): void {
  ui.problem.replaceChildren(document.createTextNode(problem.message));
  ui.problem.hidden = false;
  if (problem.retryAfterSeconds === undefined || !button) {
    return;
  }

  const wait = document.createElement("span");
  wait.id = "retry-after";
  ui.problem.append(" ", wait);
  const label = button.dataset.label ?? button.textContent ?? "";
  button.dataset.label = label;
  button.disabled = true;
  let left = problem.retryAfterSeconds;
  const tick = () => {
    if (left <= 0) {
      clearInterval(timer);
      button.disabled = false;
      button.textContent = label;
      wait.textContent = "You can try again now.";
      return;
    }

    wait.textContent = `Try again in ${left} s.`;
    button.textContent = `${label} (${left} s)`;
    left -= 1;
  };
  const timer = setInterval(tick, 1000);
  tick();
}

/** Runs one gateway call: its data, or undefined once the refusal (or the missing answer) has been shown. */
async function call<T>(what: string, button: HTMLButtonElement | undefined, run: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data?: T } | undefined> {
  clearProblem();
  let answer: { data?: T; error?: unknown; response: Response };
  try {
    answer = await run();
  } catch {
    showProblem(unreachable("gateway"), button);
    status(`${what}: no answer.`);
    return undefined;
  }

  if (!answer.response.ok) {
    showProblem(describe(answer.error, answer.response), button);
    status(`${what}: refused.`);
    if (answer.response.status === 401 && answer.response.headers.get("WWW-Authenticate")?.includes("invalid_token")) {
      await users.removeUser(); // a refused token: offer to sign in again
      await render();
    }

    return undefined;
  }

  return { data: answer.data };
}

async function startCheck(): Promise<void> {
  ui.start.disabled = true;
  ui.result.hidden = true;
  ui.next.hidden = true;
  ui.proof.replaceChildren();
  status("Creating a liveness session…");
  const created = await call("Creating the session", ui.start, () =>
    gateway.POST("/api/liveness/sessions", { body: { livenessOperationMode: "Passive" } }));
  if (!created?.data) {
    if (!ui.problem.querySelector("#retry-after")) {
      ui.start.disabled = false; // with Retry-After, the countdown enables it again
    }

    return;
  }

  sessionId = created.data.sessionId;
  status("Follow the instructions of the liveness check.");
  try {
    await runLivenessCheck(config.livenessUi, ui.liveness, created.data.authToken);
  } catch (failure) {
    // The component could not finish (its own words); the gateway still has the session's state.
    status(`The liveness UI stopped: ${(failure as LivenessFailure).livenessError ?? "unknown error"}.`);
  }

  ui.liveness.replaceChildren();
  await showResult();
  ui.start.disabled = false;
}

async function showResult(): Promise<void> {
  if (!sessionId) {
    return;
  }

  const id = sessionId;
  status("Reading the result…");
  const read = await call("Reading the result", undefined, () =>
    gateway.GET("/api/liveness/sessions/{sessionId}", { params: { path: { sessionId: id } } }));
  if (!read?.data) {
    return;
  }

  const session = read.data;
  const attempt = session.results.attempts[0]; // newest first
  const decision = attempt?.result?.livenessDecision;
  const [text, kind] =
    session.status !== "Succeeded" ? [`Not finished: the session is ${session.status}${attempt?.error ? ` (${attempt.error.code})` : ""}.`, "fail"]
      : decision === "realface" ? ["Passed: a real person was in front of the camera.", "pass"]
        : decision === "spoofface" ? ["Failed: the check saw a spoof, not a real person.", "fail"]
          : ["Not sure: the check could not decide. Try again.", "fail"];
  ui.verdict.textContent = text;
  ui.verdict.className = kind;
  ui.result.hidden = false;
  ui.next.hidden = false;
  status("Check finished.");

  ui.image.hidden = true;
  const imageId = attempt?.result?.sessionImageId;
  if (imageId) {
    const image = await call("Downloading the session image", undefined, () =>
      gateway.GET("/api/liveness/session-images/{sessionImageId}", { params: { path: { sessionImageId: imageId } }, parseAs: "blob" }));
    if (image?.data) {
      ui.image.src = URL.createObjectURL(image.data as Blob);
      ui.image.hidden = false;
    }
  }
}

async function prove(): Promise<void> {
  if (!sessionId) {
    return;
  }

  const id = sessionId;
  ui.proof.replaceChildren();
  status("Asking the gateway for an assertion…");
  const asserted = await call("The assertion", ui.prove, () =>
    gateway.POST("/api/liveness/sessions/{sessionId}/assertion", { params: { path: { sessionId: id } }, body: { audience: config.assertionAudience } }));
  if (!asserted?.data) {
    return;
  }

  const claims = JSON.parse(atob(asserted.data.assertion.split(".")[1]!.replace(/-/g, "+").replace(/_/g, "/"))) as { aud: string; liveness: { decision: string } };
  addProof("assertion", `The gateway signed a ${claims.liveness.decision} pass for "${claims.aud}", valid until ${new Date(asserted.data.expiresAt).toLocaleTimeString()}.`);

  status("Calling the backend's liveness-gated route…");
  clearProblem();
  const user = await users.getUser();
  let response: Response;
  try {
    response = await fetch(new URL(config.gatedRoute, config.gateway), { headers: { Authorization: `Bearer ${user?.access_token ?? ""}` } });
  } catch {
    showProblem(unreachable("backend"), ui.prove);
    return;
  }

  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    showProblem(describe(body, response), ui.prove);
    status("The backend refused.");
    return;
  }

  const pass = body as { subject: string; decision: string; passedAt: string };
  addProof("backend-answer", `The backend verified the gateway's assertion: ${pass.subject} passed (${pass.decision}) at ${new Date(pass.passedAt).toLocaleTimeString()}.`);
  status("The backend let you through.");
}

function addProof(id: string, text: string): void {
  const line = document.createElement("p");
  line.id = id;
  line.textContent = text;
  ui.proof.append(line);
}

async function remove(): Promise<void> {
  if (!sessionId) {
    return;
  }

  const id = sessionId;
  const deleted = await call("Deleting the session", ui.remove, () =>
    gateway.DELETE("/api/liveness/sessions/{sessionId}", { params: { path: { sessionId: id } } }));
  if (!deleted) {
    return;
  }

  sessionId = undefined;
  ui.result.hidden = true;
  ui.next.hidden = true;
  ui.proof.replaceChildren();
  URL.revokeObjectURL(ui.image.src);
  ui.image.removeAttribute("src");
  status("The session and its image are deleted.");
}

async function render(): Promise<void> {
  const user = await users.getUser();
  const signedIn = user !== null && !user.expired;
  ui.signedOut.hidden = signedIn;
  ui.signedIn.hidden = !signedIn;
  ui.signOut.hidden = !signedIn;
  ui.user.textContent = signedIn ? `Signed in as ${user.profile.sub}` : "";
}

ui.signIn.addEventListener("click", async () => {
  clearProblem();
  try {
    await users.signinRedirect(); // reads the provider's discovery document first
  } catch {
    showProblem(unreachable("sign-in service"), ui.signIn);
  }
});
ui.signOut.addEventListener("click", async () => {
  await users.removeUser();
  sessionId = undefined;
  await render();
  status("Signed out.");
});
ui.start.addEventListener("click", () => void startCheck());
ui.prove.addEventListener("click", () => void prove());
ui.remove.addEventListener("click", () => void remove());

const query = new URLSearchParams(location.search);
if (query.has("code") || query.has("error")) {
  try {
    await users.signinRedirectCallback();
  } catch (error) {
    showProblem({ message: `Sign-in failed: ${(error as Error).message}` });
  }

  history.replaceState(null, "", "/");
}

await render();
document.body.dataset.ready = "true";
