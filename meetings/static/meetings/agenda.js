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
