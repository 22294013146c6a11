/* Reglab's only script: small behaviours wired by data attributes, so no page needs inline JavaScript
   (the Content-Security-Policy forbids it). Every page works without it. */
document.addEventListener("click", (event) => {
  const printButton = event.target.closest("[data-print]");
  if (printButton) {
    event.preventDefault();
    window.print();
  }
});
