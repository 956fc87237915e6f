// The point console's keyboard and timing helpers (issue #14). The page works without this file
// (popovers and autofocus are plain HTML); with it, the result list is used with ↓ ↑ and Enter, and
// a refresh never wipes a question the officer is answering.
(() => {
  if (window.tnConsole) return; // loaded again by a swap of the whole console
  window.tnConsole = true;
  // What only this file makes true (the keys of the result list) is said only with it (console.css).
  document.documentElement.classList.add("has-script");

  const input = () => document.getElementById("q");
  const rows = () => [...document.querySelectorAll("#results tr[data-pick]")];
  let active = -1;
  let activeId = null;

  function clearHighlight() {
    for (const r of rows()) r.classList.remove("is-active");
    active = -1;
    activeId = null;
    input()?.removeAttribute("aria-activedescendant");
  }

  function highlight(index, scroll = true) {
    const list = rows();
    const q = input();
    if (list.length === 0 || !q) {
      clearHighlight();
      return;
    }
    for (const r of list) r.classList.remove("is-active");
    active = Math.max(0, Math.min(index, list.length - 1));
    const row = list[active];
    activeId = row.id;
    row.classList.add("is-active");
    // Only when the officer moves: a refresh that keeps the highlight must not pull the page back.
    if (scroll) row.scrollIntoView({ block: "nearest" });
    q.setAttribute("aria-activedescendant", row.id);
  }

  document.addEventListener("keydown", (e) => {
    const q = input();
    if (!q || e.target !== q) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      // From the row highlighted now, wherever it has moved to.
      const current = activeId ? rows().findIndex((r) => r.id === activeId) : -1;
      highlight((current >= 0 ? current : active) + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter") {
      const list = rows();
      // Enter picks the highlighted resident, or the only one found; it never guesses among several.
      // By who is highlighted, never by position: rows may have moved under the highlight.
      const highlighted = activeId ? list.find((r) => r.id === activeId) : undefined;
      const row = highlighted ?? (list.length === 1 ? list[0] : null);
      // Never the browser's own submit of the search form (a page load with the query in the
      // address and the history; card scanners end with Enter): the search runs as the box changes.
      e.preventDefault();
      row?.querySelector("[data-pick-button]")?.click();
    }
  });

  // A scanned chip card (its QR code: "CCCD|CMND|Họ tên|ngày sinh|giới tính|nơi thường trú|ngày
  // cấp") is cut to what the search uses before it is sent, as the server's cardQuery does: the
  // address, sex, old CMND and issue date stay in the box for the moment it takes, never in a request.
  const cardQuery = (value) => {
    const f = value.trim().split("|");
    if (f.length < 2 || !/^\d{12}$/.test(f[0].trim())) return value;
    const date = (f[3] ?? "").trim();
    return `${f[0].trim()}||${(f[2] ?? "").trim().replace(/\s+/g, " ")}|${/^\d{8}$/.test(date) ? date : ""}`;
  };
  document.addEventListener("htmx:config:request", (e) => {
    const body = e.detail?.ctx?.request?.body;
    const q = input();
    if (!(body instanceof FormData) || !q || typeof body.get("q") !== "string") return;
    const cut = cardQuery(body.get("q"));
    if (cut === body.get("q")) return;
    body.set("q", cut);
    if (e.target === q) q.value = cut;
  });

  // A row clicked with the mouse becomes the highlighted one, so ↓ ↑ continue from there.
  document.addEventListener("click", (e) => {
    const row = e.target instanceof Element ? e.target.closest("#results tr[data-pick]") : null;
    if (row) highlight(rows().indexOf(row));
  });

  // Closing a check-in question without issuing (Escape, "Thôi", a click elsewhere) goes back to the search.
  document.addEventListener(
    "toggle",
    (e) => {
      const pop = e.target;
      if (!(pop instanceof Element) || !pop.matches("#results [popover]")) return;
      if (e.newState === "closed" && pop.isConnected) input()?.focus();
    },
    true,
  );

  // New results: nothing highlighted until the officer presses ↓ (or there is only one); the
  // person already highlighted stays so while they are still in the list, by who they are, never
  // by position (the list looks again every few seconds while every kiosk is taken, and a refused
  // "Phát phiếu" brings the whole check-in card back with rows that may have moved). Only a swap
  // that brings new rows counts: the live panel's answers come at any moment and must not forget the
  // row the officer is on (Enter would then do nothing under a visibly highlighted row). At
  // "after:settle", once the new rows are in and final (htmx's settle step, which put a row's old
  // attributes back for a moment, is off: `defaultSettleDelay: 0`, views/layout.tsx).
  document.addEventListener("htmx:after:settle", (e) => {
    const swapped = e.target;
    if (!(swapped instanceof Element)) return;
    if (swapped.id !== "results" && !swapped.querySelector("#results")) return;
    const list = rows();
    const kept = activeId ? list.findIndex((r) => r.id === activeId) : -1;
    if (kept >= 0) highlight(kept, false);
    else if (list.length === 1) highlight(0);
    else clearHighlight();
  });

  // Each kiosk label of the line kept on one line, as the server draws its sentences
  // (views/components.tsx, KIOSK_LABEL_IN_TEXT and KioskLabelsWhole): never "ở Máy / 1".
  const withWholeLabels = (text) =>
    text.split(/(\S*Máy \d+\S*)/u).map((part, i) => {
      if (i % 2 === 0) return part;
      const label = document.createElement("span");
      label.className = "nowrap";
      label.textContent = part;
      return label;
    });

  // "Đã phát phiếu cho X. Mời cử tri đến Máy 1." is true while Máy 1 holds that ticket (its tile
  // carries the ticket's reference). Once it does not — the resident voted, the ticket was voided —
  // the line is put in the past, in the server's words, so that nobody is sent to a kiosk on the
  // strength of an old line. Looked at after every swap (the live panel's redraw, a tile sent with
  // an answer, the check-in card itself), once all of an answer's parts are in and settled: at
  // "after:swap", not "after:settle", which comes for the main part before its out-of-band tile.
  // A kiosk with no tile on the page yet (the panel still shows it awaiting its second officer, or
  // folded away as silent: the answer's tile had nowhere to go) is waited for; one whose tile was
  // seen holding the ticket and is gone now (unpaired) no longer holds it.
  const putInPast = (note) => {
    note.replaceChildren(...withWholeLabels(note.getAttribute("data-handed-past") || ""));
    note.className = "muted handed-past";
    note.removeAttribute("role");
    note.removeAttribute("data-handed-kiosk");
    note.removeAttribute("data-handed-ticket");
  };
  function pastHandedNotices() {
    for (const note of document.querySelectorAll("[data-handed-kiosk]")) {
      const tile = document.getElementById(`kiosk-tile-${note.getAttribute("data-handed-kiosk")}`);
      if (!tile) {
        if (note.hasAttribute("data-handed-seen")) putInPast(note);
      } else if (tile.getAttribute("data-ticket-ref") === note.getAttribute("data-handed-ticket")) {
        note.setAttribute("data-handed-seen", "");
      } else {
        putInPast(note);
      }
    }
  }
  document.addEventListener("htmx:after:swap", pastHandedNotices);

  // A refresh (the live panel, the waiting list every 5 s) would replace an open question under the
  // officer's finger: it waits until the question is answered or closed.
  document.addEventListener("htmx:before:request", (e) => {
    const elt = e.target;
    if (!(elt instanceof Element) || !elt.matches("#live, #results")) return;
    if (elt.querySelector(":popover-open")) e.preventDefault();
  });

  // The live panel's poll is held by the server until something changes, so its answer can come
  // while a question in the panel is open ("Không thu về?" on a kiosk): that answer is dropped. The
  // panel still carries the version it shows, so its next poll, once the question is closed, brings
  // the change at once. The same for a question open in the check-in ("Phát phiếu cho …?") when the
  // answer redraws the search (another officer opened, paused or resumed the point).
  document.addEventListener("htmx:before:swap", (e) => {
    const elt = e.target;
    if (!(elt instanceof Element) || !elt.matches("#live")) return;
    if (elt.querySelector(":popover-open")) {
      e.preventDefault();
      return;
    }
    const tasks = e.detail?.tasks ?? [];
    const redrawsCheckIn = tasks.some((t) => t.target instanceof Element && t.target.closest("#checkin"));
    if (redrawsCheckIn && document.querySelector("#checkin :popover-open")) e.preventDefault();
  });

  // The search takes the keyboard as soon as it can lead to a ballot: the point opened from another
  // console, or the first kiosk ready (the pairing card, which led the page, goes back beside it:
  // console.css) — as on a page loaded then. Not while the officer is in another field, nor with a
  // scroll: the box is at the top of the page by then.
  const searchable = () => {
    const q = input();
    const lead = document.getElementById("pair-status")?.getAttribute("data-lead");
    return !!q && !q.disabled && lead !== "main";
  };
  let couldSearch = searchable();
  // An action of the officer's whose answer redraws what they pressed ("Kết nối máy", "Mở thêm 5
  // phút", "Xác nhận" in the live panel) leaves the focus nowhere, and a card scanned next would type
  // into nothing (newcomer trial): the search takes it back, as after a ticket. htmx names the form
  // or button that sent the request as the target of its swap events.
  let pressedHere = false;
  document.addEventListener("htmx:before:swap", (e) => {
    const active = document.activeElement;
    pressedHere =
      e.target instanceof Element && !!active && active !== document.body && e.target.contains(active);
  });
  document.addEventListener("htmx:after:swap", () => {
    const can = searchable();
    const idle = !document.activeElement || document.activeElement === document.body;
    if (can && idle && (!couldSearch || pressedHere)) input()?.focus({ preventScroll: true });
    couldSearch = can;
    pressedHere = false;
  });
})();
