/** The article text as the player sees it: segments in reading order, grouped into sentences and paragraphs;
 *  the highlighted (aria-current) sentence kept in view; one sentence in the tab order (roving tabindex),
 *  the arrow keys moving between sentences, and Enter, Space or a click choosing one. The tab-stop sentence is
 *  described by the hint that says so, since a span in running text has no role that would tell a screen reader. */

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export class SentenceView extends EventTarget {
  /** @param {HTMLElement} root the element holding every .sentence (title included)
   *  @param {string} hintId the id of the text explaining how to choose a sentence */
  constructor(root, hintId) {
    super();
    this.root = root;
    this.hintId = hintId;
    this.segments = [...root.querySelectorAll(".segment")]
      .map((element) => ({
        element,
        order: Number(element.dataset.segment),
        url: element.dataset.audio,
        paragraph: Number(element.dataset.paragraph),
        speaker: element.dataset.speaker || null,
        pause: (element.dataset.pause || "0 0").split(" ").map(Number), // [share of sentence, of paragraph pause]
        sentence: Number(element.closest(".sentence").dataset.sentence),
      }))
      .sort((a, b) => a.order - b.order);
    /** sentence number → its first segment's position; the Map keeps reading order */
    this.sentenceStart = new Map();
    this.segments.forEach((segment, position) => {
      if (!this.sentenceStart.has(segment.sentence)) this.sentenceStart.set(segment.sentence, position);
    });
    this.sentenceNumbers = [...this.sentenceStart.keys()];
    this.current = null;
    this.tabStop = null;
    this.browsing = false; // the user is moving through the sentences with the arrow keys
    root.addEventListener("click", (event) => this.onClick(event));
    root.addEventListener("keydown", (event) => this.onKey(event));
  }

  get count() { return this.sentenceNumbers.length; }

  /** Another voice's clip URLs, one per segment in reading order. */
  setUrls(urls) {
    this.segments.forEach((segment, position) => {
      segment.url = urls[position];
      segment.element.dataset.audio = urls[position];
    });
  }

  sentenceElement(sentence) { return this.root.querySelector(`.sentence[data-sentence="${sentence}"]`); }

  /** 0-based place of a sentence in reading order. */
  ordinal(sentence) { return this.sentenceNumbers.indexOf(sentence); }

  /** Position of the first segment of the sentence `delta` sentences away from segment `position`'s. */
  sentenceFrom(position, delta) {
    const ordinal = this.ordinal(this.segments[position].sentence) + delta;
    const clamped = Math.max(0, Math.min(ordinal, this.count - 1));
    return this.sentenceStart.get(this.sentenceNumbers[clamped]);
  }

  /** Position of the first segment of the paragraph `delta` paragraphs away from segment `position`'s. */
  paragraphFrom(position, delta) {
    const starts = [];
    this.segments.forEach((segment, index) => {
      if (index === 0 || segment.paragraph !== this.segments[index - 1].paragraph) starts.push(index);
    });
    const paragraph = this.segments[position].paragraph;
    const here = starts.findIndex((start) => this.segments[start].paragraph === paragraph);
    return starts[Math.max(0, Math.min(here + delta, starts.length - 1))];
  }

  /** Position where the next (delta 1) or previous (delta -1) quoted person other than the current segment's
   *  speaker starts their turn (their first quote since someone else was quoted; the narrator does not count);
   *  null when there is none. */
  speakerChangeFrom(position, delta) {
    const current = this.segments[position].speaker;
    const other = (index) => {
      const speaker = this.segments[index].speaker;
      return speaker !== null && speaker !== current;
    };
    let index = position + delta;
    while (index >= 0 && index < this.segments.length && !other(index)) index += delta;
    if (index < 0 || index >= this.segments.length) return null;
    // back to where that speaker's turn starts: their first quote since another person spoke
    const speaker = this.segments[index].speaker;
    for (let earlier = index - 1; earlier >= 0; earlier--) {
      const who = this.segments[earlier].speaker;
      if (who === speaker) index = earlier;
      else if (who !== null) break;
    }
    return index;
  }

  paragraphNumber(position) {
    const paragraphs = [...new Set(this.segments.map((segment) => segment.paragraph))];
    return [paragraphs.indexOf(this.segments[position].paragraph) + 1, paragraphs.length];
  }

  /** Highlight the sentence of segment `position`; scroll it into view when `follow` is true. */
  highlight(position, follow) {
    const sentence = this.segments[position].sentence;
    if (sentence === this.current) return;
    const previous = this.current === null ? null : this.sentenceElement(this.current);
    if (previous) previous.removeAttribute("aria-current");
    this.current = sentence;
    const element = this.sentenceElement(sentence);
    element.setAttribute("aria-current", "true");
    // the tab stop follows playback unless the user is moving through the sentences themselves
    if (!document.activeElement?.classList.contains("sentence")) this.setTabStop(element);
    if (follow) this.reveal(element);
  }

  setTabStop(element) {
    if (this.tabStop && this.tabStop !== element) {
      this.tabStop.tabIndex = -1;
      this.tabStop.removeAttribute("aria-describedby");
    }
    element.tabIndex = 0;
    element.setAttribute("aria-describedby", this.hintId);
    this.tabStop = element;
  }

  /** Scroll an element into the middle of the view: smoothly, unless the user prefers reduced motion. */
  reveal(element) {
    const box = element.getBoundingClientRect();
    const bar = Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
    if (box.top >= bar && box.bottom <= window.innerHeight) return;
    element.scrollIntoView({ block: "center", behavior: reducedMotion.matches ? "auto" : "smooth" });
  }

  focusSentence(element) {
    this.browsing = true;
    this.setTabStop(element);
    element.focus({ preventScroll: true });
    this.reveal(element);
  }

  choose(element) {
    this.browsing = false;
    const position = this.sentenceStart.get(Number(element.dataset.sentence));
    this.dispatchEvent(new CustomEvent("choose", { detail: { position } }));
  }

  onClick(event) {
    const element = event.target.closest(".sentence");
    if (!element || window.getSelection().toString()) return; // selecting text is not choosing
    this.setTabStop(element);
    this.choose(element);
  }

  onKey(event) {
    const element = event.target.closest(".sentence");
    if (!element || event.ctrlKey || event.altKey || event.metaKey) return;
    const ordinal = this.ordinal(Number(element.dataset.sentence));
    const moves = { ArrowDown: ordinal + 1, ArrowRight: ordinal + 1, ArrowUp: ordinal - 1, ArrowLeft: ordinal - 1,
      Home: 0, End: this.count - 1 };
    if (event.key in moves) {
      const target = Math.max(0, Math.min(moves[event.key], this.count - 1));
      this.focusSentence(this.sentenceElement(this.sentenceNumbers[target]));
    } else if (event.key === "Enter" || event.key === " ") {
      this.choose(element);
    } else {
      return;
    }
    event.preventDefault();
  }
}
