// A form is sent once: while a POST form is sending, its submit buttons are disabled (and
// busy, which Pico shows with a spinner), so a second click does nothing. The server also
// recognises a form sent twice (clp.core.once); this only saves the second trip.
(() => {
  const SENDING = "onceSending";
  const buttons = (form) =>
    form.querySelectorAll('button:not([type="button"]):not([type="reset"]), input[type="submit"]');

  function release(form) {
    delete form.dataset[SENDING];
    buttons(form).forEach((button) => {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (event.defaultPrevented) return; // a confirmation was declined, say
    if (form.dataset[SENDING]) {
      event.preventDefault();
      return;
    }
    form.dataset[SENDING] = "yes";
    const pressed = event.submitter;
    // After the browser has read the form (a disabled button would not be sent).
    setTimeout(() => {
      buttons(form).forEach((button) => {
        button.disabled = true;
      });
      if (pressed) pressed.setAttribute("aria-busy", "true");
    }, 0);
    // A form that does not leave the page (a download) can be sent again after a while.
    setTimeout(() => release(form), 15000);
  });

  // htmx sends without leaving the page: the form is free again when the answer is in.
  document.addEventListener("htmx:afterRequest", (event) => {
    const form = event.target.closest && event.target.closest("form");
    if (form) release(form);
  });
  // Back to a page kept by the browser: its forms are not sending any more.
  window.addEventListener("pageshow", () => document.querySelectorAll("form").forEach(release));
})();
