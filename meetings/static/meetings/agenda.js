// After htmx swaps the agenda in, forms that ask for confirmation ask again.
document.addEventListener("htmx:afterSwap", (event) => {
  event.detail.target.querySelectorAll?.("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (submit) => {
      if (!window.confirm(form.dataset.confirm)) submit.preventDefault();
    });
  });
});
document.addEventListener("htmx:afterSettle", () => {
  const agenda = document.getElementById("agenda");
  if (agenda) agenda.dataset.swapped = String(Number(agenda.dataset.swapped || 0) + 1);
});
// The running clock beside the agenda on the minutes page: the time now, and the item the
// agenda planned for now marked (without JavaScript the planned times are there anyway).
document.addEventListener("DOMContentLoaded", () => {
  const clock = document.querySelector("[data-clock]");
  if (!clock) return;
  const now = clock.querySelector("[data-clock-now]");
  const slots = document.querySelectorAll(".running-clock li[data-starts]");
  const tick = () => {
    const time = new Date();
    now.textContent = time.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
    slots.forEach((slot) => {
      const current = new Date(slot.dataset.starts) <= time && time < new Date(slot.dataset.ends);
      if (current) slot.setAttribute("aria-current", "time");
      else slot.removeAttribute("aria-current");
    });
  };
  clock.hidden = false;
  tick();
  setInterval(tick, 30000);
});
