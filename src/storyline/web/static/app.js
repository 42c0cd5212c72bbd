// storyline: legend buttons switch the highlight classes on and off. Loaded from /static (CSP: no inline script).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".legend .toggle[data-mark]")) {
    button.addEventListener("click", () => {
      const on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(on));
      document.body.classList.toggle("hide-" + button.dataset.mark, !on);
    });
  }
});
