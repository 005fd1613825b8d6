// Upvotes without a page reload. The forms work without this script (a POST to /upvote and back); with it, a
// signed-in visitor's click calls the JSON API with the form's CSRF token and updates the count in place.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches || !form.matches("form.upvote")) return;
  const csrf = form.querySelector("input[name=csrf]").value;
  if (!csrf) return; // not signed in: the plain form sends the visitor to log in
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
    const votes = form.closest(".votes");
    const count = votes && votes.querySelector(".count");
    if (count) count.textContent = state.upvotes;
    const unit = votes && votes.querySelector(".unit");
    if (unit) unit.textContent = state.upvotes === 1 ? "upvote" : "upvotes";
  } catch (e) {
    form.submit();
  }
});
