// Times are printed in UTC; add the reader's local time beside each one, written in the
// interface language (<html lang>), not the browser's.
var pageLang = document.documentElement.lang || undefined;
document.querySelectorAll("time[datetime]").forEach(function (el) {
  var d = new Date(el.getAttribute("datetime"));
  if (!isNaN(d)) {
    el.title = "Your local time: " + d.toLocaleString(pageLang, {dateStyle: "long", timeStyle: "short"});
  }
});
var note = document.getElementById("tz-note");
if (note) { note.textContent = "Hover over a time to see it in your local time (" + Intl.DateTimeFormat().resolvedOptions().timeZone + ")."; }

// Reaching a thread's last page marks it read: the page's "Mark as read" form, sent in
// the background (a GET never writes; without scripts the button does the same).
document.querySelectorAll("form[data-auto-submit]").forEach(function (form) {
  fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                      headers: {"X-Requested-With": "fetch"}})
    .then(function (response) {
      if (!response.ok) { return; }
      var done = document.createElement("p");
      done.className = "mark-read";
      done.setAttribute("role", "status");
      done.textContent = form.dataset.done || "Marked as read.";
      form.replaceWith(done);
    })
    .catch(function () { /* the button stays: the reader can still press it */ });
});
