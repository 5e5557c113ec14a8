/** Keyboard shortcuts for the player, in two sets. Modifier shortcuts (a chosen pair of keys held, Alt+Shift by
 *  default or Ctrl+Alt, with one key per action) reach the page while a screen reader is in browse mode, where
 *  single letters are its own navigation keys; their keys are ones Orca and the browser leave alone (Orca lists
 *  links on Alt+Shift+K and moves in tables on Alt+Shift+arrows, Home and End: so play is Alt+Shift+Space and the
 *  next article Alt+Shift+Enter; tests/test_screen_reader.py presses them with Orca running). Single keys (J, K,
 *  L…) are for sighted keyboard users and can be switched off. Both choices are remembered. No shortcut acts while
 *  a dialog is open or the focus is in a text field (single keys: in any form field). The controls they stand for
 *  carry aria-keyshortcuts, and the shortcut list shows the keys that work now. */
import { load, save } from "./prefs.js";

export const MODIFIERS = {
  "alt-shift": { label: "Alt+Shift", keys: ["Alt", "Shift"], aria: "Alt+Shift", alt: true, shift: true, ctrl: false },
  "ctrl-alt": { label: "Ctrl+Alt", keys: ["Ctrl", "Alt"], aria: "Control+Alt", alt: true, shift: false, ctrl: true },
};
const DEFAULT_MODIFIER = "alt-shift";

/** Each action: what it does, the control it stands for, its key with the modifier (a KeyboardEvent.code, so the
 *  same physical key on every layout, and how it is written) and its single keys. */
export const KEYMAP = [
  { action: "play", label: "Play or pause", control: "play", code: "Space", key: "Space", single: ["K", "Space"] },
  { action: "prevSentence", label: "Previous sentence", control: "prev-sentence", code: "Comma", key: ",",
    single: ["J"] },
  { action: "nextSentence", label: "Next sentence", control: "next-sentence", code: "Period", key: ".",
    single: ["L"] },
  { action: "prevParagraph", label: "Previous paragraph", control: "prev-paragraph", code: "PageUp", key: "PageUp",
    single: ["Shift+J"] },
  { action: "nextParagraph", label: "Next paragraph", control: "next-paragraph", code: "PageDown",
    key: "PageDown", single: ["Shift+L"] },
  { action: "prevSpeaker", label: "Previous quoted speaker", control: "prev-speaker", code: "Semicolon", key: ";",
    single: ["Shift+S"] },
  { action: "nextSpeaker", label: "Next quoted speaker (skips the narrator)", control: "next-speaker",
    code: "Quote", key: "'", single: ["S"] },
  { action: "slower", label: "Slower (0.1× steps)", control: "speed-down", code: "BracketLeft", key: "[",
    single: ["["] },
  { action: "faster", label: "Faster", control: "speed-up", code: "BracketRight", key: "]", single: ["]"] },
  { action: "quieter", label: "Quieter", control: "volume-down", code: "Minus", key: "-", single: ["-"] },
  { action: "louder", label: "Louder", control: "volume-up", code: "Equal", key: "=", single: ["="] },
  { action: "prevArticle", label: "Previous article in the library", control: "prev-article", code: "Backspace",
    key: "Backspace", single: ["Shift+N"] },
  { action: "nextArticle", label: "Next article not heard yet", control: "next-article", code: "Enter",
    key: "Enter", single: ["N"] },
  { action: "help", label: "Show this list", control: "help-open", code: "Slash", key: "/", single: ["?"] },
];

const TEXT_ENTRY = "input:not([type=range], [type=checkbox], [type=radio], [type=button], [type=submit], [type=file]), "
  + "textarea, [contenteditable=''], [contenteditable='true']";
const FORM_FIELD = "input, textarea, select, [contenteditable=''], [contenteditable='true']";
const NATIVE_SPACE = "button, a[href], summary, input, select, textarea, .sentence";

/** "J", "Shift+J", "[", "?", "Space": the name a key press has among the single keys. */
function keyName(event) {
  if (event.key === " ") return "Space";
  if (/^[a-z]$/i.test(event.key)) return (event.shiftKey ? "Shift+" : "") + event.key.toUpperCase();
  return event.key;
}

/** <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>,</kbd> for the keys ["Alt", "Shift", ","]. */
function keysElement(keys) {
  const combo = document.createElement("span");
  combo.className = "combo";
  keys.forEach((key, index) => {
    if (index) combo.append("+");
    const kbd = document.createElement("kbd");
    kbd.textContent = key;
    combo.append(kbd);
  });
  return combo;
}

export class Shortcuts {
  /** @param {Record<string, () => void>} actions action name → what it does
   *  @param {{modifier: HTMLSelectElement, single: HTMLInputElement, rows: HTMLElement, modifierHeading: HTMLElement,
   *           singleHeading: HTMLElement}} controls the settings and the shortcut list's parts */
  constructor(actions, controls) {
    this.actions = actions;
    this.controls = controls;
    const saved = load("shortcutModifier", DEFAULT_MODIFIER);
    this.modifier = saved in MODIFIERS ? saved : DEFAULT_MODIFIER;
    this.singleKeys = load("shortcuts", true);
    controls.modifier.value = this.modifier;
    controls.single.checked = this.singleKeys;
    controls.modifier.addEventListener("change", () => this.setModifier(controls.modifier.value));
    controls.single.addEventListener("change", () => this.setSingleKeys(controls.single.checked));
    document.addEventListener("keydown", (event) => this.onKey(event));
    this.expose();
  }

  setModifier(modifier) {
    this.modifier = modifier in MODIFIERS ? modifier : DEFAULT_MODIFIER;
    save("shortcutModifier", this.modifier);
    this.expose();
  }

  setSingleKeys(enabled) {
    this.singleKeys = enabled;
    save("shortcuts", enabled);
    this.expose();
  }

  /** The keys that work now, on the controls (aria-keyshortcuts) and in the shortcut list. */
  expose() {
    const modifier = MODIFIERS[this.modifier];
    const { rows, modifierHeading, singleHeading } = this.controls;
    modifierHeading.textContent = `With ${modifier.label}`;
    singleHeading.hidden = !this.singleKeys;
    rows.replaceChildren(...KEYMAP.map((entry) => {
      const shortcuts = [`${modifier.aria}+${entry.key}`, ...(this.singleKeys ? entry.single : [])];
      document.getElementById(entry.control)?.setAttribute("aria-keyshortcuts", shortcuts.join(" "));
      const row = document.createElement("tr");
      const cells = [document.createElement("th"), document.createElement("td"), document.createElement("td")];
      cells[0].scope = "row";
      cells[0].textContent = entry.label;
      cells[1].append(keysElement([...modifier.keys, entry.key]));
      entry.single.forEach((key, index) => {
        if (index) cells[2].append(" or ");
        cells[2].append(keysElement(key.split("+")));
      });
      cells[2].hidden = !this.singleKeys;
      row.append(...cells);
      return row;
    }));
  }

  onKey(event) {
    if (event.defaultPrevented || event.metaKey || document.querySelector("dialog[open]")) return;
    const target = event.target instanceof Element ? event.target : document.body;
    const modifier = MODIFIERS[this.modifier];
    let entry;
    if (event.altKey === modifier.alt && event.shiftKey === modifier.shift && event.ctrlKey === modifier.ctrl) {
      if (target.closest(TEXT_ENTRY)) return;
      entry = KEYMAP.find((candidate) => candidate.code === event.code);
    } else if (this.singleKeys && !event.ctrlKey && !event.altKey && !target.closest(FORM_FIELD)) {
      const name = keyName(event);
      if (name === "Space" && target.closest(NATIVE_SPACE)) return;
      entry = KEYMAP.find((candidate) => candidate.single.includes(name));
    }
    if (!entry) return;
    event.preventDefault();
    this.actions[entry.action]();
  }
}
