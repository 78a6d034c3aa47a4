// Review-queue keyboard shortcuts. Loaded as a file because the CSP forbids inline scripts.
// j/k move, c confirm, d dismiss, e escalate, n focus the note (Enter saves it, Escape leaves it).
(function () {
  "use strict";
  var advanceAfterSwap = false;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".flag-row")); }
  function current() { return document.querySelector(".flag-row.selected"); }

  function select(row) {
    if (!row) { return; }
    rows().forEach(function (r) { r.classList.remove("selected"); });
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    var i = all.indexOf(current());
    var next = Math.min(Math.max(i + step, 0), all.length - 1);
    select(all[i < 0 ? 0 : next]);
  }

  function decide(key) {
    var row = current();
    if (!row) { return; }
    var button = row.querySelector('button[data-key="' + key + '"]');
    if (button) {
      advanceAfterSwap = key !== "N";
      button.click();
    }
  }

  document.addEventListener("keydown", function (ev) {
    if (!document.getElementById("queue")) { return; }
    var t = ev.target;
    var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT");
    if (typing) {
      if (ev.key === "Escape") { t.blur(); }
      if (ev.key === "Enter" && t.classList.contains("note")) {
        ev.preventDefault();
        t.blur();
        decide("N");
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    switch (ev.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "c": case "d": case "e": decide(ev.key); break;
      case "n": {
        var row = current();
        var note = row && row.querySelector("input.note");
        if (note) { ev.preventDefault(); note.focus(); }
        break;
      }
      default: return;
    }
  });

  document.addEventListener("click", function (ev) {
    var row = ev.target.closest && ev.target.closest(".flag-row");
    if (row && !row.classList.contains("selected")) { select(row); }
  });

  document.addEventListener("htmx:afterSettle", function (ev) {
    var row = ev.target.closest ? ev.target.closest(".flag-row") : null;
    if (!row) { row = document.querySelector(".flag-row.selected"); }
    if (advanceAfterSwap && row) {
      advanceAfterSwap = false;
      var all = rows();
      var i = all.indexOf(row);
      select(all[Math.min(i + 1, all.length - 1)]);
    }
  });
})();
