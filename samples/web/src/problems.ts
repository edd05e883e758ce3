// Every refusal of the gateway is application/problem+json with a `code` (docs/openapi.json lists them per route).
// This file turns one into words for the user, and honours Retry-After.

import type { components } from "./generated/gateway";

export type Problem = components["schemas"]["Problem"];

/** What the user is told, per code; the gateway's own `title` and `detail` otherwise. */
const advice: Record<string, string> = {
  BearerTokenMissing: "You are not signed in.",
  BearerTokenExpired: "Your sign-in has expired. Sign in again.",
  BearerTokenWrongAudience: "Your sign-in is not for this service. Sign in again.",
  BearerTokenInvalid: "Your sign-in was not accepted. Sign in again.",
  IdentityProviderUnavailable: "Sign-in cannot be checked right now.",
  SessionCreationLimit: "You have started too many checks.",
  TooManyFailedChecks: "Too many checks did not pass.",
  SessionReadLimit: "Too many requests.",
  UpstreamBudget: "The service is busy.",
  SessionNotFound: "This check no longer exists.",
  SessionImageNotFound: "This picture is not available.",
  SessionImageDeleted: "The picture of this check has been deleted, as it is after every check; the result is kept.",
  LivenessNotFinished: "The check has not finished yet.",
  LivenessNotPassed: "The check did not pass, so there is nothing to prove to the backend.",
  LivenessRequired: "The backend needs a recent passed check first.",
  OwnershipStoreUnavailable: "The service cannot keep track of checks right now.",
  VerdictStoreUnavailable: "The service cannot read check results right now.",
};

export interface ShownProblem {
  /** The sentence shown to the user. */
  message: string;
  /** Seconds to wait before trying again (Retry-After), if the gateway said. */
  retryAfterSeconds?: number;
}

/** Words for a problem answer (`body` as parsed, `response` for its status and Retry-After). */
export function describe(body: unknown, response: Response | undefined): ShownProblem {
  const problem = (body && typeof body === "object" ? body : {}) as Partial<Problem>;
  const code = problem.code ?? undefined;
  const known = code ? advice[code] : undefined;
  const parts = [known ?? problem.title ?? `The gateway answered ${response?.status ?? "an error"}.`];
  if (problem.detail) {
    parts.push(problem.detail);
  }

  if (code) {
    parts.push(`(${code})`);
  }

  const retryAfter = retryAfterSeconds(response);
  return { message: parts.join(" "), retryAfterSeconds: retryAfter };
}

/** Words for a call that got no answer the app may read (network down, or CORS refused this origin). */
export function unreachable(what: string): ShownProblem {
  return { message: `The ${what} could not be reached from this page (network error, or this origin is not allowed).` };
}

function retryAfterSeconds(response: Response | undefined): number | undefined {
  const value = response?.headers.get("Retry-After");
  if (!value) {
    return undefined;
  }

  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, Math.ceil(seconds));
  }

  const date = Date.parse(value); // Retry-After may be an HTTP date
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
