// Unit tests of the player's speaker navigation (web/static/js/speaker-navigation.js), run by node --test
// (tests/test_player_js.py runs them in pytest).
import assert from "node:assert/strict";
import { test } from "node:test";

import { speakerAt, speakerChange } from "../../web/static/js/speaker-navigation.js";

/** Segments from [sentence, speaker] pairs in reading order. */
const article = (pairs) => pairs.map(([sentence, speaker]) => ({ sentence, speaker }));

// The shape of the sample article's opening: narration, then Liberman quoted in sentences 2, 3 and 5 with the
// narrator between ("He added," in sentence 3 before his quote), then Trump twice, Netanyahu, McMaster.
const SAMPLE = article([
  [0, null], [1, null], [2, null], [2, "Liberman"], [3, null], [3, "Liberman"], [4, null], [5, "Liberman"],
  [5, null], [6, null], [7, null], [8, null], [9, null], [10, null], [10, "Trump"], [11, null], [12, null],
  [12, "Trump"], [13, null], [14, "Netanyahu"], [14, "Netanyahu"], [14, null], [15, "Netanyahu"], [16, null],
  [17, "McMaster"],
]);
const TURNS = [3, 14, 19, 24]; // where each person's turn starts

test("the narration within a person's turn is theirs; before the first quote it is nobody's", () => {
  assert.equal(speakerAt(SAMPLE, 1), null);
  assert.equal(speakerAt(SAMPLE, 2), "Liberman"); // "… told Army Radio on Wednesday," before his quote
  assert.equal(speakerAt(SAMPLE, 4), "Liberman"); // "He added,"
  assert.equal(speakerAt(SAMPLE, 6), "Liberman"); // "Liberman declined to say …", between his quotes
  assert.equal(speakerAt(SAMPLE, 13), "Trump"); // "… he wrote on Twitter:" in the sentence of his quote
  assert.equal(speakerAt(SAMPLE, 11), "Liberman"); // a caption after his turn, before Trump's
});

test("next speaker never goes backwards (at sentences 3 and 4, inside Liberman's turn)", () => {
  assert.equal(speakerChange(SAMPLE, 4, 1), 14); // was 3: back to the start of Liberman's turn
  assert.equal(speakerChange(SAMPLE, 5, 1), 14);
  assert.equal(speakerChange(SAMPLE, 6, 1), 14); // not Liberman's next quote: he is the one being heard
  assert.equal(speakerChange(SAMPLE, 1, 1), 3); // before anyone is quoted, the first person
});

test("next speaker from the start visits each person's turn in order, then says there is none", () => {
  const visited = [];
  for (let at = speakerChange(SAMPLE, 0, 1); at !== null; at = speakerChange(SAMPLE, at, 1)) visited.push(at);
  assert.deepEqual(visited, TURNS);
});

test("previous speaker mirrors it: back through the same turns, then none", () => {
  const visited = [];
  for (let at = speakerChange(SAMPLE, SAMPLE.length - 1, -1); at !== null; at = speakerChange(SAMPLE, at, -1)) {
    visited.push(at);
  }
  assert.deepEqual(visited, TURNS.slice(0, -1).reverse());
});

test("from anywhere, next is later and previous is earlier, and both reach someone else", () => {
  for (let position = 0; position < SAMPLE.length; position++) {
    const here = speakerAt(SAMPLE, position);
    const next = speakerChange(SAMPLE, position, 1);
    const previous = speakerChange(SAMPLE, position, -1);
    if (next !== null) {
      assert.ok(next > position, `next from ${position} went to ${next}`);
      assert.notEqual(SAMPLE[next].speaker, here);
      assert.notEqual(SAMPLE[next].speaker, null);
    }
    if (previous !== null) {
      assert.ok(previous < position, `previous from ${position} went to ${previous}`);
      assert.notEqual(SAMPLE[previous].speaker, here);
    }
  }
});

test("a long article quoting one person to the end: no other speaker after them, none before the first", () => {
  const segments = article([[0, null], [1, "A"], [2, null], [3, "B"], [4, null], [5, "B"], [6, null], [7, "B"]]);
  assert.equal(speakerChange(segments, 3, 1), null);
  assert.equal(speakerChange(segments, 4, 1), null);
  assert.equal(speakerChange(segments, 6, -1), 1);
  assert.equal(speakerChange(segments, 1, -1), null);
  assert.equal(speakerChange(segments, 0, 1), 1);
});

test("an article with no quotes has no speakers either way", () => {
  const segments = article([[0, null], [1, null], [2, null]]);
  assert.equal(speakerChange(segments, 1, 1), null);
  assert.equal(speakerChange(segments, 1, -1), null);
});
