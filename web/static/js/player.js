/** The player page: wires the article text (SentenceView), gapless clip playback (Playback) and the controls
 *  together; remembers speed, volume, voice and position; speaks user-caused changes in the status region;
 *  at the end of an article, marks it heard and goes on with the next one not heard yet (continue.js). */
import { Announcer } from "./announce.js";
import { request, sendJson } from "./api.js";
import { arrival, describe, goTo, libraryOrder, nextUnheard, previousArticle } from "./continue.js";
import { Playback } from "./playback.js";
import { load, save } from "./prefs.js";
import { SentenceView } from "./sentence-view.js";
import { Shortcuts } from "./shortcuts.js";
import { SleepTimer } from "./sleep-timer.js";

const $ = (id) => document.getElementById(id);
const reader = $("reader");
const articleId = reader.dataset.articleId;
const view = new SentenceView(reader, $("article-text"));
const playback = new Playback([$("audio-a"), $("audio-b")], view.segments.map((segment) => segment.url));
const announcer = new Announcer($("status"));
const errorBox = $("player-error");
const playButton = $("play");

const SPEED = { min: 0.5, max: 3, step: 0.1 };
const SAVE_EVERY_MS = 3000;
const PREPARING = "Preparing audio…";
const LONG_WAIT_MS = 3000; // a hand-off between sentences this slow is worth a word
const STEPS_SETTLE_MS = 600; // speed and volume are said once the listener stops pressing

const formatSpeed = (speed) => `${speed.toFixed(1)}×`;
const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

// ---- position: shown, saved locally and on the server, resumed ----

let position = 0;
let atEnd = false;
let lastSaved = -1;
let saveTimer = 0;
let resumeNote = ""; // "Resuming at …": said at the first Play, not over a screen reader reading the new page

function sentenceLabel(at = position) {
  const number = view.ordinal(view.segments[at].sentence); // as people count: 1 is the first after the title
  return number ? `Sentence ${number} of ${view.count - 1}` : "Title";
}

function showPosition() {
  $("position").textContent = sentenceLabel();
  const speaker = view.segments[position].speaker;
  $("speaker").textContent = speaker ? `Quote: ${speaker}` : "";
}

/** Remember the position here at once, and on the server at most every few seconds (and when leaving). */
function saveProgress(immediately = false) {
  save(`position.${articleId}`, { sentence: view.segments[position].sentence });
  if (immediately) {
    clearTimeout(saveTimer);
    saveTimer = 0;
    sendProgress();
  } else if (!saveTimer) {
    saveTimer = setTimeout(() => { saveTimer = 0; sendProgress(); }, SAVE_EVERY_MS);
  }
}

function sendProgress() {
  const sentence = view.segments[position].sentence;
  if (sentence === lastSaved) return;
  lastSaved = sentence;
  sendJson(`/api/articles/${encodeURIComponent(articleId)}/progress`, "PUT", { sentence }, { keepalive: true })
    .catch(() => { lastSaved = -1; }); // kept in this browser; sent again at the next change
}

/** Where to resume: the server's position (shared by every device), else this browser's if the server's
 *  copy was lost (a failed save). */
function resumePosition() {
  const server = Number(reader.dataset.progress) || 0;
  const local = load(`position.${articleId}`, null);
  lastSaved = server;
  const sentence = server > 0 || !local ? server : local.sentence;
  return view.sentenceStart.get(sentence) ?? 0;
}

// ---- following playback ----

/** Follow playback by scrolling only when that cannot take the user's focus away: focus on the page itself,
 *  in the sticky bar or on the sentence they chose to play from; not in the settings, nor on a sentence
 *  they moved to with the arrow keys. */
function mayFollow() {
  const active = document.activeElement;
  if (!active || active === document.body || active === $("main")) return true;
  if (active.classList.contains("sentence")) return !view.browsing;
  return active.closest("#player-bar") !== null;
}

let opened = false; // the saved sentence is only marked at load: the page opens at its top, Play in view
playback.addEventListener("segment", (event) => {
  position = event.detail.index;
  resumeNote = "";
  view.highlight(position, opened && mayFollow());
  showPosition();
  saveProgress();
});

/** The wait is shown at once; it is spoken at once only when the listener is waiting for what they asked for
 *  (play, a move, a chosen sentence), and at a hand-off between sentences only if it drags on. Once audio plays
 *  (or stops) an unspoken "Preparing audio…" is taken back, so it never lands over "Sentence n of m". */
let preparingTimer = 0;
playback.addEventListener("state", (event) => {
  const { playing, waiting, requested } = event.detail;
  playButton.classList.toggle("is-playing", playing);
  reader.classList.toggle("is-waiting", waiting);
  $("preparing").hidden = !waiting;
  clearTimeout(preparingTimer);
  if (waiting) {
    preparingTimer = setTimeout(() => announcer.say(PREPARING), requested ? 0 : LONG_WAIT_MS);
    watchSynthesis();
  } else {
    announcer.cancel(PREPARING);
  }
});

playback.addEventListener("ended", () => {
  atEnd = true;
  saveProgress(true);
  const sleepEnded = sleep.articleEnded(); // the timer set to "End of article" stops here: no next article either
  announcer.say(sleepEnded ? "End of article. Sleep timer off." : "End of article."); // said once
  sendJson(`/api/articles/${encodeURIComponent(articleId)}/progress`, "PUT", { heard: true }, { keepalive: true })
    .catch(() => { /* the article stays unheard: continuing does not depend on it */ });
  if (continueBox.checked && !sleepEnded) goToArticle(1, true);
});

playback.addEventListener("error", (event) => showError(event.detail.message));

function showError(message) {
  errorBox.textContent = message;
}

/** While audio is awaited, ask the server how synthesis is going so a failing engine shows, not a hung wait. */
let watching = false;
async function watchSynthesis() {
  if (watching) return;
  watching = true;
  try {
    while (reader.classList.contains("is-waiting")) {
      const status = await request(`/api/articles/${encodeURIComponent(articleId)}/status${voiceQuery}`);
      if (status && status.error) {
        playback.pause();
        reader.classList.remove("is-waiting");
        $("preparing").hidden = true;
        showError(status.error);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  } catch {
    /* the status is a courtesy; the audio element reports its own errors */
  } finally {
    watching = false;
  }
}

// ---- transport ----

function togglePlay() {
  errorBox.textContent = "";
  if (playback.playing) {
    playback.pause();
    announcer.say("Paused");
    return;
  }
  if (atEnd) {
    atEnd = false;
    playback.seek(0, false);
  }
  playback.play();
  if (resumeNote) announcer.say(resumeNote);
  resumeNote = "";
}

/** Go to segment `target` (playing on if playing) and say where we are. */
function go(target, describe = sentenceLabel) {
  atEnd = false;
  playback.seek(target);
  view.reveal(view.sentenceElement(view.segments[target].sentence));
  announcer.say(describe(target));
}

const describeParagraph = (at) => {
  const [number, total] = view.paragraphNumber(at);
  return `Paragraph ${number} of ${total}, ${sentenceLabel(at).toLowerCase()}`;
};
const describeSpeaker = (at) => `${view.segments[at].speaker}, ${sentenceLabel(at).toLowerCase()}`;

/** Go to the next or previous quoted speaker, or say there is none that way. */
function goToSpeaker(delta) {
  const target = view.speakerChangeFrom(position, delta);
  if (target !== null) go(target, describeSpeaker);
  else announcer.say(`No other speaker ${delta > 0 ? "after" : "before"} this point.`);
}

// ---- listening on: the previous and next article ----

const CONTINUE_DELAY_MS = 1500; // "Next: …" is said before the page changes
const continueBox = $("continue-next");
continueBox.checked = load("continue", true);
continueBox.addEventListener("change", () => save("continue", continueBox.checked));

/** Open the next article not heard yet (direction 1) or the previous one in the library (-1), playing it if this
 *  one was playing or has just ended (`automatic`); say which, or that there is none. */
async function goToArticle(direction, automatic = false) {
  const play = automatic || playback.playing;
  let order;
  try {
    order = await libraryOrder();
  } catch (error) {
    showError(error.message);
    return;
  }
  const target = direction > 0 ? nextUnheard(order.articles, articleId) : previousArticle(order.articles, articleId);
  if (!target) {
    announcer.say(direction > 0 ? "There is no other article you have not heard." : "This is the first article in the library.");
    return;
  }
  const message = `${direction > 0 ? "Next" : "Previous"}: ${describe(target, order.feeds)}`;
  announcer.say(message);
  if (!automatic) {
    playback.pause();
    saveProgress(true);
  }
  setTimeout(() => goTo(target, message, play), automatic ? CONTINUE_DELAY_MS : 0);
}

const actions = {
  play: togglePlay,
  nextSentence: () => go(view.sentenceFrom(position, 1)),
  prevSentence: () => go(view.sentenceFrom(position, -1)),
  nextParagraph: () => go(view.paragraphFrom(position, 1), describeParagraph),
  prevParagraph: () => go(view.paragraphFrom(position, -1), describeParagraph),
  nextSpeaker: () => goToSpeaker(1),
  prevSpeaker: () => goToSpeaker(-1),
  slower: () => setSpeed(speed - SPEED.step, true),
  faster: () => setSpeed(speed + SPEED.step, true),
  quieter: () => setVolume(volume - 5, true),
  louder: () => setVolume(volume + 5, true),
  help: () => $("help-dialog").showModal(),
  nextArticle: () => goToArticle(1),
  prevArticle: () => goToArticle(-1),
};

const buttons = {
  play: actions.play, "next-sentence": actions.nextSentence, "prev-sentence": actions.prevSentence,
  "next-paragraph": actions.nextParagraph, "prev-paragraph": actions.prevParagraph,
  "next-speaker": actions.nextSpeaker, "prev-speaker": actions.prevSpeaker,
  "speed-down": actions.slower, "speed-up": actions.faster,
  "volume-down": actions.quieter, "volume-up": actions.louder, "help-open": actions.help,
  "next-article": actions.nextArticle, "prev-article": actions.prevArticle,
};
for (const [id, action] of Object.entries(buttons)) $(id).addEventListener("click", action);

view.addEventListener("choose", (event) => {
  atEnd = false;
  errorBox.textContent = "";
  playback.seek(event.detail.position, true);
});

// ---- speed and volume: applied at once, remembered ----

let speed = 1;
function setSpeed(value, announce) {
  speed = Math.round(clamp(Number.isFinite(value) ? value : 1, SPEED.min, SPEED.max) * 10) / 10;
  playback.setRate(speed);
  const slider = $("speed");
  slider.value = String(speed);
  slider.setAttribute("aria-valuetext", `${speed.toFixed(1)} times`);
  $("speed-value").textContent = formatSpeed(speed);
  save("speed", speed);
  if (announce) announcer.say(`Speed ${formatSpeed(speed)}`, STEPS_SETTLE_MS);
}
$("speed").addEventListener("input", (event) => setSpeed(Number(event.target.value), false));

let volume = 80;
function setVolume(value, announce) {
  volume = Math.round(clamp(Number.isFinite(value) ? value : 80, 0, 100));
  playback.setVolume(volume / 100);
  const slider = $("volume");
  slider.value = String(volume);
  slider.setAttribute("aria-valuetext", `${volume}%`);
  $("volume-value").textContent = `${volume}%`;
  save("volume", volume);
  if (announce) announcer.say(`Volume ${volume}%`, STEPS_SETTLE_MS);
}
$("volume").addEventListener("input", (event) => setVolume(Number(event.target.value), false));

// ---- pauses between sentences and between paragraphs: remembered, scaled with the speed by Playback ----

const PAUSE_MAX = 5;
const serverPauses = { sentence: Number(reader.dataset.sentencePause), paragraph: Number(reader.dataset.paragraphPause) };

/** Seconds before each segment: the larger of its shares of the two pauses (the server's pause_between). */
function setPauses(chosen) {
  const valid = (value, fallback) => (Number.isFinite(value) ? clamp(value, 0, PAUSE_MAX) : fallback);
  const pauses = {
    sentence: valid(parseFloat(chosen?.sentence), serverPauses.sentence),
    paragraph: valid(parseFloat(chosen?.paragraph), serverPauses.paragraph),
  };
  $("sentence-pause").value = String(pauses.sentence);
  $("paragraph-pause").value = String(pauses.paragraph);
  playback.setPauses(view.segments.map(({ pause: [sentence, paragraph] }) =>
    Math.max(sentence * pauses.sentence, paragraph * pauses.paragraph)));
  return pauses;
}
for (const id of ["sentence-pause", "paragraph-pause"]) {
  $(id).addEventListener("change", () => {
    save("pauses", setPauses({ sentence: $("sentence-pause").value, paragraph: $("paragraph-pause").value }));
  });
}

// ---- voices ----

const voiceSelect = $("voice");
let voices = [];
let voiceQuery = ""; // "?engine=…&voice=…" of the chosen voice, "" for the server's default
let voiceInUse = ""; // the select's value for the voice the clips are in
let voiceWanted = ""; // the select's value last committed (its clips may still be on their way)

/** The voices for the article's language (all voices if none speaks it), grouped by engine. */
async function loadVoices() {
  let answer;
  try {
    answer = await request("/api/voices");
  } catch {
    return; // the server's default voice stays the only choice
  }
  const language = (document.getElementById("article-text").lang || "en").split("-")[0].toLowerCase();
  const all = answer.voices || [];
  const speaking = all.filter((voice) => voice.language.toLowerCase().split(/[-_]/)[0] === language);
  voices = speaking.length ? speaking : all;
  const preset = answer.default || {};
  const isDefault = (voice) => voice.engine === preset.engine && voice.id === preset.voice;
  const groups = new Map();
  voices.forEach((voice, index) => {
    if (!groups.has(voice.engine)) {
      const group = document.createElement("optgroup");
      group.label = voice.engine;
      groups.set(voice.engine, group);
    }
    groups.get(voice.engine).append(new Option(`${voice.name} (${voice.language})`, String(index)));
  });
  const defaultIndex = voices.findIndex(isDefault);
  const first = voiceSelect.options[0];
  if (preset.engine && !preset.voice) first.textContent = `Default voice (${preset.engine})`;
  voiceSelect.replaceChildren(...(defaultIndex >= 0 ? [] : [first]), ...groups.values());
  voiceSelect.value = defaultIndex >= 0 ? String(defaultIndex) : "";
  voiceInUse = voiceSelect.value;
  voiceWanted = voiceInUse;
  const stored = load("voice", null);
  const index = stored ? voices.findIndex((voice) => voice.id === stored.id && voice.engine === stored.engine) : -1;
  if (index >= 0 && index !== defaultIndex) await chooseVoice(String(index));
}

/** Read with the voice of the select's option `value`; if its clips cannot be had, the select goes back to the
 *  voice still reading and the error says so. */
async function chooseVoice(value) {
  voiceSelect.value = value;
  voiceWanted = value;
  try {
    await useVoice(value === "" ? null : voices[Number(value)]);
    voiceInUse = value;
  } catch (error) {
    voiceSelect.value = voiceInUse;
    voiceWanted = voiceInUse;
    const still = voiceSelect.selectedOptions[0].textContent;
    showError(`The voice could not be changed: ${error.message} Still reading with ${still}.`);
  }
}

/** Switch the clips to `voice` (null: the server's default); the text and position stay. Throws on failure. */
async function useVoice(voice) {
  const query = voice ? `?${new URLSearchParams({ engine: voice.engine, voice: voice.id })}` : "";
  const script = await request(`/api/articles/${encodeURIComponent(articleId)}${query}`);
  const urls = [...script.segments].sort((a, b) => a.index - b.index).map((segment) => segment.audio);
  if (urls.length !== view.segments.length) throw new Error("The article changed on the server; reload the page.");
  view.setUrls(urls);
  playback.setUrls(urls);
  voiceQuery = query;
  save("voice", voice ? { id: voice.id, engine: voice.engine } : null);
  const download = $("download");
  download.href = `${download.href.split("?")[0]}${query}`;
}

/** A choice is applied when it is committed (Enter, leaving the list, a click in its pop-up, or a pause on one
 *  option), not at each arrow key of someone looking through the list; the select itself says the voice. */
const VOICE_SETTLE_MS = 1500;
let voiceTimer = 0;
let voiceBrowsing = false; // the closed select's value is being changed with the keys
function commitVoice() {
  clearTimeout(voiceTimer);
  voiceBrowsing = false;
  if (voiceSelect.value !== voiceWanted) chooseVoice(voiceSelect.value);
}
voiceSelect.addEventListener("keydown", (event) => {
  if (event.key === "Enter") commitVoice();
  else if (!event.ctrlKey && !event.altKey && !event.metaKey && event.key !== "Tab") voiceBrowsing = true;
});
voiceSelect.addEventListener("change", () => {
  clearTimeout(voiceTimer);
  if (voiceBrowsing) voiceTimer = setTimeout(commitVoice, VOICE_SETTLE_MS);
  else commitVoice();
});
voiceSelect.addEventListener("blur", commitVoice);

// ---- sleep timer ----

const sleep = new SleepTimer($("sleep"), $("sleep-remaining"), () => {
  if (playback.playing) playback.pause();
  announcer.say("Sleep timer: playback paused.");
});

// ---- headset buttons, lock screen and media keys (Media Session) ----

if ("mediaSession" in navigator) {
  navigator.mediaSession.metadata = new MediaMetadata({
    title: document.getElementById("article-title").textContent.trim(),
    artist: "audionews",
  });
  const handlers = {
    play: () => { if (!playback.playing) togglePlay(); },
    pause: () => { if (playback.playing) togglePlay(); },
    previoustrack: actions.prevSentence,
    nexttrack: actions.nextSentence,
  };
  for (const [action, handler] of Object.entries(handlers)) navigator.mediaSession.setActionHandler(action, handler);
  playback.addEventListener("state", (event) => {
    navigator.mediaSession.playbackState = event.detail.playing ? "playing" : "paused";
  });
}

// ---- sticky bar: keep focused elements and the highlighted sentence clear of it ----

const bar = $("player-bar");
new ResizeObserver(() => {
  const sticky = getComputedStyle(bar).position === "sticky";
  document.documentElement.style.setProperty("--bar-height", `${sticky ? bar.offsetHeight : 0}px`);
}).observe(bar);

// ---- start: nothing plays until the user asks ----

new Shortcuts(actions, {
  modifier: $("shortcut-modifier"), single: $("shortcuts-enabled"), rows: $("shortcut-rows"),
  modifierHeading: $("modifier-keys-heading"), singleHeading: $("single-keys-heading"),
});

setSpeed(load("speed", 1), false);
setVolume(load("volume", 80), false);
setPauses(load("pauses", serverPauses));
position = resumePosition();
playback.seek(position, false);
opened = true;
if (position > 0) resumeNote = `Resuming at ${sentenceLabel().toLowerCase()}.`;
const arrived = arrival(articleId); // opened by "continue", "next article" or "play all unheard"
if (arrived) {
  announcer.say([arrived.message, resumeNote].filter(Boolean).join(". "));
  resumeNote = "";
  playButton.focus();
  if (arrived.play) playback.play();
}
window.addEventListener("pagehide", () => saveProgress(true));
loadVoices();
