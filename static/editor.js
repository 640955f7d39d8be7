// The editor: keyboard-first translation of one article against the JSON API.
//
// State lives in the segment rows the server rendered (data-segment-id, data-revision, data-status); this
// script only talks to /api/v1 with the session cookie and the page's CSRF token. A save is never dropped:
// failed saves are retried with backoff, a conflict (409) is put in front of the translator with both
// versions, and leaving the page with anything unsaved asks first.
(() => {
  "use strict";

  const editor = document.querySelector("[data-editor]");
  if (!editor) return;

  const AUTOSAVE_MS = 1200;
  const MAX_RETRY_MS = 30000;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const canReview = editor.dataset.canReview === "true";
  const rows = Array.from(editor.querySelectorAll("[data-segment-id]"));
  const overall = document.getElementById("save-overall");
  const states = new Map();
  let active = null;

  for (const row of rows) {
    states.set(row, {
      id: row.dataset.segmentId,
      revision: Number(row.dataset.revision),
      savedText: field(row).value,
      savedStatus: row.dataset.status,
      timer: null,
      saving: false,
      queued: null,
      failed: false,
      retryMs: 1000,
      conflict: false,
    });
  }

  function field(row) {
    return row.querySelector("textarea");
  }

  // The server renders read-only the segments this user may not change (a terminologist's, or a reviewed
  // or final one for a translator until a reviewer sends it back): nothing is typed, inserted or saved
  // there that the server would refuse.
  function writable(row) {
    return !field(row).readOnly;
  }

  function sourceText(row) {
    return row.querySelector(".source").textContent;
  }

  function dirty(row) {
    const s = states.get(row);
    return field(row).value !== s.savedText;
  }

  async function api(method, path, body) {
    const response = await fetch("/api/v1" + path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json = null;
    try {
      json = await response.json();
    } catch (_) {
      json = null;
    }
    return { status: response.status, json };
  }

  // ---- saving -------------------------------------------------------------------------------------

  function showState(row, text, kind) {
    const el = row.querySelector(".save-state");
    el.textContent = text;
    el.className = "save-state " + (kind || "");
    updateOverall();
  }

  function updateOverall() {
    let unsaved = 0;
    let failed = 0;
    let saving = 0;
    for (const [row, s] of states) {
      if (s.failed || s.conflict) failed += 1;
      else if (s.saving || s.timer) saving += 1;
      else if (dirty(row)) unsaved += 1;
    }
    if (failed) overall.textContent = `${failed} segment(s) not saved — retrying`;
    else if (saving) overall.textContent = "Saving…";
    else if (unsaved) overall.textContent = `${unsaved} unsaved`;
    else overall.textContent = "All changes saved";
    overall.dataset.state = failed ? "failed" : saving || unsaved ? "saving" : "saved";
  }

  function applySaved(row, revision) {
    const s = states.get(row);
    s.revision = revision.revision;
    s.savedText = revision.target;
    s.savedStatus = revision.status;
    row.dataset.revision = String(revision.revision);
    row.dataset.status = revision.status;
    const badge = row.querySelector(".badge");
    badge.textContent = revision.status;
    badge.className = "badge " + revision.status;
    row.querySelector(".revision").textContent = "rev " + revision.revision;
  }

  function schedule(row) {
    if (!writable(row)) return;
    const s = states.get(row);
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      s.timer = null;
      if (dirty(row)) save(row, "initial");
    }, AUTOSAVE_MS);
    showState(row, "editing", "");
  }

  async function save(row, status, comment) {
    if (!writable(row)) return;
    const s = states.get(row);
    clearTimeout(s.timer);
    s.timer = null;
    if (s.conflict) return;
    if (s.saving) {
      s.queued = status;
      return;
    }
    const text = field(row).value;
    if (text === s.savedText && status === s.savedStatus && !comment) {
      showState(row, "saved", "saved");
      return;
    }
    s.saving = true;
    showState(row, "saving…", "saving");
    let result;
    try {
      const body = { target: text, status, base_revision: s.revision };
      if (comment) body.comment = comment;
      result = await api("PUT", `/segments/${s.id}`, body);
    } catch (_) {
      result = { status: 0, json: null };
    }
    s.saving = false;
    if (result.status === 200) {
      s.failed = false;
      s.retryMs = 1000;
      applySaved(row, result.json);
      showFindings(row, result.json.findings, result.json.target);
      showState(row, "saved", "saved");
      const next = s.queued;
      s.queued = null;
      if (next) save(row, next);
      else if (dirty(row)) schedule(row);
    } else if (result.status === 409 && result.json && result.json.current) {
      s.conflict = true;
      showState(row, "conflict", "failed");
      resolveConflict(row, status, result.json.current, comment);
    } else if (result.status === 0 || result.status >= 500) {
      s.failed = true;
      showState(row, `not saved — retrying in ${Math.round(s.retryMs / 1000)} s`, "failed");
      const wait = s.retryMs;
      s.retryMs = Math.min(s.retryMs * 2, MAX_RETRY_MS);
      setTimeout(() => save(row, s.queued || status, comment), wait);
    } else {
      // A refusal the translator must act on (a role that may not set this status, a segment split
      // meanwhile): keep the text, say why, and keep warning before leaving.
      s.failed = true;
      const message = result.json && result.json.error ? result.json.error.message : `error ${result.status}`;
      showState(row, "not saved: " + message, "failed");
    }
  }

  // ---- quality findings ---------------------------------------------------------------------------

  // The same list the page rendered, from a save's answer: kind, message, the spanned text, an ignore.
  function showFindings(row, findings, target) {
    const items = findings.map((finding) => {
      const item = document.createElement("li");
      item.className = `finding ${finding.severity}${finding.ignored ? " ignored" : ""}`;
      item.dataset.kind = finding.kind;
      if (finding.span && finding.span.side === "target") {
        item.dataset.start = String(finding.span.start);
        item.dataset.end = String(finding.span.end);
      }
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = finding.kind;
      item.append(kind, " " + finding.message);
      if (finding.span) {
        // Spans count Unicode scalar values, as Array.from does.
        const text = Array.from(finding.span.side === "source" ? sourceText(row) : target);
        const mark = document.createElement("mark");
        mark.dir = "auto";
        mark.textContent = text.slice(finding.span.start, finding.span.end).join("");
        item.append(" ", mark);
      }
      if (finding.ignored) {
        const by = document.createElement("span");
        by.className = "ignored-by";
        by.textContent = `ignored by ${finding.ignored.by}: ${finding.ignored.reason}`;
        item.append(" ", by);
      }
      return item;
    });
    row.querySelector(".findings").replaceChildren(...items);
  }

  // Selects a finding's stretch of the translation: spans count Unicode scalar values, the field UTF-16
  // units. Only on the saved text, which the span describes.
  function selectSpan(row, item) {
    const area = field(row);
    if (dirty(row)) return;
    const chars = Array.from(area.value);
    const from = chars.slice(0, Number(item.dataset.start)).join("").length;
    const length = chars.slice(Number(item.dataset.start), Number(item.dataset.end)).join("").length;
    area.focus();
    area.setSelectionRange(from, from + length);
  }

  // ---- conflicts ----------------------------------------------------------------------------------

  const conflictDialog = document.getElementById("conflict");
  // Nothing is decided by pressing Esc: the translator picks a version.
  conflictDialog.addEventListener("cancel", (event) => event.preventDefault());

  function resolveConflict(row, status, current, comment) {
    const s = states.get(row);
    const mine = field(row).value;
    conflictDialog.querySelector(".mine").textContent = mine;
    conflictDialog.querySelector(".theirs").textContent = current.target;
    conflictDialog.querySelector(".theirs-by").textContent =
      `${current.author || "someone"}, revision ${current.revision}, ${current.status}`;
    const merged = conflictDialog.querySelector("textarea");
    merged.value = mine === current.target ? mine : `${current.target}\n${mine}`;
    conflictDialog.returnValue = "";
    conflictDialog.showModal();
    conflictDialog.addEventListener(
      "close",
      () => {
        const choice = conflictDialog.returnValue || "mine";
        s.conflict = false;
        s.revision = current.revision;
        s.savedText = current.target;
        s.savedStatus = current.status;
        if (choice === "theirs") {
          field(row).value = current.target;
          applySaved(row, current);
          showState(row, "took the other version", "saved");
        } else {
          if (choice === "merge") field(row).value = merged.value;
          save(row, status, comment);
        }
      },
      { once: true },
    );
  }

  // ---- moving around ------------------------------------------------------------------------------

  function visibleRows() {
    return rows.filter((row) => !row.hidden);
  }

  function activate(row, focus) {
    if (!row) return;
    if (active !== row) {
      if (active) active.classList.remove("active");
      active = row;
      row.classList.add("active");
      showMatches(row);
      showSuggestions(row);
      showHistory(row);
    }
    if (focus) {
      field(row).focus();
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function neighbour(row, step) {
    const list = visibleRows();
    const i = list.indexOf(row);
    return list[i + step] || null;
  }

  function nextUnfinished(row) {
    const list = visibleRows();
    const start = list.indexOf(row);
    for (let k = 1; k < list.length; k += 1) {
      const candidate = list[(start + k) % list.length];
      if (candidate.dataset.status === "initial") return candidate;
    }
    return neighbour(row, 1);
  }

  // ---- glossary panel -----------------------------------------------------------------------------

  function marks(row) {
    return Array.from(row.querySelectorAll("mark.term"));
  }

  function showMatches(row) {
    const list = document.getElementById("matches");
    list.replaceChildren();
    marks(row).forEach((mark, i) => {
      const item = document.createElement("li");
      const surface = document.createElement("span");
      surface.lang = editor.dataset.sourceLang;
      surface.dir = editor.dataset.sourceDir;
      surface.textContent = mark.textContent;
      const target = document.createElement("span");
      target.className = "target";
      target.textContent = mark.dataset.target;
      item.append(i < 9 ? `Alt+${i + 1} ` : "", surface, " → ", target, ` (${mark.dataset.kind}`);
      if (mark.dataset.status === "forbidden") item.append(", forbidden term");
      item.append(")");
      if (mark.dataset.note) {
        const note = document.createElement("div");
        note.textContent = mark.dataset.note;
        item.append(note);
      }
      list.append(item);
    });
    document.getElementById("matches-empty").hidden = marks(row).length > 0;
  }

  function insertTerm(row, n) {
    const mark = marks(row)[n];
    if (!mark || !mark.dataset.target || !writable(row)) return;
    const area = field(row);
    area.setRangeText(mark.dataset.target, area.selectionStart, area.selectionEnd, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // ---- translation memory panel -------------------------------------------------------------------

  let suggestionsFor = null;
  let suggestions = [];

  async function showSuggestions(row) {
    const s = states.get(row);
    suggestionsFor = row;
    const list = document.getElementById("suggestions");
    list.replaceChildren();
    const { status, json } = await api("GET", `/segments/${s.id}/suggestions`);
    if (suggestionsFor !== row || status !== 200) return;
    suggestions = json;
    document.getElementById("suggestions-empty").hidden = json.length > 0;
    json.forEach((suggestion, i) => {
      const item = document.createElement("li");
      const head = document.createElement("div");
      const note = suggestion.score.note ? ` (${suggestion.score.note.replaceAll("_", " ")})` : "";
      head.textContent = `Alt+Shift+${i + 1} · ${suggestion.score.percent}%${note} · ${suggestion.origin}`;
      const target = document.createElement("div");
      target.className = "target";
      target.lang = editor.dataset.targetLang;
      target.textContent = suggestion.target;
      const diff = document.createElement("div");
      diff.className = "diff";
      diff.lang = editor.dataset.sourceLang;
      diff.dir = editor.dataset.sourceDir;
      for (const chunk of suggestion.diff) {
        const el = document.createElement(chunk.op === "insert" ? "ins" : chunk.op === "delete" ? "del" : "span");
        el.textContent = chunk.text;
        diff.append(el);
      }
      const use = document.createElement("button");
      use.type = "button";
      use.textContent = "Use";
      use.addEventListener("click", () => useSuggestion(row, i));
      item.append(head, target, diff, use);
      list.append(item);
    });
  }

  function useSuggestion(row, n) {
    const suggestion = suggestionsFor === row ? suggestions[n] : null;
    if (!suggestion || !writable(row)) return;
    field(row).value = suggestion.target;
    field(row).focus();
    schedule(row);
  }

  // ---- history panel ------------------------------------------------------------------------------

  let historyFor = null;

  async function showHistory(row) {
    const s = states.get(row);
    historyFor = row;
    const list = document.getElementById("history");
    list.replaceChildren();
    const { status, json } = await api("GET", `/segments/${s.id}/revisions`);
    if (historyFor !== row || status !== 200) return;
    for (const revision of json) {
      const item = document.createElement("li");
      const head = document.createElement("div");
      const when = revision.at ? new Date(revision.at).toLocaleString() : "";
      head.textContent = `rev ${revision.revision} · ${revision.status} · ${revision.author || ""} · ${when} · ${revision.origin}`;
      if (revision.comment) {
        const comment = document.createElement("div");
        comment.className = "comment";
        comment.textContent = `“${revision.comment}”`;
        head.append(comment);
      }
      const diff = document.createElement("div");
      diff.className = "diff";
      diff.lang = editor.dataset.targetLang;
      for (const chunk of revision.diff) {
        const el = document.createElement(chunk.op === "insert" ? "ins" : chunk.op === "delete" ? "del" : "span");
        el.textContent = chunk.text;
        diff.append(el);
      }
      item.append(head, diff);
      if (revision.revision !== s.revision && writable(row)) {
        const restore = document.createElement("button");
        restore.type = "button";
        restore.textContent = "Restore";
        restore.dataset.restore = String(revision.revision);
        restore.addEventListener("click", () => restoreRevision(row, revision.revision));
        item.append(restore);
      }
      list.append(item);
    }
  }

  async function restoreRevision(row, revision) {
    const s = states.get(row);
    if (dirty(row) && !confirm("Discard your unsaved text and restore this revision?")) return;
    const result = await api("POST", `/segments/${s.id}/revert`, { revision, base_revision: s.revision });
    if (result.status === 200) {
      field(row).value = result.json.target;
      applySaved(row, result.json);
      showFindings(row, result.json.findings, result.json.target);
      showState(row, `restored revision ${revision}`, "saved");
      showHistory(row);
    } else if (result.status === 409 && result.json && result.json.current) {
      resolveConflict(row, states.get(row).savedStatus, result.json.current);
    } else {
      showState(row, "restore failed: " + (result.json?.error?.message || result.status), "failed");
    }
  }

  // ---- structure: split and merge -----------------------------------------------------------------

  const splitDialog = document.getElementById("split");

  function askSplit(row) {
    const area = splitDialog.querySelector("textarea");
    area.value = sourceText(row);
    area.dir = editor.dataset.sourceDir;
    splitDialog.returnValue = "";
    splitDialog.showModal();
    area.focus();
    splitDialog.addEventListener(
      "close",
      async () => {
        if (splitDialog.returnValue !== "split") return;
        const offset = Array.from(area.value.slice(0, area.selectionStart)).length;
        const result = await api("POST", `/segments/${states.get(row).id}/split`, { offset });
        if (result.status === 200) location.reload();
        else alert("Cannot split: " + (result.json?.error?.message || result.status));
      },
      { once: true },
    );
  }

  async function mergeNext(row) {
    if (dirty(row)) await save(row, "initial");
    const result = await api("POST", `/segments/${states.get(row).id}/merge`);
    if (result.status === 200) location.reload();
    else alert("Cannot merge: " + (result.json?.error?.message || result.status));
  }

  // ---- filters ------------------------------------------------------------------------------------

  function applyFilters() {
    const status = document.getElementById("filter-status").value;
    const needle = document.getElementById("find").value.trim().toLocaleLowerCase();
    for (const row of rows) {
      const statusOk = !status || row.dataset.status === status;
      const text = (sourceText(row) + "\n" + field(row).value).toLocaleLowerCase();
      row.hidden = !(statusOk && (!needle || text.includes(needle)));
    }
  }

  document.getElementById("filter-status").addEventListener("change", applyFilters);
  document.getElementById("find").addEventListener("input", applyFilters);
  document.getElementById("jump").addEventListener("submit", (event) => {
    event.preventDefault();
    const n = Number(document.getElementById("jump-to").value);
    const row = rows.find((r) => Number(r.dataset.index) === n - 1);
    if (row) {
      row.hidden = false;
      activate(row, true);
    }
  });

  // ---- wiring -------------------------------------------------------------------------------------

  for (const row of rows) {
    const area = field(row);
    area.addEventListener("focus", () => activate(row, false));
    area.addEventListener("input", () => schedule(row));
    row.addEventListener("click", (event) => {
      const finding = event.target.closest(".finding[data-start]");
      if (finding) selectSpan(row, finding);
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const action = button.dataset.action;
      if (action === "split") askSplit(row);
      else if (action === "merge") mergeNext(row);
      else if (action === "send-back") {
        const comment = prompt("What needs another look? (sent back to the translator as a draft)");
        if (comment && comment.trim()) save(row, "initial", comment.trim());
      }
      else if (action === "reviewed" || action === "final" || action === "translated") save(row, action);
    });
  }

  const help = document.getElementById("help");
  document.getElementById("help-open").addEventListener("click", () => help.showModal());
  const download = document.getElementById("download");
  if (download) {
    download.addEventListener("change", () => {
      if (download.value) location.href = download.value;
    });
  }

  document.addEventListener("keydown", (event) => {
    const row = active;
    const inField = event.target instanceof HTMLTextAreaElement;
    if ((event.key === "?" && !inField) || event.key === "F1") {
      event.preventDefault();
      help.open ? help.close() : help.showModal();
      return;
    }
    if (!row) return;
    if (event.ctrlKey && event.key === "Enter") {
      event.preventDefault();
      const status = event.altKey && canReview ? "reviewed" : "translated";
      save(row, status);
      activate(nextUnfinished(row), true);
    } else if (event.ctrlKey && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      activate(neighbour(row, event.key === "ArrowDown" ? 1 : -1), true);
    } else if (event.ctrlKey && event.shiftKey && (event.key === "S" || event.key === "s")) {
      event.preventDefault();
      if (!writable(row)) return;
      field(row).value = sourceText(row);
      schedule(row);
    } else if (event.key === "Escape" && inField && !document.querySelector("dialog[open]")) {
      event.preventDefault();
      const s = states.get(row);
      clearTimeout(s.timer);
      s.timer = null;
      field(row).value = s.savedText;
      showState(row, "reverted", "");
    } else if (event.altKey && event.shiftKey && /^Digit[1-5]$/.test(event.code)) {
      event.preventDefault();
      useSuggestion(row, Number(event.code.slice(5)) - 1);
    } else if (event.altKey && /^Digit[1-9]$/.test(event.code)) {
      event.preventDefault();
      insertTerm(row, Number(event.code.slice(5)) - 1);
    }
  });

  window.addEventListener("beforeunload", (event) => {
    const pending = Array.from(states).some(([row, s]) => dirty(row) || s.saving || s.failed || s.conflict);
    if (pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  updateOverall();
  const first = rows.find((row) => row.dataset.status === "initial") || rows[0];
  if (first) activate(first, true);
})();
