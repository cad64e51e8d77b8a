// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // On a phone the menu folds behind one button (without JavaScript the links just wrap).
  const toggle = document.querySelector(".menu-toggle");
  const links = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (links) {
    document.documentElement.classList.add("js-menu");
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      links.classList.toggle("open", open);
    });
  }
  // A wide table scrolls inside its own box, reachable by keyboard, instead of the page.
  document.querySelectorAll("main table").forEach((table) => {
    if (table.parentElement.classList.contains("table-scroll")) return;
    const box = document.createElement("div");
    box.className = "table-scroll";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    const caption = table.querySelector("caption");
    box.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    table.replaceWith(box);
    box.appendChild(table);
  });
  // Forms that ask for confirmation: <form data-confirm="Are you sure?">
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
});
