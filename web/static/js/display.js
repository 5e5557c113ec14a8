/** The display settings form (theme, text size): shows the saved choice and applies and saves changes. */
import { loadRaw, saveRaw } from "./prefs.js";

const root = document.documentElement;

function apply(attribute, value, neutral) {
  if (value === neutral) root.removeAttribute(attribute);
  else root.setAttribute(attribute, value);
}

function bind(selectId, key, attribute, neutral) {
  const select = document.getElementById(selectId);
  if (!select) return;
  const saved = loadRaw(key, neutral);
  if ([...select.options].some((option) => option.value === saved)) select.value = saved;
  select.addEventListener("change", () => {
    apply(attribute, select.value, neutral);
    saveRaw(key, select.value);
  });
}

bind("theme", "theme", "data-theme", "system");
bind("text-size", "textSize", "data-text-size", "normal");
