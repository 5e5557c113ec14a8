/** The article text as the player sees it: segments in reading order, grouped into sentences and paragraphs;
 *  the highlighted (aria-current) sentence kept in view. The sentences of the article text (not the headline) are
 *  buttons, each described by its place ("Sentence 3 of 19", the title not counted), in the region named
 *  "Article text": a screen reader in browse mode reads them as text, and Enter there plays from one. One of them
 *  is in the tab order (roving tabindex): the current sentence, or the first one while the headline is current, so
 *  the text is always one stop after the controls. The arrow keys move between them, and Enter, Space or a click
 *  chooses one. */

import { speakerChange } from "./speaker-navigation.js";

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

export class SentenceView extends EventTarget {
  /** @param {HTMLElement} root the element holding every .sentence (title included)
   *  @param {HTMLElement} text the article text: the sentences that can be chosen from the keyboard */
  constructor(root, text) {
    super();
    this.root = root;
    this.text = text;
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
    this.buttons = [...text.querySelectorAll(".sentence")];
    for (const button of this.buttons) {
      const place = this.ordinal(Number(button.dataset.sentence)); // as people count: the title is not one
      button.setAttribute("role", "button");
      button.tabIndex = -1;
      button.setAttribute("aria-description", `Sentence ${place} of ${this.count - 1}`);
    }
    if (this.buttons.length) this.setTabStop(this.buttons[0]);
    root.addEventListener("click", (event) => this.onClick(event));
    text.addEventListener("keydown", (event) => this.onKey(event));
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

  /** Position where the next (delta 1) or previous (delta -1) quoted person's turn starts, or null when there is
   *  none that way (see speaker-navigation.js). */
  speakerChangeFrom(position, delta) {
    return speakerChange(this.segments, position, delta);
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
    // the tab stop follows playback (within the text) unless the user is moving through the sentences themselves
    if (!this.text.contains(document.activeElement)) {
      this.setTabStop(this.buttons.includes(element) ? element : this.buttons[0]);
    }
    if (follow) this.reveal(element);
  }

  setTabStop(element) {
    if (!element) return;
    if (this.tabStop && this.tabStop !== element) this.tabStop.tabIndex = -1;
    element.tabIndex = 0;
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
    if (this.buttons.includes(element)) this.setTabStop(element);
    this.choose(element);
  }

  onKey(event) {
    const element = event.target.closest(".sentence");
    if (!element || event.ctrlKey || event.altKey || event.metaKey) return;
    const index = this.buttons.indexOf(element);
    const last = this.buttons.length - 1;
    const moves = { ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1,
      Home: 0, End: last };
    if (event.key in moves) {
      this.focusSentence(this.buttons[Math.max(0, Math.min(moves[event.key], last))]);
    } else if (event.key === "Enter" || event.key === " ") {
      this.choose(element);
    } else {
      return;
    }
    event.preventDefault();
  }
}
