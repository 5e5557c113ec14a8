/** The library page: add articles (web address, pasted text or HTML, file) with fetch, report the outcome
 *  next to each form and put the focus on the new article; delete an article after an accessible confirmation dialog.
 *  Progress and success go to the form's polite status; an error goes next to the field it describes and is said
 *  once: with the field, which takes the focus, or through the status when the focus is already there. */
import { request, sendJson } from "./api.js";

const list = document.getElementById("article-list");
const emptyNote = document.getElementById("empty-note");
const listStatus = document.getElementById("list-status");
const itemTemplate = document.getElementById("article-item-template");
const deleteDialog = document.getElementById("delete-dialog");

const BUSY_AFTER_MS = 500;
const LOOKS_LIKE_HTML = /<\s*(html|body|article|p|div|h[1-6]|main|section|br|span|a)\b[^>]*>/i;

/** What each form sends: JSON for a web address or pasted text, multipart for a file. */
const PAYLOADS = {
  "add-url": (form) => {
    const url = form.elements.url.value.trim();
    if (!url) return [null, "Enter the web address of an article, for example https://example.com/news/story."];
    return [{ json: { url } }];
  },
  "add-text": (form) => {
    const text = form.elements.text.value;
    if (!text.trim()) return [null, "Paste the text or HTML of an article first."];
    return [{ json: LOOKS_LIKE_HTML.test(text) ? { html: text } : { text } }];
  },
  "add-file": (form) => {
    const file = form.elements.file.files[0];
    if (!file) return [null, "Choose a file to upload first."];
    const body = new FormData();
    body.append("file", file);
    return [{ body }];
  },
};

function describeLength(article) {
  const minutes = article.duration ? `, about ${Math.max(1, Math.ceil(article.duration / 60))} min` : "";
  return `${article.sentences - 1} sentences${minutes}`; // the title not counted
}

/** A new list entry from the <template>, filled with the API's summary of the article. */
export function renderItem(article) {
  const item = itemTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.id = article.id;
  const link = item.querySelector('[data-field="title"]');
  link.href = `/articles/${encodeURIComponent(article.id)}`;
  link.textContent = article.title;
  item.querySelector('[data-field="source"]').textContent = article.source || "";
  item.querySelector('[data-field="length"]').textContent = article.sentences ? describeLength(article) : "";
  item.querySelector('[data-field="added"]').textContent = "added just now";
  item.querySelector('[data-field="progress-text"]').textContent = "Not started";
  const progress = item.querySelector("progress");
  progress.max = article.sentences || 1;
  progress.value = 0;
  item.querySelector('[data-action="delete"] .visually-hidden').textContent = ` ${article.title}`;
  return item;
}

/** Say how adding went: "busy" and "ok" in the polite status, "error" next to the field. The field then takes the
 *  focus, so the error is read with it as its description. If the focus is already there (submitted with Enter),
 *  moving it says nothing, so the error is said through the status instead (hidden there: it is shown once); and
 *  the field gets its description back only once it is left, since Orca would also say a description that changes
 *  under the focus. */
let messageCount = 0;
export function showMessage(form, message, kind) {
  const status = form.querySelector('[role="status"]');
  const error = form.querySelector(".form-message--error");
  const field = form.querySelector("input:not([type=hidden]), textarea");
  const shown = ++messageCount;
  field.dataset.describedby ??= field.getAttribute("aria-describedby") ?? ""; // its hint and error, as the page gives them
  const described = field.dataset.describedby;
  const focused = document.activeElement === field;
  const linked = focused ? described.replace(error.id, "").trim() : described;
  if (linked) field.setAttribute("aria-describedby", linked);
  else field.removeAttribute("aria-describedby");
  if (focused) field.addEventListener("blur", () => field.setAttribute("aria-describedby", described), { once: true });
  error.replaceChildren();
  if (kind === "error") {
    error.textContent = `Error: ${message}`;
    field.setAttribute("aria-invalid", "true");
    if (!focused) {
      status.replaceChildren();
      field.focus();
      return;
    }
    const spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.textContent = error.textContent;
    say(status, spoken, shown);
    return;
  }
  field.removeAttribute("aria-invalid");
  status.classList.toggle("form-message--ok", kind === "ok");
  say(status, document.createTextNode(message), shown);
}

/** Put `content` in the status in one change: a screen reader that reads a live region's text when it gets to
 *  each change would say it once per change. The same words again are emptied first and put back a moment later,
 *  so that they are a change, and said again. */
function say(status, content, shown) {
  if (status.textContent !== content.textContent) {
    status.replaceChildren(content);
    return;
  }
  status.replaceChildren();
  setTimeout(() => { if (shown === messageCount) status.replaceChildren(content); }, 300);
}

async function submit(form) {
  const [payload, problem] = PAYLOADS[form.id](form);
  if (!payload) {
    showMessage(form, problem, "error");
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  if (button.getAttribute("aria-disabled") === "true") return; // still adding the last one
  button.setAttribute("aria-disabled", "true"); // not `disabled`, which would drop the focus to the page
  // said only when adding takes a while: two changes in quick succession would have Orca say the second twice
  const busy = setTimeout(() => showMessage(form, "Adding the article…", "busy"), BUSY_AFTER_MS);
  try {
    const article = payload.json
      ? await sendJson("/api/articles", "POST", payload.json)
      : await request("/api/articles", { method: "POST", body: payload.body });
    list.querySelector(`[data-id="${CSS.escape(article.id)}"]`)?.remove(); // already there: moved to the top
    const item = renderItem(article);
    list.prepend(item);
    emptyNote.hidden = true;
    form.reset();
    showMessage(form, `Added “${article.title}”.`, "ok");
    item.querySelector('[data-field="title"]').focus(); // on the new article's link, ready to open it
  } catch (error) {
    showMessage(form, error.message, "error");
  } finally {
    clearTimeout(busy);
    button.removeAttribute("aria-disabled");
  }
}

for (const form of document.querySelectorAll(".add-form")) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(form);
  });
}

/** Confirm in the dialog; on "delete", remove the article and move focus somewhere sensible. */
function confirmDelete(item, trigger) {
  const title = item.querySelector('[data-field="title"]').textContent;
  document.getElementById("delete-dialog-title").textContent = `“${title}”`;
  deleteDialog.returnValue = "";
  deleteDialog.showModal();
  deleteDialog.addEventListener("close", async () => {
    if (deleteDialog.returnValue !== "delete") {
      trigger.focus();
      return;
    }
    try {
      await request(`/api/articles/${encodeURIComponent(item.dataset.id)}`, { method: "DELETE" });
    } catch (error) {
      listStatus.textContent = `Could not delete “${title}”: ${error.message}`;
      trigger.focus();
      return;
    }
    const neighbour = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    emptyNote.hidden = list.children.length > 0;
    listStatus.textContent = `Deleted “${title}”.`;
    const target = neighbour ? neighbour.querySelector("a") : document.getElementById("articles-heading");
    if (!neighbour) target.tabIndex = -1;
    target.focus();
  }, { once: true });
}

list.addEventListener("click", (event) => {
  const button = event.target.closest('[data-action="delete"]');
  if (button) confirmDelete(button.closest(".article-item"), button);
});
