// Daily Papers' one script. Every form works without it; with it: upvotes without a reload, a busy state on slow
// forms, confirmations before deleting, sort and date pickers that apply at once, and TeX rendered with KaTeX
// (loaded from this site only when a page has math).
"use strict";

// Upvotes: a signed-in reader's click calls the JSON API with the form's CSRF token and updates the box in place.
// A visitor's form (empty token) posts as usual and meets the login page, which finishes the vote.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches || !form.matches("form.upvote")) return;
  const csrf = form.querySelector("input[name=csrf]").value;
  if (!csrf) return;
  event.preventDefault();
  const button = form.querySelector("button");
  const on = button.getAttribute("aria-pressed") !== "true";
  const id = form.querySelector("input[name=paper]").value;
  try {
    const response = await fetch("/api/papers/" + id + "/upvote", {
      method: on ? "POST" : "DELETE",
      headers: { "X-CSRF-Token": csrf },
      credentials: "same-origin",
    });
    if (!response.ok) { form.submit(); return; }
    const state = await response.json();
    button.setAttribute("aria-pressed", String(state.upvoted));
    const count = form.querySelector(".count");
    if (count) count.textContent = state.upvotes;
    button.title = state.upvotes + (state.upvotes === 1 ? " upvote" : " upvotes");
  } catch (e) {
    form.submit();
  }
});

// Confirm before destructive forms (data-confirm), then show a busy state on the submit button (data-busy).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !form.matches) return;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); return; }
  const button = event.submitter || form.querySelector("button[type=submit]");
  if (button && button.hasAttribute("data-busy")) {
    button.setAttribute("aria-busy", "true");
    button.dataset.idle = button.textContent;
    button.textContent = button.getAttribute("data-busy");
    setTimeout(() => { button.disabled = true; }, 0); // after the form has read the button
  }
});
// Inline answers: a form (or its pressed button) with data-inline="SELECTOR" posts in the background, and the
// answer's [data-inline-result] region (an error page's message otherwise) goes into the SELECTOR element inside the
// form, or around it: the subscribe box says "check your inbox" where it was, Preview shows the comment under the
// box. Without JavaScript the same POST answers a whole page holding that region.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (event.defaultPrevented || !form.matches || form.dataset.inlineOff) return;
  const button = event.submitter;
  const selector = (button && button.getAttribute("data-inline")) || form.getAttribute("data-inline");
  const target = selector && (form.querySelector(selector) || form.closest(selector));
  if (!target) return;
  event.preventDefault();
  const action = (button && button.getAttribute("formaction")) || form.getAttribute("action");
  const data = new FormData(form);
  if (button && button.name) data.append(button.name, button.value);
  const fallBack = () => { // post as a page after all
    form.dataset.inlineOff = "1";
    if (button && button.getAttribute("formaction")) form.action = button.getAttribute("formaction");
    form.submit();
  };
  let doc;
  try {
    const response = await fetch(action, {
      method: "POST", body: new URLSearchParams(data), credentials: "same-origin", headers: { Accept: "text/html" },
    });
    doc = new DOMParser().parseFromString(await response.text(), "text/html");
  } catch (e) {
    fallBack();
    return;
  }
  const result = doc.querySelector("[data-inline-result]") || doc.querySelector("main .message");
  if (!result) { fallBack(); return; }
  result.querySelectorAll("h1").forEach((h) => { // a page's heading is a section's here
    const h2 = document.createElement("h2");
    h2.textContent = h.textContent;
    h.replaceWith(h2);
  });
  result.setAttribute("tabindex", "-1");
  if (!result.getAttribute("role")) result.setAttribute("role", "status");
  target.replaceChildren(document.importNode(result, true));
  target.firstElementChild.focus();
  if (button) { button.disabled = false; button.removeAttribute("aria-busy"); if (button.dataset.idle) button.textContent = button.dataset.idle; }
  renderMath(Array.from(target.querySelectorAll(".comment .body"))); // a preview may hold TeX
});
// Back from the browser's cache (bfcache): buttons are not busy any more.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("button[aria-busy=true]").forEach((b) => {
    b.disabled = false; b.removeAttribute("aria-busy"); if (b.dataset.idle) b.textContent = b.dataset.idle;
  });
});

// A sort select or a day picker applies at once.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches && (el.matches("select.autosubmit") || (el.matches("input.autosubmit-date") && el.value))) {
    el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
  }
});

// Math: titles, abstracts and comments may hold TeX between $...$ or \(...\); render it when there is any. KaTeX
// is loaded from this site the first time a page (or a comment preview put in place) has some.
const katexScript = document.currentScript;
let katexLoaded = null;
function renderMath(elements) {
  const texts = elements.filter((el) => /\$[^$]+\$|\\\(|\\\[/.test(el.textContent));
  if (!texts.length || !katexScript) return;
  if (!katexLoaded) {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = katexScript.getAttribute("data-katex-css");
    document.head.appendChild(css);
    const load = (src) => new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = src; s.onload = resolve; s.onerror = reject;
      document.head.appendChild(s);
    });
    katexLoaded = load(katexScript.getAttribute("data-katex-js"))
      .then(() => load(katexScript.getAttribute("data-katex-render")));
  }
  katexLoaded.then(() => {
    texts.forEach((el) => window.renderMathInElement(el, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
      ignoredTags: ["script", "noscript", "style", "textarea", "pre", "code", "option"],
    }));
    document.documentElement.classList.add("math-rendered");
  }).catch(() => {}); // the TeX stays readable as text
}
renderMath(Array.from(document.querySelectorAll(".tex, .comment .body")));
