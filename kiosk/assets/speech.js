// "Nghe hướng dẫn" (issue #13 item 6): a button with data-speak="key key …" plays those clips in
// order; pressing it again stops. The clips were made on the server when the campaign was stamped
// (GET /kiosk/am-thanh/<key>.wav). Nothing is stored in the browser beyond this page's memory.
//
// Secrecy: the review screen reads each row's choice back ("level-high", "level-blank" …). A request
// for one choice word at that moment would tell the server (and anyone on the network path) what
// was chosen, so the four choice words are always fetched together, kept in memory, and played
// from there; so are the clips saying what a touch does on an official's screen (whether the
// official was already chosen), and a button's `data-speak-together` set: the blank-row question
// says how many rows were left blank, one clip per count up to the ballot's length, so the screen
// names every count's clip and all of them are fetched whenever one is. Playing goes through Web Audio
// from those bytes: an <audio src> element could ask the server again at any time, and a blob: URL
// would need the CSP widened.
//
// Headphones (best effort): where the browser names its audio outputs (labels are exposed only
// when the kiosk's browser has the microphone permission for this site), an output whose name says
// headphones turns on reading each new screen by itself; so does a new output appearing while the
// page is open (navigator.mediaDevices "devicechange"). Browsers let sound start only after a touch
// on the page, unless the kiosk browser is started with --autoplay-policy=no-user-gesture-required.
(() => {
  const BASE = "/kiosk/am-thanh/";
  const LEVELS = ["level-high", "level-medium", "level-low", "level-blank"];
  // What a touch does on an official's screen: "chosen" and the change-* ones are asked for only on
  // an official already chosen, so which is needed says whether a row went back to was blank.
  const TOUCH_HINTS = [
    "chosen",
    "hint-next",
    "hint-review",
    "hint-back",
    "change-next",
    "change-review",
    "change-back",
  ];
  // Clips where which one is needed says something of the ballot: any one brings its whole group.
  const GROUPS = [LEVELS, TOUCH_HINTS];
  const BUSY = "Đang đọc… — bấm để dừng";
  const HEADPHONES = /headphone|headset|earphone|earbud|tai nghe|airpods|buds/i;
  const GAP_SECONDS = 0.25;

  let context = null;
  const clips = new Map(); // key → Promise<AudioBuffer | null>
  let current = null; // { button, source, stopped, wake }
  let auto = false;
  let outputCount = null;

  const audio = () => {
    if (!context) {
      const Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return null;
      context = new Context();
    }
    return context;
  };

  const fetchClip = (key) => {
    if (!clips.has(key)) {
      const loading = fetch(`${BASE}${encodeURIComponent(key)}.wav`, { credentials: "same-origin" })
        .then((res) => (res.ok ? res.arrayBuffer() : null))
        .then((bytes) => (bytes && audio() ? audio().decodeAudioData(bytes) : null))
        .catch(() => null)
        .then((buffer) => {
          // A clip not there yet (still being made) is asked for again next time.
          if (!buffer) clips.delete(key);
          return buffer;
        });
      clips.set(key, loading);
    }
    return clips.get(key);
  };

  // Any choice word brings all four, any touch hint all seven: which one is needed must not show in
  // the requests.
  const clip = (key) => {
    for (const group of GROUPS) if (group.includes(key)) for (const k of group) fetchClip(k);
    return fetchClip(key);
  };

  const setBusy = (button, busy) => {
    if (!button) return;
    if (busy) {
      if (!button.dataset.label) button.dataset.label = button.textContent.trim();
      button.textContent = BUSY;
      button.setAttribute("aria-pressed", "true");
    } else {
      button.textContent = button.dataset.label || button.textContent;
      button.setAttribute("aria-pressed", "false");
    }
  };

  const stop = () => {
    const run = current;
    if (!run) return;
    current = null;
    run.stopped = true;
    try {
      run.source?.stop();
    } catch {
      // already ended
    }
    run.wake?.();
    setBusy(run.button, false);
  };

  const playBuffer = (ctx, run, buffer) =>
    new Promise((resolve) => {
      const source = ctx.createBufferSource();
      source.buffer = buffer;
      source.connect(ctx.destination);
      run.source = source;
      run.wake = resolve;
      source.onended = resolve;
      source.start(ctx.currentTime + GAP_SECONDS);
    });

  const speak = async (button) => {
    stop();
    const ctx = audio();
    if (!ctx) return;
    const keys = (button.getAttribute("data-speak") || "").split(/\s+/).filter(Boolean);
    // The screen's set first, in its own order, so the requests are the same whichever it plays.
    for (const key of (button.getAttribute("data-speak-together") || "").split(/\s+/).filter(Boolean)) {
      clip(key);
    }
    const run = { button, source: null, stopped: false, wake: null };
    current = run;
    setBusy(button, true);
    // Resumed inside the touch that started it: browsers allow sound from then on.
    if (ctx.state === "suspended") ctx.resume().catch(() => {});
    const loading = keys.map(clip); // all at once, played in order
    for (const pending of loading) {
      const buffer = await pending;
      if (run.stopped) return;
      if (!buffer) continue; // a missing clip is skipped
      await playBuffer(ctx, run, buffer);
      if (run.stopped) return;
    }
    if (current === run) {
      current = null;
      setBusy(button, false);
    }
  };

  const screenButton = () => document.querySelector("#kiosk [data-speak]");

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("[data-speak]") : null;
    if (!button) return;
    if (current && current.button === button) {
      stop(); // a second press stops
      return;
    }
    speak(button);
  });

  // A new screen: what was being read belongs to the old one. With headphones, read the new one.
  document.addEventListener("htmx:after:swap", () => {
    if (current && !current.button.isConnected) stop();
    const button = screenButton();
    if (auto && button && !current) speak(button);
  });

  // The first touch of a page is what lets sound start; with headphones, read the screen then.
  document.addEventListener(
    "pointerdown",
    (event) => {
      const ctx = audio();
      if (ctx && ctx.state === "suspended") ctx.resume().catch(() => {});
      const onSpeak = event.target instanceof Element && event.target.closest("[data-speak]");
      const button = screenButton();
      if (auto && !current && !onSpeak && button) speak(button);
    },
    { once: true, capture: true },
  );

  const checkOutputs = async (changed) => {
    const devices = navigator.mediaDevices;
    if (!devices?.enumerateDevices) return;
    let outputs;
    try {
      outputs = (await devices.enumerateDevices()).filter((d) => d.kind === "audiooutput");
    } catch {
      return;
    }
    const named = outputs.some((d) => HEADPHONES.test(d.label || ""));
    const added = changed && outputCount !== null && outputs.length > outputCount;
    const removed = changed && outputCount !== null && outputs.length < outputCount;
    outputCount = outputs.length;
    const was = auto;
    auto = named || added || (auto && !removed);
    const button = screenButton();
    if (auto && !was && button && !current) speak(button);
    if (!auto && was) stop(); // headphones pulled out: do not go on aloud
  };

  checkOutputs(false);
  navigator.mediaDevices?.addEventListener?.("devicechange", () => checkOutputs(true));
})();
