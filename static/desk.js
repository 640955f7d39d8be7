// The desk working together, on the editor page: live updates from the article's event stream
// (/api/v1/articles/{id}/events), who else is here and in which segment, and comment threads.
//
// The editor works without this script's live part: without EventSource, or when the stream is down,
// saves still meet the server's revision check. The stream resumes where it stopped (the browser sends
// Last-Event-ID); when the server says events were missed, the page offers a reload.
(() => {
  "use strict";

  const editor = document.querySelector("[data-editor]");
  if (!editor) return;

  const article = editor.dataset.articleId;
  const me = editor.dataset.me;
  const HEARTBEAT_MS = 15000;
  const TYPING_MS = 5000;
  const PRESENCE_TTL_MS = 45000;

  // The editor's one way to call the API (its CSRF header included).
  const { api } = window.tarjumanEditor;

  function rowOf(segment) {
    return editor.querySelector(`[data-segment-id="${segment}"]`);
  }

  // ---- the reload prompt --------------------------------------------------------------------------

  const banner = document.getElementById("live-banner");
  function offerReload(text) {
    banner.querySelector(".what").textContent = text;
    banner.hidden = false;
  }
  document.getElementById("live-reload").addEventListener("click", () => location.reload());

  // ---- presence -----------------------------------------------------------------------------------

  const present = new Map(); // user -> {display_name, segment, typing, seen}
  // The editor's script ran first and may have put the cursor in a segment already.
  const startRow = document.activeElement?.closest("[data-segment-id]");
  let here = { segment: startRow ? Number(startRow.dataset.segmentId) : null, typing: false };
  let typingTimer = null;

  function showPresence() {
    const now = Date.now();
    for (const [user, p] of present) if (now - p.seen > PRESENCE_TTL_MS) present.delete(user);
    for (const chips of editor.querySelectorAll(".presence-chips")) chips.replaceChildren();
    const names = [];
    for (const [user, p] of present) {
      if (user === me) continue;
      names.push(p.display_name || user);
      const row = p.segment && rowOf(p.segment);
      if (!row) continue;
      const chip = document.createElement("span");
      chip.className = "chip" + (p.typing ? " typing" : "");
      chip.dataset.user = user;
      chip.textContent = p.typing ? `${p.display_name || user} is typing` : p.display_name || user;
      row.querySelector(".presence-chips").append(chip);
    }
    document.getElementById("present").textContent = names.length ? "Also here: " + names.join(", ") : "";
  }

  function heard(p) {
    if (!p.here) present.delete(p.user);
    else present.set(p.user, { ...p, seen: Date.now() });
    showPresence();
  }

  async function heartbeat() {
    const result = await api("PUT", `/articles/${article}/presence`, here).catch(() => null);
    if (result && result.status === 200) for (const p of result.json) heard(p);
  }

  function moveTo(segment, typing) {
    const changed = here.segment !== segment || here.typing !== typing;
    here = { segment, typing };
    if (changed) heartbeat();
  }

  editor.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-segment-id]");
    if (row) moveTo(Number(row.dataset.segmentId), false);
  });
  editor.addEventListener("input", (event) => {
    const row = event.target.closest("[data-segment-id]");
    if (!row) return;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => moveTo(here.segment, false), TYPING_MS);
    moveTo(Number(row.dataset.segmentId), true);
  });
  setInterval(() => {
    heartbeat();
    showPresence();
  }, HEARTBEAT_MS);
  heartbeat();

  // ---- comments -----------------------------------------------------------------------------------

  const list = document.getElementById("comments");
  const form = document.getElementById("comment-form");
  const box = document.getElementById("comment-body");
  const resolveButton = document.getElementById("comments-resolve");
  let thread = null; // the segment whose thread the panel shows

  function partsOf(comment) {
    const p = document.createElement("p");
    p.className = "comment-body";
    p.dir = "auto";
    for (const part of comment.parts) {
      const tag = { strong: "strong", emphasis: "em", code: "code", mention: "span" }[part.style];
      const el = tag ? document.createElement(tag) : document.createTextNode(part.text);
      if (tag) {
        el.textContent = part.style === "mention" ? "@" + part.text : part.text;
        if (part.style === "mention") el.className = "mention";
      }
      p.append(el);
    }
    return p;
  }

  async function showThread(segment) {
    thread = segment;
    const result = await api("GET", `/segments/${segment}/comments`).catch(() => null);
    if (thread !== segment || !result || result.status !== 200) return;
    list.replaceChildren();
    for (const comment of result.json) {
      const li = document.createElement("li");
      li.className = "comment" + (comment.resolved ? " resolved" : "") + (comment.send_back ? " send-back" : "");
      li.dataset.commentId = comment.id;
      const head = document.createElement("p");
      head.className = "comment-head";
      head.textContent =
        `${comment.author}` + (comment.send_back ? " sent it back" : "") + (comment.edited_at ? " (edited)" : "");
      li.append(head, partsOf(comment));
      list.append(li);
    }
    const open = result.json.filter((c) => !c.resolved).length;
    resolveButton.hidden = result.json.length === 0;
    resolveButton.textContent = open ? "Resolve thread" : "Reopen thread";
    resolveButton.dataset.resolve = open ? "true" : "false";
    showCount(segment, open);
  }

  async function refreshCount(segment) {
    const result = await api("GET", `/segments/${segment}/comments`).catch(() => null);
    if (result && result.status === 200) showCount(segment, result.json.filter((c) => !c.resolved).length);
  }

  function showCount(segment, open) {
    const badge = rowOf(segment)?.querySelector(".badge.comments");
    if (!badge) return;
    badge.hidden = open === 0;
    badge.textContent = `${open} comment${open === 1 ? "" : "s"}`;
  }

  editor.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-segment-id]");
    if (row && Number(row.dataset.segmentId) !== thread) showThread(Number(row.dataset.segmentId));
  });

  if (here.segment) showThread(here.segment);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!thread || !box.value.trim()) return;
    const result = await api("POST", `/segments/${thread}/comments`, { body: box.value });
    if (result.status === 200) {
      box.value = "";
      showThread(thread);
    } else {
      document.getElementById("comment-state").textContent =
        "not posted: " + (result.json?.error?.message || result.status);
    }
  });
  resolveButton.addEventListener("click", async () => {
    if (!thread) return;
    await api("POST", `/segments/${thread}/comments/resolve`, { resolved: resolveButton.dataset.resolve === "true" });
    showThread(thread);
  });

  // ---- updated stories ----------------------------------------------------------------------------

  // A reworded sentence offers the translation of its old version: taken into the box, then saved as any
  // typing is.
  editor.addEventListener("click", (event) => {
    const use = event.target.closest(".use-old-target");
    if (!use) return;
    const row = use.closest("[data-segment-id]");
    const area = row.querySelector("textarea");
    area.value = row.querySelector(".old-target").textContent;
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  });

  // ---- the event stream ---------------------------------------------------------------------------

  // Live updates can be switched off (remembered in this browser): the page then works as a snapshot,
  // and colleagues' saves meet this translator only through the revision check.
  const toggle = document.getElementById("live-toggle");
  const liveState = document.getElementById("live-state");
  let stream = null;
  toggle.checked = window.EventSource && localStorage.getItem("tarjuman.live") !== "off";
  toggle.disabled = !window.EventSource;
  toggle.addEventListener("change", () => {
    localStorage.setItem("tarjuman.live", toggle.checked ? "on" : "off");
    if (toggle.checked) offerReload("Live updates are on again: reload to see what changed meanwhile.");
    else {
      stream?.close();
      liveState.textContent = "live updates off";
    }
  });
  if (!toggle.checked) {
    liveState.textContent = "live updates off";
    return;
  }
  stream = new EventSource(`/api/v1/articles/${article}/events?after=${editor.dataset.eventsAfter}`);
  stream.addEventListener("open", () => (liveState.textContent = "live"));
  stream.addEventListener("error", () => {
    if (stream.readyState !== EventSource.CLOSED) liveState.textContent = "reconnecting…";
  });
  stream.addEventListener("save", (event) => {
    editor.dispatchEvent(new CustomEvent("tarjuman:saved", { detail: JSON.parse(event.data) }));
  });
  stream.addEventListener("pretranslation", (event) => {
    editor.dispatchEvent(new CustomEvent("tarjuman:pretranslation", { detail: JSON.parse(event.data) }));
  });
  stream.addEventListener("presence", (event) => heard(JSON.parse(event.data)));
  stream.addEventListener("comment", (event) => {
    const comment = JSON.parse(event.data);
    if (comment.segment === null) return;
    if (comment.segment === thread) showThread(thread);
    else refreshCount(comment.segment);
  });
  stream.addEventListener("structure", (event) => {
    // A replayed event this page already shows (an import just before it opened) asks for nothing.
    const change = JSON.parse(event.data);
    const missing = (change.added || []).some((id) => !rowOf(id));
    const gone = (change.retired || []).some((id) => rowOf(id));
    if (missing || gone) offerReload("Segments of this article were split, merged or updated.");
  });
  stream.addEventListener("update", () => offerReload("A newer version of the story was imported."));
  stream.addEventListener("reload", () => {
    stream.close();
    liveState.textContent = "live updates paused";
    offerReload("Some live changes could not be shown.");
  });
})();
