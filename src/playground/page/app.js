// The playground page: draws the transcript the server streams (server-sent events) and posts what each person
// does to /api. No framework and no build step. Its own words come from the bot's catalogue (/words.json), in the
// language chosen at the top of the page.
"use strict";

const state = { people: [], bot: "", chats: {}, pendingLink: null, words: {}, languages: [] };
const LANGUAGE_KEY = "dereja-playground-language";
const pageLanguage = localStorage.getItem(LANGUAGE_KEY) || navigator.language || "en";

// One of the page's words, with its `{name}`s filled in.
function t(id, vars) {
  let text = state.words[id] || id;
  for (const [name, value] of Object.entries(vars || {})) text = text.split("{" + name + "}").join(value);
  return text;
}

function post(body) {
  return fetch("/api", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (response) => {
    if (!response.ok) toast(await response.text());
  }, () => toast(t("playground-no-answer")));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function toast(text) {
  const box = document.getElementById("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 4000);
}

// A link to this bot (a deep link, or Telegram's share link around one) opens as a person of the reader's choice.
function botLink(url) {
  try {
    const parsed = new URL(url);
    if (parsed.hostname !== "t.me") return null;
    if (parsed.pathname === "/share/url") return botLink(parsed.searchParams.get("url") || "");
    if (parsed.pathname === "/" + state.bot && parsed.searchParams.has("start")) return url;
  } catch (_) { /* not a URL */ }
  return null;
}

function openLink(url) {
  const link = botLink(url);
  if (!link) { window.open(url, "_blank", "noopener"); return; }
  const chooser = document.getElementById("chooser");
  const people = chooser.querySelector(".people");
  people.replaceChildren(...state.people.map((p) => {
    const button = el("button", "", p.name + " (" + p.key + ")");
    button.type = "button";
    button.dataset.person = p.key;
    button.onclick = () => { chooser.hidden = true; post({ action: "open_link", person: p.key, link }); };
    return button;
  }));
  chooser.hidden = false;
}

// Text with its links clickable and the bot's formatting (bold, tap-to-copy code) as Telegram shows it. The text is
// only ever set as text: nothing the bot or a person wrote is read as HTML.
function richText(text, entities) {
  const box = el("div", "text");
  let at = 0;
  const spans = (entities || []).slice().sort((a, b) => a.offset - b.offset);
  for (const span of spans) {
    if (span.offset < at) continue;
    linked(box, text.slice(at, span.offset));
    const words = text.slice(span.offset, span.offset + span.length);
    box.append(formatted(span.type, words));
    at = span.offset + span.length;
  }
  linked(box, text.slice(at));
  return box;
}

// One formatted span; code copies itself when tapped, as in Telegram.
function formatted(type, words) {
  if (type === "code" || type === "pre") {
    const code = el("code", "copy", words);
    code.title = t("playground-tap-to-copy");
    code.onclick = () => navigator.clipboard.writeText(words).then(() => toast(t("playground-copied")), () => toast(words));
    return code;
  }
  const tag = { bold: "strong", italic: "em", underline: "u", strikethrough: "s" }[type] || "span";
  return el(tag, "", words);
}

// Plain text with its links clickable.
function linked(box, text) {
  const pattern = /https?:\/\/[^\s<>"]+/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    box.append(text.slice(last, match.index));
    const link = el("a", "link", match[0]);
    link.href = match[0];
    link.onclick = (event) => { event.preventDefault(); openLink(match[0]); };
    box.append(link);
    last = match.index + match[0].length;
  }
  box.append(text.slice(last));
}

function keyboard(chat, id, rows) {
  const board = el("div", "keyboard");
  for (const row of rows || []) {
    const line = el("div", "row");
    for (const b of row) {
      const button = el("button", "", b.text);
      button.type = "button";
      if (b.url) {
        button.dataset.url = b.url;
        button.onclick = () => openLink(b.url);
      } else {
        button.dataset.data = b.data;
        button.onclick = () => post({ action: "press", person: actor(chat), chat, id, data: b.data });
      }
      line.append(button);
    }
    board.append(line);
  }
  return board;
}

// Who acts in a chat: the owner of a private chat, the person chosen in the group.
function actor(chat) {
  const own = state.chats[chat];
  return own.as ? own.as.value : chat;
}

function fileLine(file) {
  if (file.content) {
    const link = el("a", "file", file.name);
    link.href = URL.createObjectURL(new Blob([file.content], { type: "text/plain" }));
    link.download = file.name;
    return link;
  }
  return el("div", "file", file.name);
}

function fill(node, e) {
  const chat = e.chat;
  node.replaceChildren();
  if (chat === "group" || !e.mine) node.append(el("div", "from", e.from === "bot" ? "Dereja" : e.from));
  if (e.file) node.append(fileLine(e.file));
  if (e.text) node.append(richText(e.text, e.entities));
  if (e.invoice) {
    const invoice = el("div", "invoice");
    invoice.append(el("strong", "", e.invoice.title), el("div", "amount", e.invoice.amount));
    const pay = el("button", "pay", t("playground-pay", { amount: e.invoice.amount }));
    pay.type = "button";
    pay.onclick = () => post({ action: "pay", person: chat, id: e.id });
    invoice.append(pay);
    node.append(invoice);
  }
  if (e.buttons && e.buttons.length) node.append(keyboard(chat, e.id, e.buttons));
}

function add(chat, node) {
  const list = state.chats[chat].messages;
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  list.append(node);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function message(e) {
  const chat = state.chats[e.chat];
  if (!chat) return;
  const node = el("div", e.mine ? "message mine" : "message");
  node.dataset.id = e.id;
  node.dataset.from = e.from === "bot" ? "bot" : "person";
  fill(node, e);
  chat.drawn.set(e.id, { node, event: e });
  add(e.chat, node);
}

function edit(e) {
  const chat = state.chats[e.chat];
  const drawn = chat && chat.drawn.get(e.id);
  if (!drawn) return;
  const changed = Object.assign({}, drawn.event, { buttons: e.buttons });
  if (e.text !== undefined) Object.assign(changed, { text: e.text, entities: e.entities });
  drawn.event = changed;
  fill(drawn.node, changed);
}

function alertOf(e) {
  if (!e.show_alert) { toast(e.text); return; }
  const box = document.getElementById("alert");
  box.dataset.chat = e.chat;
  box.querySelector(".text").textContent = e.text;
  box.hidden = false;
}

// A line of the page's own in a chat; returns it, to be filled in later if need be.
function note(chat, text) {
  if (!state.chats[chat]) return null;
  const line = el("div", "note", text);
  add(chat, line);
  return line;
}

function typing(e) {
  const chat = state.chats[e.chat];
  if (!chat) return;
  chat.status.textContent = t(e.action === "typing" ? "playground-typing" : "playground-sending-file");
  clearTimeout(chat.typing);
  chat.typing = setTimeout(() => { chat.status.textContent = ""; }, 4000);
}

// A moment (the bot's now when none is given) as the bot writes it in the page's language.
function botTime(at) {
  const query = "?lang=" + encodeURIComponent(state.language) + (at ? "&at=" + encodeURIComponent(at) : "");
  return fetch("/clock" + query).then((r) => r.text());
}

function showClock() {
  botTime().then((time) => {
    document.getElementById("clock").textContent = t("playground-clock-time", { time });
  }, () => {});
}

// The clock moved: a line in the group, in its place among the messages, saying to when.
function clockMoved(e) {
  showClock();
  const line = note("group", "");
  if (line) botTime(e.at).then((time) => { line.textContent = t("playground-clock-moved", { time }); }, () => {});
}

function compose(key, person) {
  const box = el("form", "compose");
  const text = el("textarea");
  text.name = "text";
  text.rows = 2;
  text.placeholder = t("playground-compose");
  const send = el("button", "send", t("playground-send"));
  send.type = "submit";
  box.onsubmit = (event) => {
    event.preventDefault();
    const value = text.value.trim();
    if (!value) return;
    text.value = "";
    post({ action: "send", person: actor(key), chat: key, text: value });
  };
  text.onkeydown = (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); box.requestSubmit(); }
  };
  box.append(text);
  if (person) {
    const pick = el("label", "pick", t("playground-attach"));
    const input = el("input");
    input.type = "file";
    input.onchange = () => {
      if (input.files.length) post({ action: "file", person: key, name: input.files[0].name });
      input.value = "";
    };
    pick.append(input);
    box.append(pick);
    for (const sample of ["sample.pdf", "sample.png"]) {
      const button = el("button", "sample", sample);
      button.type = "button";
      button.dataset.sample = sample;
      button.onclick = () => post({ action: "file", person: key, name: sample });
      box.append(button);
    }
  }
  box.append(send);
  return box;
}

function panel(key, title, person) {
  const section = el("section", "chat");
  section.dataset.chat = key;
  const head = el("div", "head");
  head.append(el("span", "title", title));
  const status = el("span", "status");
  head.append(status);
  const chat = { messages: el("div", "messages"), drawn: new Map(), status, as: null };
  if (person) {
    const language = el("select", "language");
    language.setAttribute("aria-label", t("playground-telegram-language-of", { name: person.name }));
    language.append(...languageOptions());
    language.onchange = () => post({ action: "language", person: key, language: language.value });
    chat.language = language;
    head.append(language);
  } else {
    const as = el("select", "as");
    as.setAttribute("aria-label", t("playground-who-acts"));
    for (const p of state.people) {
      const option = el("option", "", t("playground-as", { name: p.name }));
      option.value = p.key;
      as.append(option);
    }
    chat.as = as;
    head.append(as);
  }
  section.append(head, chat.messages, compose(key, person));
  state.chats[key] = chat;
  return section;
}

// Every language the bot speaks, each by its own name.
function languageOptions() {
  return state.languages.map((l) => {
    const option = el("option", "", l.name);
    option.value = l.code;
    return option;
  });
}

function hello(e) {
  state.people = e.people;
  state.bot = e.bot;
  state.chats = {};
  const panels = e.people.map((p) => panel(p.key, p.name + " · " + p.key, p));
  panels.push(panel("group", t("playground-group"), null));
  document.getElementById("chats").replaceChildren(...panels);
  showClock();
}

function reset() {
  for (const chat of Object.values(state.chats)) {
    chat.messages.replaceChildren();
    chat.drawn.clear();
    if (chat.language) chat.language.value = "en";
  }
  showClock();
}

function apply(e) {
  switch (e.kind) {
    case "hello": hello(e); break;
    case "reset": reset(); break;
    case "message": message(e); break;
    case "edit": edit(e); break;
    case "delete": {
      const drawn = state.chats[e.chat] && state.chats[e.chat].drawn.get(e.id);
      if (drawn) drawn.node.remove();
      break;
    }
    case "alert": alertOf(e); break;
    case "action": typing(e); break;
    case "paid": note(e.chat, t("playground-paid", { name: e.name })); break;
    case "clock": clockMoved(e); break;
    case "language": {
      const chat = state.chats[e.person];
      if (chat) chat.language.value = e.language;
      const named = state.languages.find((l) => l.code === e.language);
      note(e.person, t("playground-telegram-language", { language: named ? named.name : e.language }));
      break;
    }
  }
}

// The page's words in place, and the choice of its language (kept in this browser; the page loads again in it).
function showWords(loaded) {
  state.words = loaded.words;
  state.languages = loaded.languages;
  state.language = loaded.language;
  document.documentElement.lang = loaded.language;
  document.title = t("playground-title");
  document.querySelectorAll("[data-words]").forEach((node) => { node.textContent = t(node.dataset.words); });
  const choice = document.getElementById("page-language");
  choice.setAttribute("aria-label", t("playground-page-language"));
  choice.replaceChildren(...languageOptions());
  choice.value = loaded.language;
  choice.onchange = () => { localStorage.setItem(LANGUAGE_KEY, choice.value); location.reload(); };
}

function start() {
  document.querySelectorAll("[data-hours]").forEach((button) => {
    button.onclick = () => post({ action: "clock", hours: Number(button.dataset.hours) });
  });
  document.getElementById("reset").onclick = () => post({ action: "reset" });
  document.querySelector("#chooser .cancel").onclick = () => { document.getElementById("chooser").hidden = true; };
  document.querySelector("#alert .ok").onclick = () => { document.getElementById("alert").hidden = true; };
  setInterval(showClock, 15000);
  const events = new EventSource("/events");
  events.onmessage = (m) => JSON.parse(m.data).forEach(apply);
}

fetch("/words.json?lang=" + encodeURIComponent(pageLanguage))
  .then((r) => r.json())
  .then((loaded) => { showWords(loaded); start(); }, () => toast("/words.json"));
