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
      refused: false,
    });
  }

  // The text saved: a textarea's value, with each inline code as its marker character. A segment with
  // codes is edited in a box of text and chips drawn from it (see «inline codes» below), the textarea
  // hidden behind it; `box` is what the translator types in either way.
  function field(row) {
    return row.querySelector("textarea");
  }

  function box(row) {
    return row.querySelector(".coded") || field(row);
  }

  // Translation boxes grow with their text: a long sentence is read whole, not through a slot. CSS does it
  // where it can (field-sizing), and follows every reflow; elsewhere the box is measured on each change.
  const sizedByCss = CSS.supports("field-sizing", "content");

  function grow(area) {
    if (sizedByCss || !area.offsetParent) return; // nothing to do, or not laid out (a filtered row)
    area.style.height = "auto";
    area.style.height = `${area.scrollHeight + 2}px`;
  }

  function setText(row, text) {
    field(row).value = text;
    grow(field(row));
    draw(row);
    underline(row);
  }

  // The server renders read-only the segments this user may not change (a terminologist's, or a reviewed
  // or final one for a translator until a reviewer sends it back): nothing is typed, inserted or saved
  // there that the server would refuse.
  function writable(row) {
    return !field(row).readOnly;
  }

  function sourceText(row) {
    return serialize(row.querySelector(".source"));
  }

  // ---- inline codes -------------------------------------------------------------------------------
  //
  // Each code is one character of Unicode's Supplementary Private Use Area-A in the text (src/inline/):
  // U+F0000+id opens a pair, U+F4000+id closes it, U+F8000+id stands alone. On the page each is a chip
  // (`<1>`, `</1>`, `<2/>`) that cannot be edited, says its meaning to a screen reader and, for a link, its
  // address on hover. Astral characters are two UTF-16 units: code points are read with codePointAt.
  const OPEN = 0xf0000;
  const CLOSE = 0xf4000;
  const STANDALONE = 0xf8000;
  const END = 0xfc000;
  const MEANING = { fmt: "formatting", link: "link", image: "image", ui: "interface text", quote: "quotation", other: "code" };
  const NAMED = { b: "bold", strong: "bold", i: "italic", em: "italic", u: "underline", br: "line break", fn: "footnote" };

  function marker(c) {
    const value = c.codePointAt(0);
    const id = value & 0x3fff;
    if (value < OPEN || value >= END || id === 0) return null;
    const kind = value < CLOSE ? "open" : value < STANDALONE ? "close" : "standalone";
    return { kind, id, char: c };
  }

  function markerChar(kind, id) {
    return String.fromCodePoint({ open: OPEN, close: CLOSE, standalone: STANDALONE }[kind] + id);
  }

  function codesOf(row) {
    if (!row.codes) row.codes = row.dataset.codes ? JSON.parse(row.dataset.codes) : [];
    return row.codes;
  }

  // `<1>`, `</1>`, `<1/>`: the readable form, as the server's `inline::tagged` writes it.
  function tag(m) {
    return m.kind === "open" ? `<${m.id}>` : m.kind === "close" ? `</${m.id}>` : `<${m.id}/>`;
  }

  function tagged(text) {
    return Array.from(text, (c) => {
      const m = marker(c);
      return m ? tag(m) : c;
    }).join("");
  }

  function chip(m, codes) {
    const code = codes.find((c) => c.id === m.id);
    const el = document.createElement("span");
    el.className = `chip ${m.kind}`;
    el.contentEditable = "false";
    el.dataset.marker = m.char;
    const what = code ? NAMED[code.disp] || (code.class === "image" ? "image" : MEANING[code.class] || code.disp) : "code";
    const meaning = m.kind === "open" ? `start of ${what}` : m.kind === "close" ? `end of ${what}` : what;
    if (code && code.title) el.title = code.title;
    const shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    shown.textContent = tag(m);
    const said = document.createElement("span");
    said.className = "visually-hidden";
    said.textContent = ` ${meaning} ${m.id} `;
    el.append(shown, said);
    return el;
  }

  // `text` as text nodes and chips, appended to `el`.
  function drawCoded(el, text, codes) {
    let plain = "";
    for (const c of text) {
      const m = marker(c);
      if (!m) {
        plain += c;
        continue;
      }
      if (plain) el.append(plain);
      plain = "";
      el.append(chip(m, codes));
    }
    if (plain) el.append(plain);
  }

  // The text of an element drawn with chips: each chip its marker again. Line breaks a browser puts in
  // an edited box (<br>, blocks) are not text of the segment.
  function serialize(el) {
    let out = "";
    for (const node of el.childNodes) out += nodeText(node);
    return out;
  }

  function nodeText(node) {
    if (node.nodeType === Node.TEXT_NODE) return node.data;
    if (node.nodeType !== Node.ELEMENT_NODE || node.tagName === "BR") return "";
    return node.dataset.marker || serialize(node);
  }

  // Draws the coded box of a row from its saved-form text.
  function draw(row) {
    const coded = row.querySelector(".coded");
    if (!coded) return;
    coded.replaceChildren();
    drawCoded(coded, field(row).value, codesOf(row));
  }

  // The box's text back into the textarea, and the same input event a textarea gives.
  function fromBox(row) {
    const area = field(row);
    area.value = serialize(row.querySelector(".coded"));
    area.dispatchEvent(new CustomEvent("input", { bubbles: true, detail: "coded" }));
  }

  // The UTF-16 offset in the saved-form text of a (node, offset) point of the coded box.
  function offsetIn(coded, node, offset) {
    const range = document.createRange();
    range.setStart(coded, 0);
    range.setEnd(node, offset);
    const fragment = document.createElement("div");
    fragment.append(range.cloneContents());
    return serialize(fragment).length;
  }

  // The selection in the text a row saves, in UTF-16 units, whichever box it is.
  function selection(row) {
    const coded = row.querySelector(".coded");
    if (!coded) return { start: field(row).selectionStart, end: field(row).selectionEnd };
    const sel = window.getSelection();
    if (!sel.rangeCount || !coded.contains(sel.anchorNode)) {
      const end = field(row).value.length;
      return { start: end, end };
    }
    const range = sel.getRangeAt(0);
    return {
      start: offsetIn(coded, range.startContainer, range.startOffset),
      end: offsetIn(coded, range.endContainer, range.endOffset),
    };
  }

  // The (node, offset) point of the coded box at a UTF-16 offset of its text.
  function pointAt(coded, target) {
    let at = 0;
    for (const [i, node] of Array.from(coded.childNodes).entries()) {
      const length = nodeText(node).length;
      if (node.nodeType === Node.TEXT_NODE && target <= at + length) return [node, target - at];
      if (node.nodeType !== Node.TEXT_NODE && target <= at) return [coded, i];
      at += length;
    }
    return [coded, coded.childNodes.length];
  }

  function select(row, start, end) {
    const coded = row.querySelector(".coded");
    if (!coded) {
      field(row).focus();
      field(row).setSelectionRange(start, end);
      return;
    }
    coded.focus();
    const range = document.createRange();
    range.setStart(...pointAt(coded, start));
    range.setEnd(...pointAt(coded, end));
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  // Replaces the selection of a row's text with `text`, the caret after it, as typing would.
  function replaceSelection(row, text) {
    const { start, end } = selection(row);
    const value = field(row).value;
    setText(row, value.slice(0, start) + text + value.slice(end));
    select(row, start + text.length, start + text.length);
    field(row).dispatchEvent(new CustomEvent("input", { bubbles: true, detail: "coded" }));
  }

  // Ctrl+, : the source's first code the translation lacks goes in at the caret; the opening half of a
  // pair whose closing half is missing too wraps the selected words in the pair (Trados, memoQ).
  function insertNextCode(row) {
    if (!writable(row)) return;
    const have = field(row).value;
    const missing = Array.from(sourceText(row)).filter((c) => marker(c) && !have.includes(c));
    if (!missing.length) {
      showState(row, "every code of the source is in the translation", "");
      return;
    }
    const m = marker(missing[0]);
    const closing = markerChar("close", m.id);
    const { start, end } = selection(row);
    if (m.kind === "open" && missing.includes(closing) && end > start) {
      const words = have.slice(start, end);
      const value = have.slice(0, start) + m.char + words + closing + have.slice(end);
      setText(row, value);
      const after = start + m.char.length + words.length + closing.length;
      select(row, after, after);
    } else {
      const value = have.slice(0, start) + m.char + have.slice(end);
      setText(row, value);
      select(row, start + m.char.length, start + m.char.length);
    }
    field(row).dispatchEvent(new CustomEvent("input", { bubbles: true, detail: "coded" }));
  }

  // Chips in the source (and the old-target and conflict texts), drawn once.
  function drawSource(row) {
    const codes = codesOf(row);
    if (!codes.length) return;
    const source = row.querySelector(".source");
    const walker = document.createTreeWalker(source, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      if (!Array.from(node.data).some(marker)) continue;
      const fragment = document.createDocumentFragment();
      drawCoded(fragment, node.data, codes);
      node.replaceWith(fragment);
    }
  }

  function wireCoded(row) {
    const coded = row.querySelector(".coded");
    if (!coded) return;
    draw(row);
    coded.addEventListener("input", () => fromBox(row));
    coded.addEventListener("keydown", (event) => {
      // One line, as the textarea's text is saved; Ctrl+Enter is the document's.
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) event.preventDefault();
    });
    // Pasted and dropped text comes in as text: a code can only come from the source (Ctrl+, or Ctrl+Shift+S),
    // never twice.
    coded.addEventListener("paste", (event) => {
      event.preventDefault();
      const text = Array.from(event.clipboardData.getData("text/plain")).filter((c) => !marker(c)).join("");
      replaceSelection(row, text.replace(/[\r\n]+/g, " "));
    });
    coded.addEventListener("drop", (event) => event.preventDefault());
    coded.addEventListener("dragstart", (event) => event.preventDefault());
    // A copy keeps the codes as markers, so Ctrl+C, Ctrl+V within the box loses nothing it may hold.
    coded.addEventListener("copy", (event) => {
      const { start, end } = selection(row);
      const words = Array.from(field(row).value.slice(start, end)).filter((c) => !marker(c));
      event.clipboardData.setData("text/plain", words.join(""));
      event.preventDefault();
    });
  }

  function dirty(row) {
    const s = states.get(row);
    return field(row).value !== s.savedText;
  }

  async function api(method, path, body, headers = {}) {
    const response = await fetch("/api/v1" + path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, ...headers },
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
  // desk.js, loaded after this script, calls the API the same way.
  window.tarjumanEditor = { api };

  // ---- saving -------------------------------------------------------------------------------------

  function showState(row, text, kind) {
    const el = row.querySelector(".save-state");
    el.textContent = text;
    el.className = "save-state " + (kind || "");
    updateOverall();
  }

  // The banner says what is true of the worst row: a conflict waits for the translator, a refusal will not
  // be retried, only a failure of the network or the server is.
  function updateOverall() {
    let conflicts = 0;
    let refused = 0;
    let failed = 0;
    let saving = 0;
    let unsaved = 0;
    for (const [row, s] of states) {
      if (s.conflict) conflicts += 1;
      else if (s.refused) refused += 1;
      else if (s.failed) failed += 1;
      else if (s.saving || s.timer) saving += 1;
      else if (dirty(row)) unsaved += 1;
    }
    const parts = [];
    if (conflicts) parts.push(`${conflicts} segment(s) in conflict — choose a version`);
    if (refused) parts.push(`${refused} segment(s) not saved: refused, see the segment`);
    if (failed) parts.push(`${failed} segment(s) not saved — retrying`);
    if (parts.length) overall.textContent = parts.join("; ");
    else if (saving) overall.textContent = "Saving…";
    else if (unsaved) overall.textContent = `${unsaved} unsaved`;
    else overall.textContent = "All changes saved";
    overall.dataset.state = parts.length ? "failed" : saving || unsaved ? "saving" : "saved";
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

  // A new revision by a person replaces the marks of the one before: «from memory» goes, and «sent back»
  // stays only on a send-back itself.
  function markRevision(row, sentBack, author) {
    row.dataset.fromTm = "false";
    row.querySelector(".badge.from-tm").hidden = true;
    row.dataset.sentBack = sentBack ? "true" : "false";
    row.querySelector(".badge.sent-back").hidden = !sentBack;
    const note = row.querySelector(".sent-back-note");
    note.hidden = !sentBack;
    note.querySelector(".by").textContent = sentBack ? author || "" : "";
    note.querySelector(".comment").textContent = sentBack || "";
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
      s.refused = false;
      s.retryMs = 1000;
      applySaved(row, result.json);
      if (result.json.created) markRevision(row, status === "initial" ? comment : null, result.json.author);
      showFindings(row, result.json.findings, result.json.target);
      showState(row, "saved", "saved");
      const next = s.queued;
      s.queued = null;
      if (next) save(row, next);
      else if (dirty(row)) schedule(row);
    } else if (result.status === 409 && result.json && result.json.current) {
      s.conflict = true;
      showState(row, "conflict", "failed");
      resolveConflict(row, status, result.json.current, result.json.diff, comment);
    } else if (result.status === 0 || result.status >= 500) {
      s.failed = true;
      showState(row, `not saved — retrying in ${Math.round(s.retryMs / 1000)} s`, "failed");
      const wait = s.retryMs;
      s.retryMs = Math.min(s.retryMs * 2, MAX_RETRY_MS);
      setTimeout(() => save(row, s.queued || status, comment), wait);
    } else {
      // A refusal the translator must act on (a segment a reviewer signed off meanwhile, one split
      // meanwhile): keep the text to copy, say why, never retry, and keep warning before leaving.
      s.refused = true;
      const message = result.json && result.json.error ? result.json.error.message : `error ${result.status}`;
      if (result.status === 403) makeReadOnly(row);
      showState(row, "not saved: " + message, "failed");
    }
  }

  // What the server refuses to let this user write becomes what the page renders for it: read-only, no
  // buttons that write.
  function makeReadOnly(row) {
    field(row).readOnly = true;
    const coded = row.querySelector(".coded");
    if (coded) {
      coded.contentEditable = "false";
      coded.setAttribute("aria-readonly", "true");
      coded.tabIndex = 0;
    }
    for (const button of row.querySelectorAll("button[data-action]")) button.remove();
  }

  // ---- quality findings ---------------------------------------------------------------------------

  // The right-to-left runs of an English message or note, each in its own <bdi dir="rtl">, as the
  // server's `isolate` filter cuts them (src/text/bidi.rs): a run goes from a right-to-left character to
  // the last one before a letter of another script, so the English around it keeps its order.
  const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}]/u;
  const LETTER = /\p{Alphabetic}/u;

  function isolated(text) {
    const out = [];
    let plainFrom = 0;
    let open = null;
    const close = ([start, end]) => {
      if (start > plainFrom) out.push(text.slice(plainFrom, start));
      const run = document.createElement("bdi");
      run.dir = "rtl";
      run.textContent = text.slice(start, end);
      out.push(run);
      plainFrom = end;
    };
    let at = 0;
    for (const c of text) {
      const end = at + c.length;
      if (RTL.test(c)) open = open ? [open[0], end] : [at, end];
      else if (open && LETTER.test(c)) {
        close(open);
        open = null;
      }
      at = end;
    }
    if (open) close(open);
    if (plainFrom < text.length) out.push(text.slice(plainFrom));
    return out;
  }

  // The same list the page rendered, from a save's answer: kind, message, the spanned text, an ignore.
  function showFindings(row, findings, target) {
    const items = findings.map((finding) => {
      const item = document.createElement("li");
      item.className = `finding ${finding.severity}${finding.ignored ? " ignored" : ""}`;
      // Messages are English quoting Arabic: left to right, never guessed from their first letter.
      item.dir = "ltr";
      item.dataset.kind = finding.kind;
      if (finding.span && finding.span.side === "target") {
        item.dataset.start = String(finding.span.start);
        item.dataset.end = String(finding.span.end);
      }
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = finding.kind;
      item.append(kind, " ", ...isolated(finding.message));
      if (finding.span) {
        // Spans count Unicode scalar values, as Array.from does.
        const text = Array.from(finding.span.side === "source" ? sourceText(row) : target);
        const mark = document.createElement("mark");
        mark.dir = "auto";
        if (finding.kind === "spelling") mark.className = "misspelt";
        mark.textContent = tagged(text.slice(finding.span.start, finding.span.end).join(""));
        item.append(" ", mark);
      }
      if (finding.suggestions && finding.suggestions.length) {
        const list = document.createElement("span");
        list.className = "spelling-suggestions";
        finding.suggestions.forEach((word, i) => {
          const button = document.createElement("button");
          button.type = "button";
          button.tabIndex = -1;
          button.dataset.suggestion = word;
          button.textContent = `${i + 1} ${word}`;
          list.append(button);
        });
        item.append(" ", list);
      }
      if (finding.kind === "spelling" && finding.span && writable(row)) {
        const add = document.createElement("button");
        add.type = "button";
        add.tabIndex = -1;
        add.dataset.addWord = Array.from(target).slice(finding.span.start, finding.span.end).join("");
        add.textContent = "add to this article's words";
        item.append(" ", add);
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
    underline(row);
  }

  // Selects a finding's stretch of the translation: spans count Unicode scalar values, the field UTF-16
  // units. Only on the saved text, which the span describes.
  function selectSpan(row, item) {
    if (dirty(row)) return;
    const chars = Array.from(field(row).value);
    const from = chars.slice(0, Number(item.dataset.start)).join("").length;
    const length = chars.slice(Number(item.dataset.start), Number(item.dataset.end)).join("").length;
    select(row, from, from + length);
  }

  // ---- spelling -----------------------------------------------------------------------------------

  // Underlines the spelling findings of the saved text in the underlay behind the box; any edit clears
  // them until the next save says again what is misspelt.
  function underline(row) {
    const underlay = row.querySelector(".underlay");
    if (underlay.hidden) return; // a coded box: its findings list the misspelt words
    const chars = Array.from(field(row).value);
    const spans = Array.from(row.querySelectorAll(".finding[data-kind=spelling][data-start]"))
      .map((item) => [Number(item.dataset.start), Number(item.dataset.end)])
      .filter(([start, end]) => end <= chars.length)
      .sort((a, b) => a[0] - b[0]);
    const parts = [];
    let at = 0;
    for (const [start, end] of spans) {
      if (start < at) continue;
      parts.push(chars.slice(at, start).join(""));
      const mark = document.createElement("mark");
      mark.textContent = chars.slice(start, end).join("");
      parts.push(mark);
      at = end;
    }
    parts.push(chars.slice(at).join(""));
    underlay.replaceChildren(...(spans.length && !dirty(row) ? parts : []));
  }

  // Code points before a UTF-16 offset of the field, as spans count them.
  function codePoints(text, utf16) {
    return Array.from(text.slice(0, utf16)).length;
  }

  // The spelling finding at the cursor, else the segment's first; its n-th suggestion replaces the word.
  // Spans describe the saved text, so a segment with unsaved edits waits for its draft to be saved.
  function takeSuggestion(row, n, finding) {
    if (!writable(row)) return;
    const area = field(row);
    if (dirty(row)) {
      showState(row, "saving first: try again in a moment", "");
      schedule(row);
      return;
    }
    const items = Array.from(row.querySelectorAll(".finding[data-kind=spelling][data-start]"));
    const at = codePoints(area.value, selection(row).start);
    const item =
      finding || items.find((i) => Number(i.dataset.start) <= at && at <= Number(i.dataset.end)) || items[0];
    const button = item && item.querySelectorAll("button[data-suggestion]")[n];
    if (!button) {
      showState(row, "no such spelling suggestion", "");
      return;
    }
    const chars = Array.from(area.value);
    const word = button.dataset.suggestion;
    chars.splice(Number(item.dataset.start), Number(item.dataset.end) - Number(item.dataset.start), word);
    const before = chars.slice(0, Number(item.dataset.start)).join("").length + word.length;
    setText(row, chars.join(""));
    select(row, before, before);
    item.remove();
    schedule(row);
  }

  // A word the translator knows is right: on the article's list, every later check accepts it.
  async function addWord(row, word) {
    const { status, json } = await api("POST", `/articles/${editor.dataset.articleId}/spelling/words`, { word });
    if (status === 201 || status === 409) {
      for (const other of editor.querySelectorAll(".finding[data-kind=spelling]")) {
        const mark = other.querySelector("mark");
        if (mark && mark.textContent === word) {
          const owner = other.closest("[data-segment-id]");
          other.remove();
          underline(owner);
        }
      }
      showState(row, `«${word}» added to this article's words`, "");
    } else {
      showState(row, (json && json.error && json.error.message) || `not added (${status})`, "failed");
    }
  }

  // ---- review: error annotations ------------------------------------------------------------------

  const annotateDialog = document.getElementById("annotate");
  const quality = document.getElementById("quality");

  async function refreshQuality() {
    const { status, json } = await api("GET", `/articles/${editor.dataset.articleId}/quality`);
    if (status !== 200) return;
    quality.querySelector(".score").textContent = json.score.toFixed(2);
    quality.querySelector(".ppt").textContent = json.points_per_thousand.toFixed(2);
    quality.querySelector(".verdict").textContent = json.pass ? "pass" : "fail";
    quality.classList.toggle("pass", json.pass);
    quality.classList.toggle("fail", !json.pass);
  }

  function showAnnotation(row, a) {
    const item = document.createElement("li");
    item.className = `annotation ${a.severity}`;
    item.dir = "ltr";
    const kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = a.category;
    const severity = document.createElement("span");
    severity.className = "severity";
    severity.textContent = a.severity;
    const mark = document.createElement("mark");
    mark.dir = "auto";
    mark.textContent = a.excerpt;
    item.append(kind, " ", severity, " ", mark);
    if (a.span.side === "source") item.append(" (missing from the source)");
    if (a.note) {
      const note = document.createElement("bdi");
      note.textContent = a.note;
      item.append(" — ", note);
    }
    const by = document.createElement("small");
    by.textContent = `${a.author}, rev ${a.revision}`;
    item.append(" ", by);
    row.querySelector(".annotations").append(item);
  }

  // The span: the words selected in the translation; for an omission, what is selected in the source, else
  // all of it. Only on the saved text, which is what a reviewer judges.
  function annotationSpan(row, category) {
    if (category === "omission") {
      const source = row.querySelector(".source");
      const selection = window.getSelection();
      const whole = { start: 0, end: Array.from(sourceText(row)).length };
      if (!selection.rangeCount || selection.isCollapsed || !source.contains(selection.anchorNode)) return whole;
      const range = selection.getRangeAt(0);
      const before = document.createRange();
      before.setStart(source, 0);
      before.setEnd(range.startContainer, range.startOffset);
      const start = Array.from(before.toString()).length;
      return { start, end: start + Array.from(range.toString()).length };
    }
    const { start, end } = selection(row);
    return { start: codePoints(field(row).value, start), end: codePoints(field(row).value, end) };
  }

  function askAnnotation(row) {
    if (dirty(row)) {
      showState(row, "save the segment first: errors are marked on a saved revision", "failed");
      return;
    }
    const { start, end } = selection(row);
    const selected = tagged(field(row).value.slice(start, end));
    annotateDialog.querySelector(".annotate-excerpt").textContent = selected || "(nothing selected: an omission only)";
    annotateDialog.querySelector(".annotate-error").textContent = "";
    document.getElementById("annotate-note").value = "";
    annotateDialog.returnValue = "";
    annotateDialog.showModal();
    document.getElementById("annotate-category").focus();
    annotateDialog.addEventListener("close", () => submitAnnotation(row), { once: true });
  }

  async function submitAnnotation(row) {
    const span = annotationSpan(row, document.getElementById("annotate-category").value);
    box(row).focus();
    if (annotateDialog.returnValue !== "mark") return;
    const category = document.getElementById("annotate-category").value;
    const body = {
      category,
      severity: document.getElementById("annotate-severity").value,
      start: span.start,
      end: span.end,
      note: document.getElementById("annotate-note").value.trim() || null,
      revision: states.get(row).revision,
    };
    const { status, json } = await api("POST", `/segments/${states.get(row).id}/annotations`, body);
    if (status === 201) {
      showAnnotation(row, json);
      showState(row, `marked: ${json.category}, ${json.severity}`, "");
      await refreshQuality();
    } else {
      showState(row, (json && json.error && json.error.message) || `not marked (${status})`, "failed");
    }
  }

  if (annotateDialog) {
    // Enter marks the error from anywhere in the dialog, the selects included.
    annotateDialog.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.target.closest("button")) {
        event.preventDefault();
        annotateDialog.close("mark");
      }
    });
  }

  // Fills `container` with a word diff's chunks of the given ops (`del` and `ins` marked).
  function showDiff(container, chunks, ops) {
    container.replaceChildren();
    for (const chunk of chunks) {
      if (!ops.includes(chunk.op)) continue;
      const el = document.createElement(chunk.op === "insert" ? "ins" : chunk.op === "delete" ? "del" : "span");
      el.textContent = tagged(chunk.text);
      container.append(el);
    }
  }

  // ---- conflicts ----------------------------------------------------------------------------------

  const conflictDialog = document.getElementById("conflict");
  const merged = document.getElementById("merged");
  const conflictButton = (value) => conflictDialog.querySelector(`button[value="${value}"]`);
  // Nothing is decided by pressing Esc: the translator picks a version.
  conflictDialog.addEventListener("cancel", (event) => event.preventDefault());
  // Conflicts of several rows are put in front of the translator one after the other.
  const conflicts = [];

  function resolveConflict(row, status, current, diff, comment) {
    conflicts.push({ row, status, current, diff, comment });
    if (!conflictDialog.open) showConflict();
  }

  // An empty «mine» never overwrites their text (the button is disabled), and an unchanged one is never
  // the primary action: the default is always the choice that keeps every word on the screen.
  function showConflict() {
    const { row, status, current, diff, comment } = conflicts[0];
    const s = states.get(row);
    const mine = field(row).value;
    const theirs = current.target;
    const mineEmpty = mine.trim() === "" && theirs.trim() !== "";
    const mineUnchanged = mine === s.savedText;
    conflictDialog.querySelector(".conflict-source").textContent = tagged(sourceText(row));
    const chunks = diff || [
      { op: "delete", text: theirs },
      { op: "insert", text: mine },
    ];
    showDiff(conflictDialog.querySelector(".theirs"), chunks, ["equal", "delete"]);
    showDiff(conflictDialog.querySelector(".mine"), chunks, ["equal", "insert"]);
    conflictDialog.querySelector(".theirs-by").textContent =
      `${current.author || "someone"}, revision ${current.revision}, ${current.status}`;
    conflictDialog.querySelector(".conflict-why").textContent = mineEmpty
      ? "Your version is empty: it cannot replace theirs."
      : mineUnchanged
        ? "You had not changed this segment: theirs is newer."
        : "";
    merged.value = mineEmpty ? theirs : mine;
    conflictButton("mine").disabled = mineEmpty;
    const primary = mineEmpty || mineUnchanged ? "theirs" : "merge";
    for (const value of ["theirs", "mine", "merge"]) {
      conflictButton(value).classList.toggle("primary", value === primary);
    }
    updateMergeButton();
    conflictDialog.returnValue = "";
    conflictDialog.showModal();
    merged.setSelectionRange(0, 0);
    merged.scrollTop = 0;
    conflictButton(primary).focus();
    conflictDialog.addEventListener(
      "close",
      () => {
        conflicts.shift();
        settleConflict(row, status, current, comment, conflictDialog.returnValue, merged.value);
        if (conflicts.length) showConflict();
      },
      { once: true },
    );
  }

  // Saving an empty text over theirs is not offered.
  function updateMergeButton() {
    const theirs = conflicts.length ? conflicts[0].current.target : "";
    conflictButton("merge").disabled = merged.value.trim() === "" && theirs.trim() !== "";
  }
  merged.addEventListener("input", updateMergeButton);

  function settleConflict(row, status, current, comment, choice, mergedText) {
    const s = states.get(row);
    s.conflict = false;
    s.revision = current.revision;
    s.savedText = current.target;
    s.savedStatus = current.status;
    if (choice === "mine" || choice === "merge") {
      if (choice === "merge") setText(row, mergedText);
      save(row, status, comment);
    } else {
      setText(row, current.target);
      applySaved(row, current);
      showState(row, "took the other version", "saved");
    }
  }

  // ---- moving around ------------------------------------------------------------------------------

  function visibleRows() {
    return rows.filter((row) => !row.hidden);
  }

  // On a narrow screen the side panel would come after every segment: it goes under the active one, after
  // its memory matches, and back to the side when the screen widens.
  const panel = document.querySelector("aside.panel");
  const workspace = panel.parentElement;
  const narrow = window.matchMedia("(max-width: 900px)");

  function placePanel() {
    if (narrow.matches && active) active.append(panel);
    else if (panel.parentElement !== workspace) workspace.append(panel);
  }
  narrow.addEventListener("change", placePanel);
  // The tools used once per article fold away on a narrow screen, so that the first segment is in sight.
  const moreTools = document.querySelector(".more-tools");
  if (narrow.matches) moreTools.open = false;

  function activate(row, focus) {
    if (!row) return;
    if (active !== row) {
      if (active) active.classList.remove("active");
      active = row;
      row.classList.add("active");
      showMatches(row);
      // Puts the memory matches under the row before anything waits, so the panel goes after them.
      showSuggestions(row);
      placePanel();
      showMachine(row);
      showHistory(row);
    }
    if (focus) {
      box(row).focus();
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
      item.append(i < 9 ? `Ctrl+K ${i + 1} · ` : "", surface, " → ", target, ` (${mark.dataset.kind}`);
      if (mark.dataset.status === "forbidden") item.append(", forbidden term");
      item.append(")");
      if (mark.dataset.note) {
        const note = document.createElement("div");
        note.dir = "ltr";
        note.append(...isolated(mark.dataset.note));
        item.append(note);
      }
      list.append(item);
    });
    document.getElementById("matches-empty").hidden = marks(row).length > 0;
  }

  function insertTerm(row, n) {
    const mark = marks(row)[n];
    if (!mark || !mark.dataset.target || !writable(row)) return;
    replaceSelection(row, mark.dataset.target);
  }

  // ---- translation memory, under the active segment ----------------------------------------------

  const memory = document.getElementById("memory");
  let suggestionsFor = null;
  let suggestions = [];

  // The matches sit in the active row itself, right under the translation, so the best one is in sight
  // wherever the row is: score, the memory's translation, and how its source differs from this one.
  async function showSuggestions(row) {
    const s = states.get(row);
    suggestionsFor = row;
    row.append(memory);
    const list = document.getElementById("suggestions");
    list.replaceChildren();
    const { status, json } = await api("GET", `/segments/${s.id}/suggestions`);
    if (suggestionsFor !== row || status !== 200) return;
    suggestions = json;
    document.getElementById("suggestions-empty").hidden = json.length > 0;
    json.forEach((suggestion, i) => {
      const item = document.createElement("li");
      const score = document.createElement("span");
      score.className = `score${suggestion.score.percent === 100 ? " exact" : ""}`;
      score.textContent = `${suggestion.score.percent}%`;
      const target = document.createElement("div");
      target.className = "target";
      target.lang = editor.dataset.targetLang;
      target.dir = "auto";
      drawCoded(target, suggestion.target, codesOf(row));
      const diff = document.createElement("div");
      diff.className = "diff";
      diff.lang = editor.dataset.sourceLang;
      diff.dir = editor.dataset.sourceDir;
      showDiff(diff, suggestion.diff, ["equal", "insert", "delete"]);
      const about = document.createElement("div");
      about.className = "about";
      const note =
        (suggestion.score.note ? `${suggestion.score.note.replaceAll("_", " ")} · ` : "") +
        (suggestion.codes_placed ? "codes placed by position · " : "");
      const keys = writable(row) ? `Ctrl+M ${i + 1} · ` : "";
      // A match the imported file brought (XLIFF alt-trans) says so, with the file's own origin and quality.
      const origin =
        suggestion.origin === "file"
          ? "from the file" +
            (suggestion.file_origin ? ` · ${suggestion.file_origin}` : "") +
            (suggestion.match_quality ? ` · match quality ${suggestion.match_quality}` : "")
          : suggestion.origin;
      if (suggestion.origin === "file") item.classList.add("from-file");
      about.textContent = `${keys}${note}${origin}${suggestion.author ? " · " + suggestion.author : ""}`;
      const body = document.createElement("div");
      body.append(target, diff, about);
      item.append(score, body);
      if (writable(row)) {
        const use = document.createElement("button");
        use.type = "button";
        use.textContent = "Use";
        use.addEventListener("click", () => useSuggestion(row, i));
        item.append(use);
      }
      list.append(item);
    });
    if (row.contains(document.activeElement)) row.scrollIntoView({ block: "nearest" });
  }

  function useSuggestion(row, n) {
    const suggestion = suggestionsFor === row ? suggestions[n] : null;
    if (!suggestion || !writable(row)) return;
    setText(row, suggestion.target);
    box(row).focus();
    schedule(row);
  }

  // ---- machine drafts, under the memory matches -----------------------------------------------------
  //
  // Each engine's draft of the active segment, labelled by engine and model, with the glossary terms it
  // misses or uses against the glossary. The next segments' drafts are asked for ahead, so the panel is
  // filled from the server's cache (and this page's) before the translator gets there. Taking one stores it
  // as a revision of its own (origin mt), the draft the post-editing report measures the confirmation from.

  const machineOn = editor.dataset.machine === "true";
  const machineAsked = new Map();
  const PREFETCH = 2;
  let machineFor = null;
  let machineDrafts = [];

  function machineTranslations(row) {
    const id = states.get(row).id;
    if (!machineAsked.has(id)) {
      const forget = (result) => {
        if (result.status !== 200) machineAsked.delete(id);
        return result;
      };
      const asked = api("GET", `/segments/${id}/machine-translations`)
        .catch(() => ({ status: 0, json: null }))
        .then(forget);
      machineAsked.set(id, asked);
    }
    return machineAsked.get(id);
  }

  async function showMachine(row) {
    if (!machineOn) return;
    machineFor = row;
    machineDrafts = [];
    const list = document.getElementById("machine");
    const empty = document.getElementById("machine-empty");
    list.replaceChildren();
    empty.hidden = false;
    empty.textContent = "Asking the engines…";
    let ahead = row;
    for (let k = 0; k < PREFETCH && ahead; k += 1) {
      ahead = neighbour(ahead, 1);
      if (ahead) machineTranslations(ahead);
    }
    const { status, json } = await machineTranslations(row);
    if (machineFor !== row) return;
    if (status !== 200) {
      empty.textContent = "The engines could not be asked.";
      return;
    }
    empty.hidden = json.length > 0;
    empty.textContent = "No engine may translate this article.";
    for (const draft of json) {
      const item = document.createElement("li");
      item.dataset.engine = draft.engine;
      const label = document.createElement("span");
      label.className = "engine";
      label.textContent = draft.model ? `${draft.engine} · ${draft.model}` : draft.engine;
      const body = document.createElement("div");
      item.append(label, body);
      if (draft.target === null) {
        item.classList.add("failed");
        const reason = document.createElement("div");
        reason.className = "reason";
        reason.textContent = draft.error;
        body.append(reason);
        list.append(item);
        continue;
      }
      const n = machineDrafts.length;
      machineDrafts.push(draft);
      const target = document.createElement("div");
      target.className = "target";
      target.lang = editor.dataset.targetLang;
      target.dir = "auto";
      drawCoded(target, draft.target, codesOf(row));
      body.append(target);
      const problems = [
        ...draft.terms_missing.map((term) => `missing “${term}”`),
        ...draft.terms_forbidden.map((term) => `forbidden “${term}”`),
      ];
      if (problems.length) {
        item.classList.add("term-problem");
        const terms = document.createElement("div");
        terms.className = "terms-problem";
        terms.textContent = problems.join(" · ");
        body.append(terms);
      }
      if (writable(row)) {
        const about = document.createElement("div");
        about.className = "about";
        about.textContent = `Ctrl+D ${n + 1}`;
        body.append(about);
        const use = document.createElement("button");
        use.type = "button";
        use.textContent = "Use";
        use.addEventListener("click", () => takeDraft(row, n));
        item.append(use);
      }
      list.append(item);
    }
  }

  async function takeDraft(row, n) {
    const draft = machineFor === row ? machineDrafts[n] : null;
    if (!draft || !writable(row)) return;
    const s = states.get(row);
    if (s.saving || s.conflict) return;
    clearTimeout(s.timer);
    s.timer = null;
    s.saving = true;
    showState(row, "taking the draft…", "saving");
    let result;
    try {
      result = await api("POST", `/segments/${s.id}/machine-translations`, {
        engine: draft.engine,
        base_revision: s.revision,
      });
    } catch (_) {
      result = { status: 0, json: null };
    }
    s.saving = false;
    if (result.status === 200) {
      setText(row, result.json.target);
      applySaved(row, result.json);
      markRevision(row, null);
      showFindings(row, result.json.findings, result.json.target);
      showState(row, `draft from ${draft.engine}`, "saved");
      showHistory(row);
      box(row).focus();
    } else {
      const reason = result.json && result.json.error ? result.json.error.message : "not taken";
      showState(row, reason, "failed");
    }
  }

  // A pre-translation runs on the server whoever started it; its progress comes from the article's event
  // stream (desk.js) and the drafts arrive as saves, so nothing is reloaded.
  const pretranslate = document.getElementById("pretranslate");
  if (pretranslate) {
    const label = pretranslate.textContent;
    const runState = document.getElementById("pretranslate-state");
    const showRun = (run) => {
      const drafted = run.drafted.reduce((n, d) => n + d.segments, 0);
      const failures = run.failures.map((f) => `${f.engine}: ${f.reason}`).join("; ");
      const running = run.state === "running";
      pretranslate.disabled = running;
      pretranslate.textContent = running ? `Machine-translating… ${drafted} of ${run.total}` : label;
      const summary = running
        ? ""
        : `Machine translation ${run.state === "done" ? "done" : "stopped"}: ${drafted} drafted, ` +
          `${run.from_memory} from the memory, ${run.left_empty} left empty.`;
      runState.textContent = [summary, run.error, failures && "Engine failures: " + failures]
        .filter(Boolean)
        .join(" ");
    };
    editor.addEventListener("tarjuman:pretranslation", (event) => showRun(event.detail));
    // With live updates switched off (desk.js), the page asks for the progress itself and the drafts show
    // after a reload.
    const liveOn = () => window.EventSource && localStorage.getItem("tarjuman.live") !== "off";
    const follow = async (run) => {
      while (run.state === "running") {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const { status, json } = await api("GET", `/articles/${editor.dataset.articleId}/pretranslation`);
        if (status !== 200) return;
        run = json;
        showRun(run);
      }
      runState.textContent += " Reload to see the drafts.";
    };
    api("GET", `/articles/${editor.dataset.articleId}/pretranslation`).then(({ status, json }) => {
      if (status === 200 && json.state === "running") showRun(json);
    });
    pretranslate.addEventListener("click", async () => {
      if (Array.from(states).some(([row, s]) => dirty(row) || s.saving)) {
        overall.textContent = "Wait for your changes to be saved first";
        return;
      }
      pretranslate.disabled = true;
      const path = `/articles/${editor.dataset.articleId}/pretranslate`;
      const { status, json } = await api("POST", path, {}, { Prefer: "respond-async" });
      if (status === 202 || status === 200) {
        showRun(json);
        if (!liveOn()) follow(json);
        return;
      }
      pretranslate.disabled = false;
      overall.textContent = json && json.error ? json.error.message : "Machine translation failed";
    });
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
      const engine = revision.engine ? ` · ${revision.engine}${revision.model ? " " + revision.model : ""}` : "";
      head.textContent = `rev ${revision.revision} · ${revision.status} · ${revision.author || ""} · ${when} · ${revision.origin}${engine}`;
      if (revision.comment) {
        const comment = document.createElement("div");
        comment.className = "comment";
        comment.textContent = `“${revision.comment}”`;
        head.append(comment);
      }
      const diff = document.createElement("div");
      diff.className = "diff";
      diff.lang = editor.dataset.targetLang;
      showDiff(diff, revision.diff, ["equal", "insert", "delete"]);
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
      setText(row, result.json.target);
      applySaved(row, result.json);
      markRevision(row, null);
      showFindings(row, result.json.findings, result.json.target);
      showState(row, `restored revision ${revision}`, "saved");
      showHistory(row);
    } else if (result.status === 409 && result.json && result.json.current) {
      states.get(row).conflict = true;
      resolveConflict(row, states.get(row).savedStatus, result.json.current, null);
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
        else showState(row, "not split: " + (result.json?.error?.message || result.status), "failed");
      },
      { once: true },
    );
  }

  const mergeDialog = document.getElementById("merge");

  // Merging is asked first, with both sentences in view (the button is offered only inside a paragraph).
  function askMerge(row) {
    const next = rows[rows.indexOf(row) + 1];
    if (!next) return;
    mergeDialog.querySelector(".merge-first").textContent = tagged(sourceText(row));
    mergeDialog.querySelector(".merge-second").textContent = tagged(sourceText(next));
    mergeDialog.returnValue = "";
    mergeDialog.showModal();
    mergeDialog.addEventListener(
      "close",
      async () => {
        if (mergeDialog.returnValue !== "merge") return;
        if (dirty(row)) await save(row, "initial");
        const result = await api("POST", `/segments/${states.get(row).id}/merge`);
        if (result.status === 200) location.reload();
        else showState(row, "not merged: " + (result.json?.error?.message || result.status), "failed");
      },
      { once: true },
    );
  }

  // ---- sending back ------------------------------------------------------------------------------

  const sendBackDialog = document.getElementById("send-back");
  const sendBackComment = document.getElementById("send-back-comment");

  function askSendBack(row) {
    sendBackDialog.querySelector(".conflict-source").textContent = tagged(sourceText(row));
    sendBackDialog.querySelector(".send-back-target").textContent = tagged(field(row).value);
    sendBackComment.value = "";
    sendBackDialog.returnValue = "";
    sendBackDialog.showModal();
    sendBackComment.focus();
    sendBackDialog.addEventListener(
      "close",
      () => {
        const comment = sendBackComment.value.trim();
        if (sendBackDialog.returnValue === "send" && comment) save(row, "initial", comment);
      },
      { once: true },
    );
  }

  // ---- replace in translations ---------------------------------------------------------------------

  const replaceDialog = document.getElementById("replace");
  let replacePlan = null;

  function replaceWhat() {
    return {
      find: document.getElementById("replace-find").value,
      with: document.getElementById("replace-with").value,
    };
  }

  function openReplace() {
    if (!replaceDialog || document.querySelector("dialog[open]")) return;
    replaceDialog.showModal();
    document.getElementById("replace-find").focus();
  }

  // The preview lists each segment that would change, with a word diff and a box to leave it out.
  async function previewReplace() {
    const what = replaceWhat();
    const summary = document.getElementById("replace-summary");
    const list = document.getElementById("replace-changes");
    const applyButton = document.getElementById("replace-apply");
    list.replaceChildren();
    applyButton.disabled = true;
    replacePlan = null;
    if (!what.find) {
      summary.textContent = "Say what to find.";
      return;
    }
    const query = `find=${encodeURIComponent(what.find)}&with=${encodeURIComponent(what.with)}`;
    const { status, json } = await api("GET", `/articles/${editor.dataset.articleId}/replace?${query}`);
    if (status !== 200) {
      summary.textContent = "No preview: " + (json?.error?.message || status);
      return;
    }
    replacePlan = { what, changes: json.changes };
    const skipped = json.skipped.length
      ? ` ${json.skipped.length} more hold it but are not yours to change (${json.skipped[0].reason}).`
      : "";
    summary.textContent = `${json.changes.length} segment(s) would change.${skipped}`;
    for (const change of json.changes) {
      const item = document.createElement("li");
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.segmentId = String(change.segment_id);
      box.dataset.baseRevision = String(change.base_revision);
      label.append(box, ` Segment ${change.index + 1}`);
      const diff = document.createElement("div");
      diff.className = "diff";
      diff.lang = editor.dataset.targetLang;
      diff.dir = "auto";
      showDiff(diff, change.diff, ["equal", "insert", "delete"]);
      item.append(label, diff);
      list.append(item);
    }
    applyButton.disabled = json.changes.length === 0;
  }

  async function applyReplace() {
    if (!replacePlan) return;
    const segments = Array.from(document.querySelectorAll("#replace-changes input:checked")).map((box) => ({
      segment_id: Number(box.dataset.segmentId),
      base_revision: Number(box.dataset.baseRevision),
    }));
    const body = { ...replacePlan.what, segments };
    const { status, json } = await api("POST", `/articles/${editor.dataset.articleId}/replace`, body);
    if (status !== 200) {
      await previewReplace();
      document.getElementById("replace-summary").textContent =
        `Nothing replaced: ${json?.error?.message || status}. The preview is fresh: look again.`;
      return;
    }
    for (const revision of json) {
      const row = rows.find((r) => r.dataset.segmentId === String(revision.segment_id));
      if (!row) continue;
      setText(row, revision.target);
      applySaved(row, revision);
      markRevision(row, null);
      showState(row, "replaced", "saved");
    }
    replaceDialog.close();
    overall.textContent = `Replaced in ${json.length} segment(s)`;
  }

  if (replaceDialog) {
    document.getElementById("replace-open").addEventListener("click", openReplace);
    document.getElementById("replace-preview").addEventListener("click", previewReplace);
    document.getElementById("replace-apply").addEventListener("click", applyReplace);
    // Enter in either box previews; it never replaces.
    for (const id of ["replace-find", "replace-with"]) {
      document.getElementById(id).addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        previewReplace();
      });
    }
  }

  // ---- filters ------------------------------------------------------------------------------------

  // The status filter also offers two marks of the current revision: sent back, and from memory.
  function statusMatches(row, wanted) {
    if (wanted === "sent-back") return row.dataset.sentBack === "true";
    if (wanted === "from-tm") return row.dataset.fromTm === "true";
    return !wanted || row.dataset.status === wanted;
  }

  // Find asks the server, which folds Arabic spelling as the memory and glossary searches do (one
  // normalisation, not a copy of it here); unsaved text in the boxes is also searched, as typed.
  const findBox = document.getElementById("find");
  let found = null;
  let findTimer = null;

  function applyFilters() {
    const status = document.getElementById("filter-status").value;
    const needle = findBox.value.trim().toLocaleLowerCase();
    for (const row of rows) {
      const statusOk = statusMatches(row, status);
      const here = !needle || (found && found.has(row.dataset.segmentId)) ||
        field(row).value.toLocaleLowerCase().includes(needle);
      row.hidden = !(statusOk && here);
    }
  }

  async function find() {
    const q = findBox.value.trim();
    if (!q) {
      found = null;
      applyFilters();
      return;
    }
    const { status, json } = await api("GET", `/articles/${editor.dataset.articleId}/find?q=${encodeURIComponent(q)}`);
    if (findBox.value.trim() !== q || status !== 200) return;
    found = new Set(json.map(String));
    applyFilters();
  }

  document.getElementById("filter-status").addEventListener("change", applyFilters);
  // Emptied, every row is back at once; typed, the server is asked once the typing pauses.
  findBox.addEventListener("input", () => {
    clearTimeout(findTimer);
    if (findBox.value.trim()) findTimer = setTimeout(find, 150);
    else find();
  });
  findBox.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const first = visibleRows()[0];
    if (first) activate(first, true);
  });
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
    drawSource(row);
    wireCoded(row);
    box(row).addEventListener("focus", () => activate(row, false));
    area.addEventListener("input", (event) => {
      // Text put in the textarea from outside (desk.js's «use it») is drawn into the coded box.
      if (event.detail !== "coded") draw(row);
      grow(area);
      row.querySelector(".underlay").replaceChildren();
      schedule(row);
    });
    grow(area);
    underline(row);
    row.addEventListener("click", (event) => {
      const adding = event.target.closest("button[data-add-word]");
      if (adding) {
        addWord(row, adding.dataset.addWord);
        return;
      }
      const suggestion = event.target.closest("button[data-suggestion]");
      if (suggestion) {
        const item = suggestion.closest(".finding");
        takeSuggestion(row, Array.from(item.querySelectorAll("button[data-suggestion]")).indexOf(suggestion), item);
        return;
      }
      const finding = event.target.closest(".finding[data-start]");
      if (finding) selectSpan(row, finding);
      const button = event.target.closest("button[data-action]");
      if (!button) return;
      const action = button.dataset.action;
      if (action === "split") askSplit(row);
      else if (action === "merge") askMerge(row);
      else if (action === "send-back") askSendBack(row);
      else if (action === "reviewed" || action === "final" || action === "translated") save(row, action);
    });
  }

  // The article's dictionary: the next save (and report) of each segment checks with it.
  const spelling = document.getElementById("spelling");
  if (spelling) {
    spelling.addEventListener("change", async () => {
      const body = { dictionary: spelling.value || null };
      const { status } = await api("PUT", `/articles/${editor.dataset.articleId}/spelling`, body);
      if (active) showState(active, status === 204 ? "spelling changed: it applies from the next save" : `not changed (${status})`, "");
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

  // ---- keys ---------------------------------------------------------------------------------------
  //
  // The map, as the help overlay shows it. Letters are read by their place on the keyboard (event.code),
  // so they work the same with the Arabic layout on. No modifier+digit: Ctrl+digit switches browser tabs,
  // Alt+digit Firefox's tabs on Linux, Alt+Shift or Ctrl+Shift with a digit the keyboard layout on
  // Windows; the numbered glossary terms and memory matches are two-key chords instead (Ctrl+K then a
  // digit, Ctrl+M then a digit, Ctrl+D then a digit for machine drafts). «?» opens the help only outside text boxes, where it types nothing.

  let chord = null;
  const CHORDS = {
    KeyK: { hint: "glossary term: press 1–9", act: (row, n) => insertTerm(row, n) },
    KeyM: { hint: "memory or file match: press 1–9", act: (row, n) => useSuggestion(row, n) },
    KeyJ: { hint: "spelling suggestion: press 1–5", act: (row, n) => takeSuggestion(row, n) },
  };
  if (machineOn) CHORDS.KeyD = { hint: "machine draft: press 1–5", act: (row, n) => takeDraft(row, n) };

  function toggleHelp() {
    if (help.open) help.close();
    else if (!document.querySelector("dialog[open]")) help.showModal();
  }

  // The glossary highlights of a source are out of the Tab order (they were most of its stops): F2 goes
  // to the active segment's first, the arrows along them in reading order, Enter inserts one, Esc or F2
  // goes back to the translation.
  function highlightKeys(event, mark) {
    const row = mark.closest("[data-segment-id]");
    const list = marks(row);
    const forward = editor.dataset.sourceDir === "rtl" ? "ArrowLeft" : "ArrowRight";
    const backward = forward === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
    const at = list.indexOf(mark);
    if (event.key === forward || event.key === backward) {
      const next = list[at + (event.key === forward ? 1 : -1)];
      if (next) next.focus();
    } else if (event.key === "Enter") {
      box(row).focus();
      insertTerm(row, at);
    } else if (event.key === "Escape" || event.key === "F2") {
      box(row).focus();
    } else {
      return;
    }
    event.preventDefault();
  }

  function focusBox(id) {
    const box = document.getElementById(id);
    box.focus();
    box.select();
  }

  document.addEventListener("keydown", (event) => {
    const row = active;
    const typing = event.target.closest && event.target.closest("textarea, input, select, [contenteditable=true]");
    if (event.key === "F1" || (event.key === "?" && !typing)) {
      event.preventDefault();
      toggleHelp();
      return;
    }
    // A dialog owns the keyboard while it is open: Ctrl+Enter in the merge box must not save a row. So does
    // a form of the article's tools: Ctrl+Shift+S in the pasted newer version must not overwrite a row.
    if (!row || document.querySelector("dialog[open]")) return;
    if (event.target.closest && event.target.closest(".more-tools form")) return;
    if (chord && !["Control", "Shift", "Alt", "Meta"].includes(event.key)) {
      const pending = chord;
      chord = null;
      showState(row, "", "");
      const digit = /^(Digit|Numpad)([1-9])$/.exec(event.code);
      if (digit) {
        event.preventDefault();
        pending.act(row, Number(digit[2]) - 1);
        return;
      }
    }
    const mark = event.target.closest && event.target.closest("mark.term");
    if (mark) {
      highlightKeys(event, mark);
      return;
    }
    const ctrl = event.ctrlKey || event.metaKey;
    if (ctrl && !event.shiftKey && CHORDS[event.code]) {
      event.preventDefault();
      chord = CHORDS[event.code];
      showState(row, chord.hint, "");
    } else if (ctrl && event.key === "Enter") {
      event.preventDefault();
      const status = event.altKey && canReview ? "reviewed" : "translated";
      save(row, status);
      activate(nextUnfinished(row), true);
    } else if (ctrl && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      activate(neighbour(row, event.key === "ArrowDown" ? 1 : -1), true);
    } else if (ctrl && event.shiftKey && event.code === "KeyS") {
      event.preventDefault();
      if (!writable(row)) return;
      setText(row, sourceText(row));
      schedule(row);
    } else if (ctrl && !event.shiftKey && event.code === "Comma") {
      event.preventDefault();
      insertNextCode(row);
    } else if (ctrl && !event.shiftKey && event.code === "KeyF" && event.target.id !== "find") {
      // A second Ctrl+F, from the find box, is the browser's own find.
      event.preventDefault();
      focusBox("find");
    } else if (ctrl && !event.shiftKey && event.code === "KeyH" && replaceDialog) {
      event.preventDefault();
      openReplace();
    } else if (ctrl && !event.shiftKey && event.code === "KeyE" && annotateDialog) {
      event.preventDefault();
      askAnnotation(row);
    } else if (ctrl && !event.shiftKey && event.code === "KeyG") {
      event.preventDefault();
      focusBox("jump-to");
    } else if (event.key === "F2") {
      event.preventDefault();
      const first = marks(row)[0];
      if (first) first.focus();
    } else if (event.key === "Escape" && (event.target.id === "find" || event.target.id === "jump-to")) {
      event.preventDefault();
      box(row).focus();
    } else if (event.key === "Escape" && event.target === box(row) && writable(row)) {
      event.preventDefault();
      const s = states.get(row);
      clearTimeout(s.timer);
      s.timer = null;
      setText(row, s.savedText);
      showState(row, "reverted", "");
    }
  });

  window.addEventListener("beforeunload", (event) => {
    const pending = Array.from(states).some(([row, s]) => dirty(row) || s.saving || s.failed || s.conflict);
    if (pending) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // The dashboard links an article's sent-back segments as ?show=sent-back.
  const show = new URLSearchParams(location.search).get("show");
  const statusFilter = document.getElementById("filter-status");
  if (show && Array.from(statusFilter.options).some((option) => option.value === show)) {
    statusFilter.value = show;
    applyFilters();
  }

  // ---- live updates -------------------------------------------------------------------------------

  // Someone else's save, told by static/desk.js. The row takes it in place unless this translator has
  // unsaved text there or a save on the way: then their next save meets the changed revision and the
  // conflict dialog above, so nothing typed here is overwritten.
  editor.addEventListener("tarjuman:saved", (event) => {
    const saved = event.detail;
    const row = editor.querySelector(`[data-segment-id="${saved.segment}"]`);
    const s = row && states.get(row);
    if (!s || saved.revision <= s.revision) return; // our own save, or already shown
    if (dirty(row) || s.saving || s.conflict || s.timer) {
      showState(row, `${saved.author} saved a newer version; your next save will ask which to keep`, "failed");
      return;
    }
    setText(row, saved.target);
    applySaved(row, saved);
    markRevision(row, saved.status === "initial" ? saved.comment : null, saved.author);
    if (!canReview && (saved.status === "reviewed" || saved.status === "final")) makeReadOnly(row);
    showState(row, `updated by ${saved.author}`, "");
    if (row === active) showHistory(row);
  });

  updateOverall();
  const first = visibleRows().find((row) => row.dataset.status === "initial") || visibleRows()[0];
  if (first) activate(first, true);
})();
