/** Where "Next speaker" and "Previous speaker" go: pure functions over the article's segments in reading order
 *  (each `{speaker, sentence}`, speaker null for the narrator), with no page access, so node can test them.
 *
 *  The article is a series of turns: each quoted person's, from their first quote until someone else is quoted,
 *  the narration between their quotes included. Next speaker goes to the start of the next turn (the first later
 *  quote by someone else); previous speaker to the start of the turn before the current one. Both only ever move
 *  in their own direction. */

/** Whose turn segment `position` is in: its own speaker; else the person quoted in the same sentence (the
 *  narrator's "He added," before a quote); else the last person quoted before it; null before the first quote. */
export function speakerAt(segments, position) {
  const own = segments[position].speaker;
  if (own !== null) return own;
  const sentence = segments[position].sentence;
  const mate = segments.find((segment) => segment.sentence === sentence && segment.speaker !== null);
  if (mate) return mate.speaker;
  for (let earlier = position - 1; earlier >= 0; earlier--) {
    if (segments[earlier].speaker !== null) return segments[earlier].speaker;
  }
  return null;
}

/** Position of the next (delta 1) or previous (delta -1) quoted speaker's turn from `position`, or null. */
export function speakerChange(segments, position, delta) {
  const current = speakerAt(segments, position);
  const differs = (index) => segments[index].speaker !== null && segments[index].speaker !== current;
  let index = position + delta;
  while (index >= 0 && index < segments.length && !differs(index)) index += delta;
  if (index < 0 || index >= segments.length) return null;
  if (delta > 0) return index; // the first quote of the next person is where their turn starts
  // Going back we met the end of that person's turn: go on to its start, their first quote since another
  // person was quoted (the narrator does not count).
  const speaker = segments[index].speaker;
  for (let earlier = index - 1; earlier >= 0; earlier--) {
    const who = segments[earlier].speaker;
    if (who === speaker) index = earlier;
    else if (who !== null) break;
  }
  return index;
}
