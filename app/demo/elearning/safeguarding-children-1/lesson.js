// The demo lesson's SCORM 1.2 side: finds the API the player puts on a parent window, resumes at the
// saved page, commits as the learner moves on, scores the quiz (passed at 67 out of 100), and
// reports the time spent when the page is left.
(() => {
  const PAGES = 4;
  const PASS_MARK = 67;
  const ANSWERS = { q1: "b", q2: "a", q3: "b" };
  const startedAt = Date.now();

  function findApi(start) {
    let win = start;
    for (let hops = 0; win && hops < 10; hops++) {
      if (win.API) return win.API;
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  const api = findApi(window) || (window.opener ? findApi(window.opener) : null);
  const lms = {
    get: (name) => (api ? String(api.LMSGetValue(name)) : ""),
    set: (name, value) => api?.LMSSetValue(name, String(value)),
    commit: () => api?.LMSCommit(""),
  };

  if (api) api.LMSInitialize("");
  else document.getElementById("no-lms").hidden = false;

  const status = lms.get("cmi.core.lesson_status");
  if (status === "" || status === "not attempted") lms.set("cmi.core.lesson_status", "incomplete");

  const saved = Number.parseInt(lms.get("cmi.core.lesson_location"), 10);
  let page = saved >= 1 && saved <= PAGES ? saved : 1;

  const back = document.getElementById("back");
  const next = document.getElementById("next");
  const position = document.getElementById("position");

  function show(n) {
    page = n;
    for (const section of document.querySelectorAll("section[data-page]")) {
      section.hidden = Number(section.dataset.page) !== n;
    }
    back.disabled = n === 1;
    next.disabled = n === PAGES;
    position.textContent = `Page ${n} of ${PAGES}`;
    lms.set("cmi.core.lesson_location", n);
    lms.commit();
    window.scrollTo(0, 0);
  }

  back.addEventListener("click", () => show(Math.max(1, page - 1)));
  next.addEventListener("click", () => show(Math.min(PAGES, page + 1)));

  document.getElementById("quiz").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    let right = 0;
    for (const [question, answer] of Object.entries(ANSWERS)) if (form.get(question) === answer) right++;
    const score = Math.round((right / Object.keys(ANSWERS).length) * 100);
    const passed = score >= PASS_MARK;
    lms.set("cmi.core.score.min", 0);
    lms.set("cmi.core.score.max", 100);
    lms.set("cmi.core.score.raw", score);
    lms.set("cmi.core.lesson_status", passed ? "passed" : "failed");
    lms.commit();
    document.getElementById("result").textContent = passed
      ? `You scored ${score}%. You have passed: your completion is recorded.`
      : `You scored ${score}%. You need ${PASS_MARK}% to pass. Close the lesson and try again.`;
  });

  function pad(n) {
    return String(n).padStart(2, "0");
  }

  let finished = false;
  function finish() {
    if (finished || !api) return;
    finished = true;
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    lms.set(
      "cmi.core.session_time",
      `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`,
    );
    lms.set("cmi.core.exit", lms.get("cmi.core.lesson_status") === "incomplete" ? "suspend" : "");
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);

  show(page);
})();
