// Copy and print buttons for the receipt page: an extra, the page works without them.
document.addEventListener("DOMContentLoaded", () => {
  const copy = document.querySelector("[data-copy]");
  const print = document.querySelector("[data-print]");
  const copied = document.querySelector("[data-copied]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", () => {
      const text = document.getElementById(copy.dataset.copy).textContent.replace(/\s+/g, "");
      navigator.clipboard.writeText(text).then(() => { if (copied) copied.hidden = false; });
    });
  }
  if (print) {
    print.hidden = false;
    print.addEventListener("click", () => window.print());
  }
});
