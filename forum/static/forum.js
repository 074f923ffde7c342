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
