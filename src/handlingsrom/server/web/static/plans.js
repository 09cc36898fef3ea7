/* The plan list: make a new plan version through the JSON API. */
(function () {
  "use strict";
  const form = document.getElementById("new-plan");
  if (!form) return;
  form.addEventListener("submit", async function (ev) {
    ev.preventDefault();
    const name = form.elements.name.value.trim();
    const parent = form.elements.parent.value;
    const r = await fetch("/api/v1/plans", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": form.dataset.csrf },
      body: JSON.stringify({ name: name, parent: parent ? Number(parent) : null }),
    });
    const data = await r.json();
    if (!r.ok) { form.querySelector(".message").textContent = data.detail || r.status; return; }
    location.assign("/plans/" + data.id + "/overview");
  });
})();
