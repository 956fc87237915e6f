// Kiosk behaviour that HTML alone cannot give: the text-size toggle, the live "Đã đánh giá n/N"
// count, and the return to the idle screen after a ballot. Nothing is stored in the browser:
// no localStorage, no sessionStorage, no cookies written from here.
(() => {
  const html = document.documentElement;

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const sizeButton = target?.closest("[data-text-size]");
    if (sizeButton) {
      const big = html.classList.toggle("big");
      sizeButton.setAttribute("aria-pressed", String(big));
      return;
    }
    // "Làm lại" asks on the page first; "Không" keeps the ballot as it is.
    const confirm = document.getElementById("restart-confirm");
    if (target?.closest("[data-ask-restart]") && confirm) {
      confirm.hidden = false;
      // Focus on the safe answer: a second Enter must not wipe the ballot.
      confirm.querySelector("[data-keep-ballot]")?.focus();
    } else if (target?.closest("[data-keep-ballot]") && confirm) {
      confirm.hidden = true;
    }
  });

  document.addEventListener("keydown", (event) => {
    const confirm = document.getElementById("restart-confirm");
    if (event.key === "Escape" && confirm && !confirm.hidden) confirm.hidden = true;
  });

  const updateProgress = (form) => {
    const total = Number(form.dataset.total || "0");
    const names = new Set();
    for (const input of form.querySelectorAll("input[type=radio]:checked")) names.add(input.name);
    const out = form.querySelector("[data-progress]");
    if (out) out.textContent = `Đã đánh giá ${names.size}/${total}`;
  };

  // Enter on a choice chooses it (as Space does) instead of jumping to the review screen with the
  // ballot half done.
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    if (event.key !== "Enter" || !(target instanceof HTMLInputElement) || target.type !== "radio") return;
    event.preventDefault();
    target.checked = true;
    target.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.addEventListener("change", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-ballot]") : null;
    if (form) updateProgress(form);
  });

  // Each new screen takes the focus to its heading, so a screen reader (and the keyboard) starts
  // at the top of what changed; a lost connection shows a large message instead of nothing.
  const banner = () => document.querySelector("[data-offline]");
  document.addEventListener("htmx:after:swap", () => {
    banner()?.setAttribute("hidden", "");
    const heading = document.querySelector("#kiosk h1");
    if (heading instanceof HTMLElement) heading.focus();
  });
  document.addEventListener("htmx:error", () => banner()?.removeAttribute("hidden"));
  document.addEventListener("htmx:after:request", () => banner()?.setAttribute("hidden", ""));

  // After "đã ghi nhận" (or a refusal), go back to a fresh idle page: a full navigation with
  // location.replace leaves no history entry, and the no-store answers keep nothing in caches.
  let timer = null;
  const scheduleReset = () => {
    const screen = document.querySelector("[data-reset-after]");
    if (!screen || timer) return;
    const seconds = Number(screen.getAttribute("data-reset-after")) || 6;
    timer = setTimeout(() => window.location.replace("/kiosk"), seconds * 1000);
  };
  new MutationObserver(scheduleReset).observe(document.body, { childList: true, subtree: true });
  scheduleReset();
})();
