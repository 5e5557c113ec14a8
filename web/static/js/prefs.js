/** Settings remembered in this browser (localStorage), tolerant of storage being unavailable. */

const PREFIX = "audionews.";

/** The stored value for `name`, or `fallback` when nothing (valid) is stored. */
export function load(name, fallback) {
  try {
    const raw = localStorage.getItem(PREFIX + name);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

export function save(name, value) {
  try {
    localStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    /* Storage full or blocked: the setting lasts for this page only. */
  }
}

/** Raw string access for the keys display-init.js reads before any module loads. */
export function loadRaw(name, fallback) {
  try {
    return localStorage.getItem(PREFIX + name) ?? fallback;
  } catch {
    return fallback;
  }
}

export function saveRaw(name, value) {
  try {
    localStorage.setItem(PREFIX + name, value);
  } catch {
    /* see save() */
  }
}
