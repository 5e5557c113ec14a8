/** The Pronunciations page: add a rule (Listen first, to hear a test sentence with it), remove rules.
 *  As on the library page, progress and success go to the polite status, an error goes next to the field and
 *  the field takes the focus, so it is read once, with the field. The list is redrawn from the server's answer. */
import { request, sendJson } from "./api.js";

const form = document.getElementById("add-rule");
const list = document.getElementById("rule-list");
const emptyNote = document.getElementById("rules-empty");
const listStatus = document.getElementById("rules-status");
const formStatus = document.getElementById("rule-status");
const formError = document.getElementById("rule-error");
const matchField = document.getElementById("match");
const player = document.getElementById("listen-audio");

/** The rule the form describes, as the API takes it. */
function ruleFromForm() {
  const elements = form.elements;
  const rule = {
    match: elements.match.value.trim(),
    say: elements.say.value.trim(),
    regex: elements.regex.checked,
    case_sensitive: elements.case_sensitive.checked,
  };
  if (elements.anywhere.checked) rule.whole_word = false;
  if (elements.language.value) rule.language = elements.language.value;
  return rule;
}

function showError(message) {
  formStatus.textContent = "";
  formError.textContent = `Error: ${message}`;
  matchField.setAttribute("aria-invalid", "true");
  matchField.focus();
}

function showStatus(message) {
  formError.textContent = "";
  matchField.removeAttribute("aria-invalid");
  formStatus.textContent = message;
}

function renderRules(rules) {
  list.replaceChildren(...rules.map((rule) => {
    const item = document.createElement("li");
    item.className = "rule-item";
    item.dataset.match = rule.match;
    const text = document.createElement("span");
    text.className = "rule-item__text";
    text.textContent = rule.description;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.dataset.action = "remove";
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ` the rule for ${rule.match}`;
    button.append("Remove", hidden);
    item.append(text, button);
    return item;
  }));
  emptyNote.hidden = rules.length > 0;
}

async function refresh() {
  const answer = await request("/api/pronunciations");
  renderRules(answer.rules);
}

async function add() {
  const rule = ruleFromForm();
  if (!rule.match) {
    showError("Type the word or phrase to replace first.");
    return;
  }
  showStatus("Adding the rule…");
  try {
    const added = await sendJson("/api/pronunciations", "POST", rule);
    await refresh();
    form.reset();
    showStatus(`${added.replaced ? "Changed" : "Added"} the rule for ${added.match}.`);
  } catch (error) {
    showError(error.message);
  }
}

async function listen() {
  const rule = ruleFromForm();
  const text = form.elements.sentence.value.trim();
  if (!rule.match && !text) {
    showError("Type the word or phrase to replace, or a test sentence, first.");
    return;
  }
  showStatus("Preparing the test sentence…");
  try {
    const answer = await sendJson("/api/pronunciations/listen", "POST", {
      rule: rule.match ? rule : null, text: text || null, language: rule.language || null,
    });
    player.src = answer.audio;
    await player.play();
    showStatus(`Playing: ${answer.spoken}`);
  } catch (error) {
    showError(error.name === "NotAllowedError" ? "The browser did not allow the sound to play; press Listen again."
      : error.message);
  }
}

async function remove(item) {
  const match = item.dataset.match;
  const neighbour = item.nextElementSibling || item.previousElementSibling;
  try {
    await request(`/api/pronunciations/${encodeURIComponent(match)}`, { method: "DELETE" });
  } catch (error) {
    listStatus.textContent = `Could not remove the rule for ${match}: ${error.message}`;
    return;
  }
  const next = neighbour?.dataset.match;
  try {
    await refresh();
  } catch {
    item.remove(); // removed on the server; show that much
  }
  listStatus.textContent = `Removed the rule for ${match}.`;
  const target = (next !== undefined && [...list.children].find((li) => li.dataset.match === next)?.querySelector("button"))
    || document.getElementById("rules-heading");
  target.focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  add();
});
document.getElementById("listen").addEventListener("click", listen);
list.addEventListener("click", (event) => {
  const button = event.target.closest('[data-action="remove"]');
  if (button) remove(button.closest(".rule-item"));
});
