/** Single-key keyboard shortcuts for the player. They can be switched off (remembered), never act while the
 *  focus is in a form field or a dialog is open, ignore Ctrl/Alt/Meta chords (screen reader and browser keys),
 *  and are exposed with aria-keyshortcuts on the controls they stand for (those carrying data-shortcut). */
import { load, save } from "./prefs.js";

const TYPING = "input, textarea, select, [contenteditable=''], [contenteditable='true']";
const NATIVE_SPACE = "button, a[href], summary, input, select, textarea, .sentence";

/** "j", "Shift+J", "[", "?", "Space": the name a key press has in the action map. */
function keyName(event) {
  if (event.key === " ") return "Space";
  if (/^[a-z]$/i.test(event.key)) return (event.shiftKey ? "Shift+" : "") + event.key.toUpperCase();
  return event.key;
}

export class Shortcuts {
  /** @param {Record<string, () => void>} actions key name → action  @param {HTMLInputElement} toggle the on/off switch */
  constructor(actions, toggle) {
    this.actions = actions;
    this.toggle = toggle;
    this.enabled = load("shortcuts", true);
    toggle.checked = this.enabled;
    toggle.addEventListener("change", () => this.setEnabled(toggle.checked));
    document.addEventListener("keydown", (event) => this.onKey(event));
    this.expose();
  }

  setEnabled(enabled) {
    this.enabled = enabled;
    save("shortcuts", enabled);
    this.expose();
  }

  /** aria-keyshortcuts only while the shortcuts work, so assistive technology never advertises dead keys. */
  expose() {
    for (const element of document.querySelectorAll("[data-shortcut]")) {
      if (this.enabled) element.setAttribute("aria-keyshortcuts", element.dataset.shortcut);
      else element.removeAttribute("aria-keyshortcuts");
    }
  }

  onKey(event) {
    if (!this.enabled || event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    const target = event.target instanceof Element ? event.target : document.body;
    if (target.closest(TYPING) || document.querySelector("dialog[open]")) return;
    const name = keyName(event);
    if (name === "Space" && target.closest(NATIVE_SPACE)) return;
    const action = this.actions[name];
    if (!action) return;
    event.preventDefault();
    action();
  }
}
