// Kiosk behaviour that HTML alone cannot give (issue #13): the chosen answer shown at once, the text
// size and contrast of the ballot applied to the page, focus kept inside the page for a switch user
// (two keys: Tab to move, Enter to press), touches that reach no server route reported so an idle
// ballot is noticed only when the resident really is idle, and the return to the idle screen after
// a ballot. Nothing is stored in the browser: no localStorage, no sessionStorage, no cookies written
// from here — the ballot in progress is held by the server under the ticket.
(() => {
  const html = document.documentElement;
  const kiosk = () => document.getElementById("kiosk");

  // The screen says how it is to be drawn (data-text-size, data-contrast): a swap changes only
  // #kiosk, the classes live on <html> because every size is in rem.
  const applyDisplay = () => {
    const screen = kiosk()?.querySelector("[data-text-size]");
    const size = screen?.getAttribute("data-text-size") ?? "0";
    for (const n of ["0", "1", "2"]) html.classList.toggle(`text-${n}`, n === size);
    html.classList.toggle("contrast", screen?.getAttribute("data-contrast") === "1");
  };

  // A choice is shown as chosen the moment it is pressed, and the button below becomes what it is
  // after a choice ("Để trống ▶" turns into the main "Tiếp ▶"): the server's answer takes about a
  // second, and the next screen follows it a moment later (hx-swap "swap:700ms" on the form), so the
  // resident sees what they chose. A press that never reached the server is taken back.
  let pressed = null; // { form, undo }
  document.addEventListener("click", (event) => {
    const choice = event.target instanceof Element ? event.target.closest("button.choice") : null;
    if (!choice) return;
    // htmx drops a second press while the first is on its way (hx-sync "this:drop"): the screen
    // keeps showing the choice that was sent.
    const form = choice.closest("form");
    if (form?.classList.contains("htmx-request")) return;
    const choices = [...(choice.parentElement?.querySelectorAll("button.choice") ?? [])];
    const next = choice.closest("[data-screen]")?.querySelector(".next-button");
    // Back on an official already chosen, the line under the choices says which ("Đã chọn: …"):
    // it follows the press too, or it would name the old choice beside the new ✓.
    const word = choice.closest("[data-screen]")?.querySelector("[data-chosen-word]");
    const before = choices.map((c) => c.getAttribute("aria-pressed"));
    const nextBefore = next ? { className: next.className, label: next.textContent } : null;
    const wordBefore = word ? word.textContent : null;
    pressed = {
      form,
      undo: () => {
        giveBack();
        choices.forEach((c, i) => {
          c.setAttribute("aria-pressed", before[i] ?? "false");
          c.classList.remove("just-chosen");
        });
        if (next && nextBefore) {
          next.className = nextBefore.className;
          next.textContent = nextBefore.label;
        }
        if (word) word.textContent = wordBefore;
      },
    };
    for (const other of choices) other.setAttribute("aria-pressed", String(other === choice));
    choice.classList.add("just-chosen");
    const chosenText = choice.querySelector(".text")?.textContent;
    if (word && chosenText) word.textContent = chosenText;
    if (next) {
      next.classList.replace("quiet", "primary");
      const label = next.getAttribute("data-chosen-label");
      if (label) next.textContent = label;
    }
  });
  // The choice's screen comes 700 ms after its answer: a second press in that moment ("Cỡ chữ",
  // "Quay lại") would be answered first and then covered by the choice's late screen, and the kiosk
  // would show a size or an official other than the one the server holds (newcomer trial). Until
  // the choice's screen is in, the ballot's other forms send nothing: the resident presses again on
  // the screen that follows, and screen and server agree.
  // The choice's request is followed by its context (htmx's `ctx`, the same object from start to
  // end): once swapped, the form is gone from the page and htmx's last event no longer names it. A
  // second press of a choice meanwhile is htmx's to drop (hx-sync), not a new choice to follow. A
  // choice that never ends (it cannot: htmx times requests out) stops holding the others after 15 s.
  // Once the choice's form has left the page its screen is in, whatever htmx has still to finish: a
  // press on that screen at once ("Sửa" the moment the review shows) is the resident's, and goes.
  const SETTLE_LIMIT_MS = 15_000;
  let settling = null; // { ctx, form, since } of the choice on its way or waiting to be shown
  // What the rule does is shown: while a choice settles, the screen's other buttons say they are
  // unavailable (aria-disabled, greyed by kiosk.css), or a second press there did nothing visible
  // and the resident thought the tablet broken (newcomer trial). They stay in the focus order, their
  // labels readable; the chosen one stands out alone. "Nghe hướng dẫn" still plays: it sends
  // nothing. A choice that fails gives them back (`pressed.undo`), and so does the end of the hold:
  // the choice's end without a new screen, or its 15 s.
  let held = null; // { buttons, timer } made unavailable for the choice settling
  const giveBack = () => {
    if (!held) return;
    clearTimeout(held.timer);
    for (const button of held.buttons) button.removeAttribute("aria-disabled");
    held = null;
  };
  const holdOthers = (form, chosen) => {
    giveBack();
    const screen = form.closest("[data-screen]");
    const buttons = [...(screen?.querySelectorAll("button") ?? [])].filter(
      (b) => b !== chosen && !b.disabled && !b.matches(".speak, [aria-disabled='true']"),
    );
    for (const button of buttons) button.setAttribute("aria-disabled", "true");
    held = { buttons, timer: setTimeout(giveBack, SETTLE_LIMIT_MS) };
  };
  document.addEventListener("htmx:config:request", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest("#kiosk")) return;
    if (settling && (!settling.form.isConnected || Date.now() - settling.since > SETTLE_LIMIT_MS))
      settling = null;
    if (settling) {
      if (settling.form !== form) event.preventDefault();
    } else if (form.classList.contains("choices-form") && event.detail?.ctx) {
      settling = { ctx: event.detail.ctx, form, since: Date.now() };
      holdOthers(form, event.detail.ctx.request?.submitter ?? form.querySelector(".just-chosen"));
    }
  });
  document.addEventListener("htmx:finally:request", (event) => {
    if (settling && event.detail?.ctx === settling.ctx) {
      settling = null;
      giveBack();
    }
  });
  document.addEventListener("htmx:error", (event) => {
    if (pressed && event.target === pressed.form) pressed.undo();
  });

  // A screen's questions to the server end with the screen. Each ballot screen asks "still valid?"
  // 3 s after it is shown, and the server holds that question open while nothing changes (up to
  // POLL_HOLD_SECONDS); htmx 4 does not end the request of an element a swap removes, and sends the
  // tick it queued meanwhile afterwards. A resident who read each screen for a few seconds left one
  // held request behind per screen, and the browser gives one site only a few connections: their
  // next press waited behind the held polls, up to a whole hold ("Sửa" on the review did nothing;
  // the kiosk-press flake). The poll of a screen leaving the page is ended, and nothing whose
  // element has left the page is sent.
  document.addEventListener("htmx:before:cleanup", (event) => {
    const el = event.target;
    if (el instanceof Element && el.hasAttribute("hx-get") && window.htmx)
      window.htmx.trigger(el, "htmx:abort", {}, false);
  });
  document.addEventListener("htmx:before:request", (event) => {
    const source = event.detail?.ctx?.sourceElement;
    if (source instanceof Element && !source.isConnected) event.preventDefault();
  });
  document.addEventListener("htmx:finally:request", (event) => {
    if (pressed && event.target === pressed.form) pressed = null;
  });

  // Tab past the last button comes back to the first (and Shift+Tab the other way): focus never
  // leaves the page, so "next" and "press" are enough to reach everything.
  const focusables = () =>
    [
      ...document.querySelectorAll(
        "#kiosk button:not([disabled]), #kiosk a[href], #kiosk input:not([type=hidden]), #kiosk [tabindex]:not([tabindex='-1'])",
      ),
    ].filter((el) => el instanceof HTMLElement && el.offsetParent !== null);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const items = focusables();
    if (items.length === 0) return;
    const active = document.activeElement;
    const before = (el) => active && active !== document.body && el.compareDocumentPosition(active) & 4;
    const after = (el) => active && active !== document.body && active.compareDocumentPosition(el) & 4;
    if (!event.shiftKey && active !== document.body && !items.some(after)) {
      event.preventDefault();
      items[0].focus();
    } else if (event.shiftKey && (active === document.body || !items.some(before))) {
      event.preventDefault();
      items[items.length - 1].focus();
    }
  });

  // Touches and keys that reach no server route (moving focus, scrolling the review, "Nghe hướng
  // dẫn") still mean the resident is there: told to the server at most every few seconds.
  let lastReport = 0;
  const reportPresence = () => {
    const ticket = kiosk()?.querySelector("[data-ticket-id]")?.getAttribute("data-ticket-id");
    const now = Date.now();
    if (!ticket || now - lastReport < 5000) return;
    lastReport = now;
    let headers = {};
    try {
      headers = JSON.parse(document.body.getAttribute("hx-headers:inherited") ?? "{}");
    } catch {}
    fetch("/kiosk/dang-ghi?ping=1", {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ t: ticket }),
      credentials: "same-origin",
    }).catch(() => {});
  };
  document.addEventListener("pointerdown", reportPresence, { passive: true });
  document.addEventListener("keydown", reportPresence);

  // Each new screen takes the focus to its heading, so a screen reader (and the keyboard) starts
  // at the top of what changed; a lost connection shows a large message instead of nothing.
  const banner = () => document.querySelector("[data-offline]");
  // The review list scrolls inside the screen: while rows are hidden below its edge, say so.
  const showMoreBelow = () => {
    const list = document.querySelector(".review-scroll");
    const note = document.querySelector("[data-more-below]");
    if (!list || !note) return;
    const hidden = list.scrollTop + list.clientHeight < list.scrollHeight - 4;
    note.toggleAttribute("hidden", !hidden);
  };
  document.addEventListener("scroll", showMoreBelow, { capture: true, passive: true });
  window.addEventListener("resize", showMoreBelow);

  // "Sửa" on a row far down the review, a new choice, and the review comes back scrolled to its top:
  // at the larger sizes the row just changed was below the edge or under "Còn người ở dưới", and the
  // resident could not see what they had changed (newcomer trial). The row pressed is remembered,
  // in this page's memory only (an official's code, never a mark), and brought back into view.
  let editedRow = null;
  document.addEventListener("click", (event) => {
    const edit = event.target instanceof Element ? event.target.closest(".edit-form") : null;
    const code = edit?.querySelector("input[name=o]")?.getAttribute("value");
    if (code) editedRow = code;
  });
  const showEditedRow = () => {
    if (!editedRow || !document.querySelector("#kiosk [data-screen=review]")) return;
    const row = document.querySelector(`.review-row[data-official="${CSS.escape(editedRow)}"]`);
    editedRow = null;
    // "nearest" within the list's scroll padding: above the note, the list's top row kept in view
    // when it fits.
    row?.scrollIntoView({ block: "nearest" });
  };

  // At "before:settle", in the same task as the new screen entering the page: htmx fires
  // "after:swap" only after its settle timer, and a switch user who tabbed onto the new screen in
  // between had the focus taken back to the heading, so their next "press" did nothing.
  document.addEventListener("htmx:before:settle", () => {
    banner()?.setAttribute("hidden", "");
    applyDisplay();
    const heading = document.querySelector("#kiosk h1");
    if (heading instanceof HTMLElement) heading.focus();
    showEditedRow();
    showMoreBelow();
  });
  document.addEventListener("htmx:error", () => banner()?.removeAttribute("hidden"));
  document.addEventListener("htmx:after:request", () => banner()?.setAttribute("hidden", ""));

  // After "đã ghi nhận", a voided ticket or a refusal, go back to a fresh idle page: a full
  // navigation with location.replace leaves no history entry, the no-store answers nothing in caches.
  let timer = null;
  const scheduleReset = () => {
    const screen = document.querySelector("[data-reset-after]");
    if (!screen || timer) return;
    const seconds = Number(screen.getAttribute("data-reset-after")) || 6;
    timer = setTimeout(() => window.location.replace("/kiosk"), seconds * 1000);
  };
  new MutationObserver(scheduleReset).observe(document.body, { childList: true, subtree: true });
  scheduleReset();
  applyDisplay();
  showMoreBelow();
})();
