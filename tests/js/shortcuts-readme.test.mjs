// The README's shortcut table says what the player's key map (web/static/js/shortcuts.js) does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { KEYMAP } from "../../web/static/js/shortcuts.js";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** [modifier key, single keys] per action, in the table's order ("`,` / `.`" is two actions). */
function documented() {
  const table = README.slice(README.indexOf("| action | with `Alt+Shift` | single key |"));
  const lines = table.split("\n").slice(2);
  const rows = lines.slice(0, lines.findIndex((line) => !line.startsWith("|")));
  return rows.flatMap((row) => {
    const [, withModifier, single] = row.split(" | ").map((cell) => cell.replace(/^\| |\s*\|$/g, ""));
    const keys = (cell) => cell.split(" / ").map((part) => [...part.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
    const modifierKeys = keys(withModifier);
    return keys(single).map((singles, index) => [modifierKeys[index][0], singles]);
  });
}

test("the README lists every shortcut with the keys the player uses, in its order", () => {
  assert.deepEqual(documented(), KEYMAP.map((entry) => [entry.key, entry.single]));
});
