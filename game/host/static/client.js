// Wordstack class round: the student's page. Every name and word is shown with
// textContent (never as HTML); the host decides every outcome, this page only draws.
// An Arcade round draws the word stack; a Blocks round the grid (blocks.js).
import { blocksOverTitle, blocksSaying, drawBlocksRanking, drawGrid, turnText } from "/blocks.js";

const TOKEN_KEY = "wordstack-token";
// A random id of this browser, kept across rounds: a student the teacher removed
// cannot join again from it under another name.
const DEVICE_KEY = "wordstack-device";
const $ = (id) => document.getElementById(id);
const views = ["join-view", "lobby-view", "game-view", "gone-view"];
let socket = null;
let me = { name: "", token: localStorage.getItem(TOKEN_KEY) };
let secondsLeft = 0;
let clockAt = performance.now();
let gone = false;
let roundOver = false;
let retry = null;
let lastTop = [];
let lastState = null;
let teamChoice = null;  // the team number picked on the join form (null: any team)
const device = localStorage.getItem(DEVICE_KEY) || newDevice();

function newDevice() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  localStorage.setItem(DEVICE_KEY, id);
  return id;
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function show(view) {
  for (const id of views) $(id).hidden = id !== view;
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/ws`);
  socket.addEventListener("open", () => {
    banner(null);
    setSendable();
    if (me.token) send({ type: "rejoin", token: me.token, device });
    else show("join-view");
  });
  socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    setSendable();
    if (gone) return;
    if (roundOver) return banner("Round over", "ended");
    banner("Reconnecting…", "");
    clearTimeout(retry);
    retry = setTimeout(connect, 1000);
  });
}

function banner(text, kind) {
  const line = $("connection");
  line.hidden = !text;
  line.textContent = text || "";
  line.className = `connection ${kind || ""}`.trim();
}

function connected() {
  return socket !== null && socket.readyState === WebSocket.OPEN;
}

// Send works only while connected and playing; what was typed stays in the box.
function setSendable() {
  const over = lastState !== null && (lastState.game_over || lastState.phase === "finished");
  $("clue").disabled = over;
  $("send").disabled = over || !connected();
  drawFlag(over);
}

// "Not what I meant": one flag of the last clue's ranking, free; the host keeps it.
function drawFlag(over) {
  const button = $("flag");
  const last = lastState && lastState.last;
  button.hidden = !last;
  if (!last) return;
  button.classList.toggle("flagged", last.flagged);
  button.textContent = last.flagged ? "⚑ Flagged: your teacher will see it" : "⚑ Not what I meant";
  button.disabled = last.flagged || over || !connected();
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function receive(msg) {
  switch (msg.type) {
    case "joined":
      me = { name: msg.name, token: msg.token };
      localStorage.setItem(TOKEN_KEY, msg.token);
      $("lobby-name").textContent = msg.name;
      drawMyTeam(msg.team);
      break;
    case "teams": drawTeamChoice(msg.teams); break;
    case "lobby": drawLobby(msg); break;
    case "state": drawState(msg); break;
    case "top": drawTop(msg); break;
    case "why": drawWhy(msg); break;
    case "refused": say(msg.message, "refused"); break;  // a cooldown's says "Wait N s"
    case "kicked": leave(msg.message); break;
    case "error": refusedMessage(msg.code, msg.message); break;
    case "closing": closing(msg); break;
  }
}

// The host says why it closes: the round is over (nothing to reconnect to), the
// game is open on another page, or the host stopped mid-round (it may come back).
function closing(msg) {
  if (msg.code === "round_over") roundOver = true;
  else if (msg.code === "opened_elsewhere") {
    gone = true;
    banner(msg.message, "ended");
  }
}

// The host's refusal codes (game/host/codes.py); the message is only shown.
function refusedMessage(code, message) {
  switch (code) {
    case "unknown_player":
      localStorage.removeItem(TOKEN_KEY);
      me.token = null;
      show("join-view");
      return;
    case "kicked":
    case "barred":
      return leave(message);
  }
  if (!$("join-view").hidden) $("join-error").textContent = message;
  else say(message, "refused");
}

function leave(reason) {
  gone = true;
  localStorage.removeItem(TOKEN_KEY);  // the device id stays: it is barred now
  $("gone-reason").textContent = `You were removed from the room (${reason}).`;
  show("gone-view");
}

// The join form's team buttons: "Any team" (the host balances) and one per team.
function drawTeamChoice(teams) {
  $("team-choice").hidden = !teams.length;
  if (teamChoice !== null && teamChoice > teams.length) teamChoice = null;
  const choices = [{ team: null, name: "Any team", colour: null }, ...teams];
  $("team-buttons").replaceChildren(...choices.map((choice) => {
    const button = el("button", undefined, "team");
    button.type = "button";
    button.setAttribute("role", "radio");
    button.setAttribute("aria-checked", String(choice.team === teamChoice));
    button.id = choice.team === null ? "team-any" : `team-${choice.team}`;
    if (choice.colour) {
      const swatch = el("span", undefined, "swatch");
      swatch.style.background = choice.colour;
      button.append(swatch);
    }
    button.append(el("span", choice.name));
    button.addEventListener("click", () => { teamChoice = choice.team; drawTeamChoice(teams); });
    return button;
  }));
}

const TEAM_COLOURS = { Red: "#d55e00", Blue: "#0072b2", Green: "#009e73", Yellow: "#f0e442" };

function badge(node, team, text) {
  node.hidden = !team;
  if (!team) return;
  const swatch = el("span", undefined, "swatch");
  swatch.style.background = TEAM_COLOURS[team] || "transparent";
  node.replaceChildren(swatch, el("span", text));
}

function drawMyTeam(team) {
  me.team = team;
  badge($("lobby-team"), team, `Team ${team}`);
  badge($("my-team"), team, `you: ${team}`);
}

function drawTeams(teams) {
  const shown = Array.isArray(teams) && teams.length > 0;
  $("teams").hidden = !shown;
  $("teams-title").hidden = !shown;
  if (!shown) return;
  const best = Math.max(1, ...teams.map((t) => t.mean));
  $("teams").replaceChildren(...teams.map((t) => {
    const track = el("div", undefined, "track");
    const fill = el("div", undefined, "fill");
    fill.style.width = `${(t.mean / best) * 100}%`;
    fill.style.background = t.colour;
    track.append(fill);
    const item = el("li", undefined, t.name === me.team ? "me" : "");
    item.append(el("span", `${t.name} (${t.members})`), track, el("span", t.mean.toFixed(1), "num"));
    return item;
  }));
}

function drawLobby(msg) {
  if (!me.token) return;
  show("lobby-view");
  $("lobby-count").textContent = plural(msg.players, "player", "players");
  // A state message has no names: the list from the last lobby message stays.
  if (msg.names) $("lobby-names").replaceChildren(...msg.names.map((name) => el("li", name)));
  const counting = msg.phase === "countdown";
  $("lobby-countdown").hidden = !counting;
  $("lobby-countdown").textContent = msg.countdown || "Go!";
  $("lobby-status").textContent = counting ? "Get ready…" : "Waiting for your teacher to start the round…";
}

function drawState(msg) {
  $("lobby-name").textContent = msg.name;
  $("lobby-round").textContent = msg.round || "";
  drawMyTeam(msg.team);
  if (msg.phase === "lobby" || msg.phase === "countdown") {
    drawLobby({ phase: msg.phase, countdown: msg.countdown, players: msg.players });
    return;
  }
  const arriving = $("game-view").hidden;
  show("game-view");
  if (arriving) $("clue").focus();  // keyboard first: type a clue at once
  lastState = msg;
  setClock(msg.seconds_left);
  $("score").textContent = msg.score;
  const blocks = msg.mode === "blocks";
  $("game-view").classList.toggle("blocks", blocks);
  $("stack").hidden = blocks;
  $("grid").hidden = !blocks;
  $("streak-box").hidden = blocks;
  $("turn-box").hidden = !blocks;
  if (blocks) {
    $("turn").textContent = turnText(msg);
    $("clue").placeholder = "Clue for any word block";
    drawGrid($("grid"), msg);
    if (msg.last) drawBlocksLast(msg.last);
  } else {
    const streak = $("streak");
    streak.replaceChildren(...Array.from({ length: msg.streak_length }, (_, i) =>
      el("span", undefined, i < msg.streak ? "seg on" : "seg")));
    drawStack(msg);
    if (msg.last) drawRanking(msg.last);
  }
  if (msg.place) $("place").textContent = `(you: ${msg.place} of ${msg.players})`;
  drawTop({ lines: lastTop });
  const over = msg.game_over || msg.phase === "finished";
  $("over").hidden = !over;
  setSendable();
  if (over) {
    if (blocks) $("over-title").textContent = blocksOverTitle(msg);
    else $("over-title").textContent = msg.time_up ? "Time is up" : "The stack reached the top";
    $("over-score").textContent = msg.score;
    $("over-place").textContent = msg.place ? `Place ${msg.place} of ${msg.players}` : "";
    $("over-wait").hidden = msg.phase === "finished";
  }
}

function drawStack(msg) {
  const stack = $("stack");
  stack.style.setProperty("--rows", msg.max_height);
  stack.style.setProperty("--zone-rows", Math.min(msg.zone, msg.stack.length));
  const items = msg.stack.map((word, index) => {
    const classes = [word.target ? "target" : "", index < msg.zone ? "zone" : ""];
    const item = el("li", word.word, classes.join(" ").trim());
    if (word.target) item.setAttribute("aria-label", `${word.word} (target)`);
    return item;
  });
  stack.replaceChildren(el("li", "▼ clear zone", "zone-label"), ...items);
  stack.setAttribute("data-danger", "stack top: game over");
}

// "Why?": the host explains the last clue's ranking; every score as the sum of its parts.
const PART_NAMES = { transformer: "transformer", glove: "GloVe", use: "sentence encoder" };

function drawWhy(msg) {
  $("why-title").textContent = `Why did “${msg.clue}” rank the stack like that?`;
  $("why-tokens").replaceChildren(...msg.tokens.map((t) => {
    const chip = el("span", t.piece);
    chip.append(el("small", String(t.id)));
    return chip;
  }));
  $("why-legend").replaceChildren(...Object.entries(msg.weights).flatMap(([name, share]) => [
    el("span", undefined, `legend ${name}`),
    document.createTextNode(`${PART_NAMES[name] || name} ${Math.round(share * 100)}%`),
  ]));
  const best = Math.max(0.01, ...msg.words.map((w) => w.score));
  $("why-words").replaceChildren(...msg.words.map((w) => {
    const track = el("div", undefined, "track");
    for (const [name, part] of Object.entries(w.parts)) {
      const fill = el("div", undefined, `fill ${name}`);
      fill.style.width = `${Math.max(0, part / best) * 100}%`;
      track.append(fill);
    }
    const row = el("div", undefined, "row");
    row.append(el("span", w.word, "word"), track, el("span", w.score.toFixed(3), "num"));
    const item = el("li", undefined, w.target ? "target" : "");
    item.append(row);
    return item;
  }));
  $("why-sentence").textContent = msg.sentence.replaceAll("*", "");
  $("why").hidden = false;
  $("why-close").focus();
}

function drawBlocksLast(last) {
  $("why-button").disabled = false;
  drawBlocksRanking($("ranking"), $("ranking-title"), last);
  say(...blocksSaying(last));
}

function drawRanking(last) {
  $("why-button").disabled = false;
  const best = Math.max(0.01, ...last.ranking.map((r) => r.score));
  $("ranking-title").textContent = `Ranking for “${last.clue}”` + (last.points ? `: +${last.points}` : "");
  $("ranking").replaceChildren(...last.ranking.map((r) => {
    const row = el("div", undefined, "row");
    const track = el("div", undefined, "track");
    const fill = el("div", undefined, "fill");
    fill.style.width = `${Math.max(0, r.score / best) * 100}%`;
    track.append(fill);
    row.append(el("span", r.word, "word"), track, el("span", r.score.toFixed(2), "num"));
    const item = el("li", undefined, [r.target ? "target" : "", r.cleared ? "cleared" : ""].join(" ").trim());
    item.append(row);
    return item;
  }));
  if (last.success) say(`Cleared! +${last.points} points`, "good");
  else if (last.zone === 1) say("Missed: the target was not ranked 1st.", "refused");
  else say(`Missed: the target was not in the best ${last.zone}.`, "refused");
}

// The class top 10 as the host last sent it, with this player's own line brought up
// to date at once from their latest state (the host sends the top 10 once a second).
function drawTop(msg) {
  if (msg.seconds_left !== undefined) setClock(msg.seconds_left);
  if (msg.teams !== undefined) drawTeams(msg.teams);
  lastTop = msg.lines;
  let lines = msg.lines.filter((line) => line.name !== me.name);
  if (lastState) lines.push({ name: me.name, score: lastState.score, clues: lastState.clues });
  else lines = msg.lines;
  lines.sort((a, b) => b.score - a.score || a.clues - b.clues);
  $("top").replaceChildren(...lines.slice(0, 10).map((line) => {
    const item = el("li", undefined, line.name === me.name ? "me" : "");
    item.append(el("span", line.name), el("span", String(line.score)));
    return item;
  }));
}

function say(text, kind) {
  const message = $("message");
  message.textContent = text;
  message.className = `message ${kind || ""}`;
}

function setClock(seconds) {
  secondsLeft = seconds;
  clockAt = performance.now();
  drawClock();
}

function drawClock() {
  const left = Math.max(0, secondsLeft - (performance.now() - clockAt) / 1000);
  const whole = Math.ceil(left);
  $("time").textContent = `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  $("time").classList.toggle("danger", whole <= 10);
}

setInterval(drawClock, 250);
// A turned phone or a resized window: the grid's words are fitted to the new blocks.
window.addEventListener("resize", () => {
  if (lastState && lastState.mode === "blocks" && !$("grid").hidden) drawGrid($("grid"), lastState);
});

$("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("join-error").textContent = "";
  const join = { type: "join", room: $("room").value.trim().toUpperCase(), name: $("name").value, device };
  if (teamChoice !== null) join.team = teamChoice;
  send(join);
});

$("flag").addEventListener("click", () => {
  if (lastState && lastState.last && !lastState.last.flagged) {
    send({ type: "flag", clue: lastState.last.clue });
  }
});

$("clue-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const clue = $("clue").value.trim();
  if (!clue) return say("Type a clue first.", "refused");
  if (!connected()) return say("Not connected: your clue is kept until the page is back.", "refused");
  send({ type: "clue", clue });
  $("clue").value = "";
  say("ranking…");
});

$("why-button").addEventListener("click", () => {
  if (connected()) send({ type: "why" });
});
function closeWhy() {
  $("why").hidden = true;
  $("clue").focus();
}
$("why-close").addEventListener("click", closeWhy);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !$("why").hidden) closeWhy();
});

const params = new URLSearchParams(location.search);
if (params.get("room")) $("room").value = params.get("room").toUpperCase();
show(me.token ? "lobby-view" : "join-view");
connect();
