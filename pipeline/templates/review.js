"use strict";
(() => {
  const claims = JSON.parse(document.getElementById("claims-data").textContent);
  const tip = document.getElementById("tip");
  const FIELDS = [["surface", "surface"], ["kind", "kind"], ["value", "value"], ["qualifier", "qualifier"],
    ["subject", "subject"], ["metric", "metric"], ["period", "period"], ["change", "change"],
    ["target", "target"], ["pattern_id", "pattern"]];
  let lit = [];

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function unlight() {
    lit.forEach((node) => node.classList.remove("hl"));
    lit = [];
  }

  // The details of a claim beside it; its pieces and its subject's mentions lit up.
  function show(mark) {
    const id = mark.dataset.claim;
    const c = claims[id];
    if (!c) return;
    unlight();
    tip.replaceChildren();
    if (c.status) tip.append(el("p", c.status, "status " + c.status));
    const dl = el("dl");
    for (const [key, label] of FIELDS) {
      dl.append(el("dt", label), el("dd", c[key] === null || c[key] === "" ? "—" : String(c[key]), "f-" + key));
    }
    tip.append(dl);
    if (c.changes.length) {
      const ul = el("ul");
      for (const [field, before, after] of c.changes) ul.append(el("li", `${field}: ${before} → ${after}`));
      tip.append(ul);
    }
    const article = mark.closest("article");
    lit = [...document.querySelectorAll(`[data-claim="${CSS.escape(id)}"]`)];
    if (article && c.subject_entity_id) {
      lit.push(...article.querySelectorAll(`.subj[data-entity="${CSS.escape(c.subject_entity_id)}"]`));
    }
    lit.forEach((node) => node.classList.add("hl"));
    const box = mark.getBoundingClientRect();
    tip.hidden = false;
    const left = Math.min(box.left, document.documentElement.clientWidth - tip.offsetWidth - 8);
    tip.style.left = `${Math.max(4, left) + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  function hide() {
    tip.hidden = true;
    unlight();
  }

  const claimOf = (node) => (node instanceof Element ? node.closest("[data-claim]") : null);
  document.addEventListener("mouseover", (e) => { const m = claimOf(e.target); if (m) show(m); });
  document.addEventListener("mouseout", (e) => {
    if (claimOf(e.target) && !claimOf(e.relatedTarget)) hide();
  });
  document.addEventListener("focusin", (e) => { const m = claimOf(e.target); if (m) show(m); });
  document.addEventListener("focusout", (e) => { if (claimOf(e.target)) hide(); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });

  // The table: a row jumps to its claim; headers sort; the form filters.
  const body = document.querySelector(".claims tbody");
  const rows = [...body.rows];
  function jump(row) {
    const target = document.getElementById("c-" + row.dataset.claimRow);
    if (!target) return;
    history.replaceState(null, "", "#c-" + row.dataset.claimRow);
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
  body.addEventListener("click", (e) => {
    const row = e.target.closest("tr");
    if (!row) return;
    e.preventDefault();
    jump(row);
  });
  body.addEventListener("keydown", (e) => { if (e.key === "Enter" && e.target.matches("tr")) jump(e.target); });

  const headers = [...document.querySelectorAll(".claims th")];
  headers.forEach((th, col) => th.addEventListener("click", () => {
    const down = th.getAttribute("aria-sort") === "ascending";
    headers.forEach((h) => h.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", down ? "descending" : "ascending");
    const key = (row) => {
      const cell = row.cells[col];
      return th.dataset.type === "num" ? parseFloat(cell.dataset.sort) : cell.textContent;
    };
    const sorted = rows.slice().sort((a, b) => {
      const x = key(a), y = key(b);
      const order = th.dataset.type === "num" ? (isNaN(x) ? 1 : isNaN(y) ? -1 : x - y) : x.localeCompare(y, "zh");
      return down ? -order : order;
    });
    body.append(...sorted);
  }));

  const form = document.querySelector(".filters");
  function filter() {
    const f = form.elements;
    const subject = f.subject.value.trim(), metric = f.metric.value.trim();
    let shown = 0;
    for (const row of rows) {
      const ok = (!f.kind.value || row.dataset.kind === f.kind.value)
        && (!f.pattern.value || row.dataset.pattern === f.pattern.value)
        && (!f.status || !f.status.value || row.dataset.status === f.status.value)
        && row.querySelector(".f-subject").textContent.includes(subject)
        && row.querySelector(".f-metric").textContent.includes(metric);
      row.hidden = !ok;
      shown += ok;
    }
    f.shown.value = `${shown} of ${rows.length} claims`;
    document.querySelectorAll(".legend button").forEach((b) => b.classList.toggle("on", b.dataset.kind === f.kind.value));
  }
  form.addEventListener("input", filter);
  document.querySelectorAll(".legend button").forEach((b) => b.addEventListener("click", () => {
    form.elements.kind.value = form.elements.kind.value === b.dataset.kind ? "" : b.dataset.kind;
    filter();
  }));
})();
