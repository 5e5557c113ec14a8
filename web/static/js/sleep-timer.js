/** The sleep timer: after 15–60 minutes, or at the end of the article, stop playback. */

const MINUTE = 60_000;

export class SleepTimer {
  /** @param {HTMLSelectElement} select  @param {HTMLElement} remaining  @param {() => void} stop */
  constructor(select, remaining, stop) {
    this.select = select;
    this.remaining = remaining;
    this.stop = stop;
    this.deadline = 0;
    this.ticker = 0;
    select.addEventListener("change", () => this.set(select.value));
  }

  set(choice) {
    clearInterval(this.ticker);
    this.deadline = 0;
    this.remaining.textContent = choice === "end" ? "Stops at the end of the article." : "";
    if (!choice || choice === "end") return;
    this.deadline = Date.now() + Number(choice) * MINUTE;
    this.tick();
    this.ticker = setInterval(() => this.tick(), 10_000);
  }

  tick() {
    const left = this.deadline - Date.now();
    if (left > 0) {
      this.remaining.textContent = `Stops in ${Math.ceil(left / MINUTE)} min.`;
      return;
    }
    this.fire();
  }

  /** Playback reached the end of the article: true when that was the timer's end (it is off now; playback has
   *  already stopped, so there is nothing to stop). */
  articleEnded() {
    if (this.select.value !== "end") return false;
    this.set("");
    this.select.value = "";
    return true;
  }

  fire() {
    this.set("");
    this.select.value = "";
    this.stop();
  }
}
