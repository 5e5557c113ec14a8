/** The library page's feeds and "Play all unheard": follow a feed by its address, check one now, stop following
 *  one, and play the articles not heard yet one after another. Outcomes are said in polite status regions; an
 *  error about the address goes next to its field, which takes the focus. Articles a feed brings are added to
 *  the list above. */
import { Announcer } from "./announce.js";
import { request, sendJson } from "./api.js";
import { describe, goTo, libraryOrder, nextUnheard } from "./continue.js";
import { renderItem, showMessage } from "./library.js";

const $ = (id) => document.getElementById(id);
const feedList = $("feed-list");
const feedsEmpty = $("feeds-empty");
const template = $("feed-item-template");
const feedsStatus = new Announcer($("feeds-status"));
const listStatus = new Announcer($("list-status"));
const followForm = $("follow-form");

const CHECK_POLL_MS = 1000;
const CHECK_TIMEOUT_MS = 120_000;

const count = (number, noun) => `${number} ${noun}${number === 1 ? "" : "s"}`;
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fill a feed entry (a copy of the <template>, or one already listed) with the API's summary of the feed. */
function fillFeed(item, feed) {
  item.dataset.id = String(feed.id);
  item.querySelector('[data-field="title"]').textContent = feed.title;
  item.querySelector('[data-field="url"]').textContent = feed.url;
  const checked = item.querySelector('[data-field="checked"]');
  if (feed.last_checked) {
    const time = document.createElement("time");
    time.dateTime = feed.last_checked;
    time.textContent = `${feed.last_checked.slice(0, 16).replace("T", " ")} UTC`;
    checked.replaceChildren("checked ", time);
  } else {
    checked.textContent = "not checked yet";
  }
  item.querySelector('[data-field="unheard"]').textContent = `${feed.unheard} not heard`;
  const error = item.querySelector('[data-field="error"]');
  error.textContent = feed.last_error ? `The last check failed: ${feed.last_error}` : "";
  error.hidden = !feed.last_error;
  const podcast = item.querySelector('[data-field="podcast"]');
  podcast.href = `/feeds/${feed.id}/podcast.xml`;
  podcast.querySelector(".visually-hidden").textContent = ` of ${feed.title}`;
  for (const button of item.querySelectorAll("button .visually-hidden")) button.textContent = ` ${feed.title}`;
  return item;
}

async function feedSummary(id) {
  const { feeds } = await request("/api/feeds");
  return feeds.find((feed) => String(feed.id) === String(id)) ?? null;
}

/** Put the articles the list does not show yet at its top; returns how many there were. */
async function showNewArticles() {
  const { articles } = await request("/api/articles");
  const list = $("article-list");
  const shown = new Set([...list.children].map((item) => item.dataset.id));
  const fresh = articles.filter((article) => !shown.has(article.id));
  for (const article of [...fresh].reverse()) list.prepend(renderItem(article));
  if (fresh.length) $("empty-note").hidden = true;
  return fresh.length;
}

followForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const url = followForm.elements.url.value.trim();
  if (!url) {
    showMessage(followForm, "Enter the address of a feed or of a news site, for example https://example.com/feed.xml.", "error");
    return;
  }
  const button = followForm.querySelector('button[type="submit"]');
  button.disabled = true;
  showMessage(followForm, "Following the feed and adding its newest articles; this can take a minute…", "busy");
  try {
    const added = await sendJson("/api/feeds", "POST", { url });
    const feed = await feedSummary(added.id);
    if (feed) feedList.append(fillFeed(template.content.firstElementChild.cloneNode(true), feed));
    feedsEmpty.hidden = true;
    await showNewArticles();
    followForm.reset();
    showMessage(followForm, `Following ${added.title}: added ${count(added.added, "article")}.`, "ok");
  } catch (error) {
    showMessage(followForm, error.message, "error");
  } finally {
    button.disabled = false;
  }
});

/** Check a feed now and wait (polling its summary) until the check is done; say what it brought. */
async function refresh(item, button) {
  const title = item.querySelector('[data-field="title"]').textContent;
  button.setAttribute("aria-disabled", "true"); // not `disabled`: the button keeps the focus
  feedsStatus.say(`Checking ${title}…`);
  try {
    const before = (await feedSummary(item.dataset.id))?.last_checked ?? null;
    await request(`/api/feeds/${encodeURIComponent(item.dataset.id)}/refresh`, { method: "POST" });
    const deadline = Date.now() + CHECK_TIMEOUT_MS;
    let feed = null;
    do {
      await pause(CHECK_POLL_MS);
      feed = await feedSummary(item.dataset.id);
    } while (feed && feed.last_checked === before && Date.now() < deadline);
    if (!feed) {
      feedsStatus.say(`${title} is no longer followed.`);
      return;
    }
    fillFeed(item, feed);
    if (feed.last_checked === before) feedsStatus.say(`${title} is still being checked; reload the page later.`);
    else if (feed.last_error) feedsStatus.say(`Checked ${title}: the check failed. ${feed.last_error}`);
    else feedsStatus.say(`Checked ${title}: ${count(await showNewArticles(), "new article")}.`);
  } catch (error) {
    feedsStatus.say(`Could not check ${title}: ${error.message}`);
  } finally {
    button.removeAttribute("aria-disabled");
  }
}

/** Stop following a feed (its articles stay); the focus moves to the next feed, else to the section heading. */
async function unfollow(item) {
  const title = item.querySelector('[data-field="title"]').textContent;
  try {
    await request(`/api/feeds/${encodeURIComponent(item.dataset.id)}`, { method: "DELETE" });
  } catch (error) {
    feedsStatus.say(`Could not stop following ${title}: ${error.message}`);
    return;
  }
  const neighbour = item.nextElementSibling || item.previousElementSibling;
  item.remove();
  feedsEmpty.hidden = feedList.children.length > 0;
  feedsStatus.say(`Stopped following ${title}; its articles stay in your library.`);
  const target = neighbour ? neighbour.querySelector('[data-action="refresh"]') : $("feeds-heading");
  if (!neighbour) target.tabIndex = -1;
  target.focus();
}

feedList.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button || button.getAttribute("aria-disabled") === "true") return;
  const item = button.closest(".feed-item");
  if (button.dataset.action === "refresh") refresh(item, button);
  else if (button.dataset.action === "unfollow") unfollow(item);
});

$("play-unheard").addEventListener("click", async () => {
  try {
    const order = await libraryOrder();
    const first = nextUnheard(order.articles, null);
    if (!first) {
      listStatus.say("Every article in your library has been heard.");
      return;
    }
    goTo(first, `Playing all unheard: ${describe(first, order.feeds)}`, true);
  } catch (error) {
    listStatus.say(error.message);
  }
});
