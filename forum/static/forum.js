// Times are printed in UTC; add the reader's local time beside each one.
document.querySelectorAll("time[datetime]").forEach(function (el) {
  var d = new Date(el.getAttribute("datetime"));
  if (!isNaN(d)) { el.title = "Your local time: " + d.toLocaleString(); }
});
var note = document.getElementById("tz-note");
if (note) { note.textContent = "Hover over a time to see it in your local time (" + Intl.DateTimeFormat().resolvedOptions().timeZone + ")."; }
