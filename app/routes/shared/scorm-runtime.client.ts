/**
 * The SCORM runtime on the player's window (browser only; the page imports this in an effect).
 * scorm-again's Scorm12API (window.API) or Scorm2004API (window.API_1484_11) is created and
 * loaded with the saved model before the frame is given its address, so content finds the API
 * in its parent whenever it looks. scorm-again sends nothing itself (no commit URL): this module
 * posts the model on every change (debounced), on Commit, on Finish/Terminate and when the page
 * goes away (navigator.sendBeacon, which outlives the page; fetch with keepalive otherwise).
 * Many packages never call Commit and call Finish/Terminate only while unloading.
 */

export interface RuntimeLaunch {
  attemptId: number;
  scormVersion: "scorm_1_2" | "scorm_2004";
  src: string;
  saveUrl: string;
  cmi: Record<string, unknown>;
}

export type RuntimeStatus =
  | { kind: "saved"; at: Date }
  | { kind: "completed"; completionId: number | null }
  | { kind: "failed" }
  | { kind: "not-saved" };

/** How long after the last change the model is saved. */
const DEBOUNCE_MS = 2000;
/** navigator.sendBeacon and fetch keepalive refuse bodies over 64 KiB. */
const BEACON_LIMIT = 60_000;

interface ScormApi {
  loadFromJSON(json: Record<string, unknown>, element?: string): void;
  renderCommitCMI(terminateCommit: boolean, includeTotalTime?: boolean): unknown;
  on(listenerName: string, callback: (...args: unknown[]) => void): void;
}

type ScormApiClass = new (settings: Record<string, unknown>) => ScormApi;

/** The module's class: its ES build exports it by name, its type declarations as the default. */
function constructorFrom(module: unknown, name: string): ScormApiClass {
  const exports = module as Record<string, ScormApiClass | undefined>;
  const found = exports[name] ?? exports.default;
  if (!found) throw new Error(`scorm-again did not provide ${name}`);
  return found;
}

type PlayerWindow = Window & { API?: unknown; API_1484_11?: unknown };

/** Starts the runtime and points the frame at the content; returns a function that stops it. */
export async function startRuntime(
  launch: RuntimeLaunch,
  frame: HTMLIFrameElement,
  onStatus: (status: RuntimeStatus) => void,
): Promise<() => void> {
  const settings = {
    autocommit: false,
    lmsCommitUrl: false,
    dataCommitFormat: "json",
    logLevel: 5,
    sendFullCommit: true,
  } as const;
  const win = window as PlayerWindow;
  let api: ScormApi;
  const v12 = launch.scormVersion === "scorm_1_2";
  if (v12) {
    const Scorm12API = constructorFrom(await import("scorm-again/scorm12"), "Scorm12API");
    api = new Scorm12API(settings);
    win.API = api;
  } else {
    const Scorm2004API = constructorFrom(await import("scorm-again/scorm2004"), "Scorm2004API");
    api = new Scorm2004API(settings);
    win.API_1484_11 = api;
  }
  api.loadFromJSON(launch.cmi);

  let initialised = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSent = "";
  let stopped = false;

  const body = () => JSON.stringify(api.renderCommitCMI(true));

  const answer = async (response: Response) => {
    if (!response.ok) {
      onStatus({ kind: "not-saved" });
      return;
    }
    const result = (await response.json()) as { outcome: string; completionId: number | null };
    if (result.outcome === "met") onStatus({ kind: "completed", completionId: result.completionId });
    else if (result.outcome === "failed") onStatus({ kind: "failed" });
    else onStatus({ kind: "saved", at: new Date() });
  };

  /** Posts the model now; `leaving` when the page may be going away (a beacon, which is not cancelled). */
  const save = (leaving: boolean) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!initialised) return;
    const text = body();
    if (text === lastSent) return;
    lastSent = text;
    if (leaving && text.length <= BEACON_LIMIT && typeof navigator.sendBeacon === "function") {
      // A string body goes as text/plain, which the save endpoint reads as JSON.
      if (navigator.sendBeacon(launch.saveUrl, text)) return;
    }
    fetch(launch.saveUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: text,
      credentials: "same-origin",
      keepalive: text.length <= BEACON_LIMIT,
    })
      .then(answer)
      .catch(() => {
        lastSent = "";
        if (!stopped) onStatus({ kind: "not-saved" });
      });
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => save(false), DEBOUNCE_MS);
  };

  const prefix = v12 ? "LMS" : "";
  api.on(`${prefix}Initialize`, () => {
    initialised = true;
  });
  api.on(`${prefix}SetValue.cmi.*`, soon);
  api.on(`${prefix}Commit`, () => save(false));
  // fetch with keepalive outlives the page too, and answers when the page stays (to show the outcome).
  api.on(v12 ? "LMSFinish" : "Terminate", () => save(false));

  const onPageHide = () => save(true);
  const onHidden = () => {
    if (document.visibilityState === "hidden") save(true);
  };
  window.addEventListener("pagehide", onPageHide);
  document.addEventListener("visibilitychange", onHidden);

  frame.src = launch.src;

  return () => {
    save(true);
    stopped = true;
    window.removeEventListener("pagehide", onPageHide);
    document.removeEventListener("visibilitychange", onHidden);
    win.API = undefined;
    win.API_1484_11 = undefined;
  };
}
