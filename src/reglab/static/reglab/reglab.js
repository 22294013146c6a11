/* Reglab's only script: small behaviours wired by data attributes, so no page needs inline JavaScript
   (the Content-Security-Policy forbids it). Every page works without it. */
document.addEventListener("click", (event) => {
  const printButton = event.target.closest("[data-print]");
  if (printButton) {
    event.preventDefault();
    window.print();
  }
});

/* A background job's status page ([data-poll-url]): ask the JSON status every second until the job
   is done or failed, and show its state, message and result link. */
function pollStatus(box) {
  const url = box.dataset.pollUrl;
  const show = (state) => {
    box.dataset.status = state.status;
    for (const field of box.querySelectorAll("[data-poll-field]")) {
      const text = state[field.dataset.pollField] || "–";
      field.textContent = text.charAt(0).toUpperCase() + text.slice(1);
    }
    for (const link of box.querySelectorAll("[data-poll-href]")) {
      const href = state[link.dataset.pollHref];
      link.hidden = !href;
      if (href) link.href = href;
    }
    box.querySelector("[data-poll-show=finished]").hidden = !state.finished;
    box.querySelector("[data-poll-show=waiting]").hidden = state.finished;
    return state.finished;
  };
  const tick = () => {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((state) => { if (!show(state)) window.setTimeout(tick, 1000); })
      .catch(() => window.setTimeout(tick, 3000));
  };
  if (!["done", "failed"].includes(box.dataset.status)) window.setTimeout(tick, 1000);
}
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-poll-url]")) pollStatus(box);
});
