// The moderation queue with the keyboard: j / k move between posts, a approves the
// selected one, r opens its rejection reason. Plain forms do all the work without
// scripts; this only moves the focus and presses their buttons.
(function () {
  var queue = document.querySelector("[data-queue]");
  var live = document.getElementById("queue-live");
  var items = queue ? Array.prototype.slice.call(queue.querySelectorAll("article.queue-item")) : [];
  var current = -1;

  function say(text) { if (live) { live.textContent = text; } }

  function select(index) {
    if (!items.length) { return; }
    index = Math.max(0, Math.min(items.length - 1, index));
    if (current >= 0) { items[current].classList.remove("current"); items[current].removeAttribute("aria-current"); }
    current = index;
    var item = items[current];
    item.classList.add("current");
    item.setAttribute("aria-current", "true");
    item.focus();
    var title = item.querySelector("h2");
    say((queue.dataset.announce || "{n}/{total}: {subject}")
      .replace("{n}", current + 1).replace("{total}", items.length)
      .replace("{subject}", title ? title.textContent.trim() : ""));
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  if (items.length) {
    // Back at the item the moderator was on (the server's redirect names it in the address).
    var wanted = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    var at = items.indexOf(wanted);
    if (at >= 0) { select(at); }

    items.forEach(function (item, index) {
      item.addEventListener("focusin", function () {
        if (current !== index) {
          if (current >= 0) { items[current].classList.remove("current"); items[current].removeAttribute("aria-current"); }
          current = index;
          item.classList.add("current");
          item.setAttribute("aria-current", "true");
        }
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
      var key = event.key;
      if (key === "j") { select(current + 1); }
      else if (key === "k") { select(current < 0 ? 0 : current - 1); }
      else if (key === "a" || key === "r") {
        // With nothing chosen yet, the first press only shows the first post: a stray key
        // must not decide on a post the moderator has not looked at.
        if (current < 0) { select(0); event.preventDefault(); return; }
        var item = items[current];
        if (key === "a") {
          var approve = item.querySelector("button[data-key=approve]");
          say(queue.dataset.approving || "");
          approve.form.requestSubmit(approve);
        } else {
          var details = item.querySelector("details.reject");
          details.open = true;
          details.querySelector("select").focus();
        }
      } else { return; }
      event.preventDefault();
    });
  }

  // Bulk decisions: the count on the buttons, and a question before sending (the server
  // asks too when scripts are off: the page it answers with is the confirmation).
  var bulk = document.getElementById("bulk-form");
  if (!bulk) { return; }
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[name=item][form=bulk-form]"));
  var buttons = Array.prototype.slice.call(bulk.querySelectorAll("button[data-label]"));
  var count = document.getElementById("bulk-count");
  function update() {
    var n = boxes.filter(function (box) { return box.checked; }).length;
    buttons.forEach(function (button) {
      if (!button.dataset.plain) { button.dataset.plain = button.textContent; }
      button.textContent = n ? button.dataset.label.replace("{n}", n) : button.dataset.plain;
    });
    if (count && bulk.dataset.counted) { count.textContent = bulk.dataset.counted.replace("{n}", n); }
  }
  boxes.forEach(function (box) { box.addEventListener("change", update); });
  bulk.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !window.confirm(button.textContent.trim() + "?")) { event.preventDefault(); return; }
    var yes = document.createElement("input");
    yes.type = "hidden"; yes.name = "confirm"; yes.value = "yes";
    bulk.appendChild(yes);
  });
})();
