// Small page behaviours that need no framework, kept out of the HTML so the content security policy can
// forbid inline script and style.
(() => {
  "use strict";
  // Progress bars: widths come from data attributes (style attributes would need 'unsafe-inline').
  for (const bar of document.querySelectorAll("[data-width]")) {
    bar.style.width = `${Number(bar.dataset.width) || 0}%`;
  }
  // The error page's way back keeps what the form held (a new page would be empty).
  for (const button of document.querySelectorAll("[data-back]")) {
    button.addEventListener("click", () => history.back());
  }
})();
