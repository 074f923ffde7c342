// Times are printed in UTC; add the reader's local time beside each one, written in the
// interface language (<html lang>), not the browser's. The words come translated from the
// page (the footer's data- attributes), with {time} and {zone} for the values.
var pageLang = document.documentElement.lang || undefined;
var note = document.getElementById("tz-note");
var localWords = (note && note.dataset.localTime) || "{time}";
document.querySelectorAll("time[datetime]").forEach(function (el) {
  var d = new Date(el.getAttribute("datetime"));
  if (!isNaN(d)) {
    el.title = localWords.replace("{time}", d.toLocaleString(pageLang, {dateStyle: "long", timeStyle: "short"}));
  }
});
if (note && note.dataset.hover) {
  note.textContent = note.dataset.hover.replace("{zone}", Intl.DateTimeFormat().resolvedOptions().timeZone);
}

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
