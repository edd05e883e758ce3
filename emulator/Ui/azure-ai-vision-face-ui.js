// The Face emulator's stand-in for Microsoft's liveness web component (npm `azure-ai-vision-face-ui`, a gated
// download). It has the component's shape, so an app changes nothing but where it loads the module from:
//
// - the element `<azure-ai-vision-face-ui>`, created with document.createElement("azure-ai-vision-face-ui");
// - `start(authToken)`: a Promise that resolves when the check is done ({ livenessStatus, recognitionResult })
//   and rejects when it cannot be done ({ livenessError, recognitionError });
// - the earlier form: the `sessionAuthorizationToken` property, then the `analyzed` event (`event.result`);
// - the `locale` and `languageDictionary` properties are accepted (and ignored);
// - the exported `LivenessStatus` and `RecognitionStatus` values.
//
// Sources: Azure-Samples/azure-ai-vision-sdk, samples/web/README.md ("Integration with JavaScript") and
// samples/web/javascript/face/js/AzureAIVisionFaceSample.js (start(authToken) and its promise).
//
// Instead of a camera it shows two buttons, "Real face" and "Spoof", which finish the session at the emulator
// (POST /emulator/ui/attempts with the session's auth token as the only credential). Like the real component
// without sendResultsToClient, it never learns the decision: it resolves with ResultQueryableFromService, and the
// app reads the result from its backend (the gateway).

export const LivenessStatus = Object.freeze({
  RealFace: 'RealFace',
  SpoofFace: 'SpoofFace',
  ResultQueryableFromService: 'ResultQueryableFromService',
});

export const RecognitionStatus = Object.freeze({
  Recognized: 'Recognized',
  NotRecognized: 'NotRecognized',
  ResultQueryableFromService: 'ResultQueryableFromService',
});

export const LivenessError = Object.freeze({
  InvalidToken: 'InvalidToken',
  SessionNotFound: 'SessionNotFound',
  SessionAlreadyFinished: 'SessionAlreadyFinished',
  Unexpected: 'Unexpected',
});

const attemptsUrl = new URL('./attempts', import.meta.url);

const template = `
  <style>
    :host { display: block; font: 1rem system-ui, sans-serif; }
    .frame { border: 2px dashed #6b7280; border-radius: 12px; padding: 1rem; text-align: center; max-width: 22rem; margin: auto; }
    .camera { width: 8rem; height: 8rem; border-radius: 50%; margin: .5rem auto 1rem; background: #e5e7eb;
              display: grid; place-items: center; color: #6b7280; font-size: .8rem; }
    .note { color: #6b7280; font-size: .8rem; margin: 0 0 .75rem; }
    button { font: inherit; padding: .5rem 1rem; margin: 0 .25rem; border-radius: 8px; border: 1px solid #374151; cursor: pointer; }
    button.real { background: #047857; color: #fff; border-color: #047857; }
    button.spoof { background: #b91c1c; color: #fff; border-color: #b91c1c; }
    button:disabled { opacity: .5; cursor: default; }
    .status { min-height: 1.5rem; margin-top: .75rem; }
  </style>
  <div class="frame" part="frame">
    <div class="camera" aria-hidden="true">no camera</div>
    <p class="note">Emulator stand-in for the liveness UI</p>
    <button type="button" class="real" data-decision="realface" disabled>Real face</button>
    <button type="button" class="spoof" data-decision="spoofface" disabled>Spoof</button>
    <div class="status" role="status"></div>
  </div>`;

class AzureAIVisionFaceUI extends HTMLElement {
  #token = null;
  #pending = null;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = template;
    for (const button of this.shadowRoot.querySelectorAll('button')) {
      button.addEventListener('click', () => this.#finish(button.dataset.decision));
    }
  }

  /** The session's auth token (the component's earlier form; the outcome is the `analyzed` event). */
  get sessionAuthorizationToken() { return this.#token; }

  set sessionAuthorizationToken(token) {
    this.#token = token || null;
    this.#enable(this.#token !== null);
  }

  /** Accepted for compatibility with the real component; the stand-in has one language. */
  locale = 'en';

  languageDictionary = undefined;

  /** Runs the check for the session of `authToken`; settles once a button finished it. */
  start(authToken) {
    if (!authToken) {
      return Promise.reject({ livenessError: LivenessError.InvalidToken, recognitionError: null });
    }

    this.sessionAuthorizationToken = authToken;
    this.#status('Choose what the camera sees.');
    return new Promise((resolve, reject) => { this.#pending = { resolve, reject }; });
  }

  #enable(enabled) {
    for (const button of this.shadowRoot.querySelectorAll('button')) {
      button.disabled = !enabled;
    }
  }

  #status(text) {
    this.shadowRoot.querySelector('.status').textContent = text;
  }

  async #finish(decision) {
    const token = this.#token;
    this.#enable(false);
    this.#status('Checking…');
    let outcome;
    try {
      const response = await fetch(attemptsUrl, {
        method: 'POST',
        headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ decision }),
      });
      outcome = response.ok ? { ok: true } : { ok: false, error: errorOf(response.status) };
    } catch {
      outcome = { ok: false, error: LivenessError.Unexpected };
    }

    this.#token = null;
    const pending = this.#pending;
    this.#pending = null;
    if (outcome.ok) {
      const result = {
        livenessStatus: LivenessStatus.ResultQueryableFromService,
        recognitionResult: { status: RecognitionStatus.ResultQueryableFromService },
      };
      this.#status('Done.');
      this.#dispatch(result);
      pending?.resolve(result);
    } else {
      const error = { livenessError: outcome.error, recognitionError: null };
      this.#status(`The check could not be done (${outcome.error}).`);
      this.#dispatch(error);
      pending?.reject(error);
    }
  }

  #dispatch(result) {
    const event = new CustomEvent('analyzed', { detail: result, bubbles: true, composed: true });
    event.result = result;
    this.dispatchEvent(event);
  }
}

function errorOf(status) {
  switch (status) {
    case 401: return LivenessError.InvalidToken;
    case 404: return LivenessError.SessionNotFound;
    case 409: return LivenessError.SessionAlreadyFinished;
    default: return LivenessError.Unexpected;
  }
}

if (!customElements.get('azure-ai-vision-face-ui')) {
  customElements.define('azure-ai-vision-face-ui', AzureAIVisionFaceUI);
}
