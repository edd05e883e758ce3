// The liveness UI: Microsoft's web component <azure-ai-vision-face-ui> (npm azure-ai-vision-face-ui, a gated
// download) in production, the Face emulator's stand-in in development. The ONE difference is where the module is
// loaded from, config.livenessUi; everything below is the component's public shape, the same for both.

/** What the component's start() resolves with. The app never trusts it: it reads the result from the gateway. */
export interface LivenessOutcome {
  livenessStatus?: string;
  recognitionResult?: { status?: string };
}

/** What start() rejects with. */
export interface LivenessFailure {
  livenessError?: string;
  recognitionError?: string | null;
}

interface FaceLivenessElement extends HTMLElement {
  start(authToken: string): Promise<LivenessOutcome>;
}

let loaded: Promise<unknown> | undefined;

/**
 * Loads the component (once), places a fresh element in `container` and runs the check for the session whose
 * `authToken` the gateway returned. Settles when the user has finished.
 */
export async function runLivenessCheck(moduleUrl: string, container: HTMLElement, authToken: string): Promise<LivenessOutcome> {
  loaded ??= import(/* the stand-in or Microsoft's component */ moduleUrl);
  await loaded;
  await customElements.whenDefined("azure-ai-vision-face-ui");

  container.replaceChildren();
  const element = document.createElement("azure-ai-vision-face-ui") as FaceLivenessElement;
  container.appendChild(element);
  return element.start(authToken);
}
