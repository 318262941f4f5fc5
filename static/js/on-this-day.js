// "On this day", by the reader's own clock. The pages work fully without this
// file and are the same bytes whatever the day they were built: the day is
// only known here. On /on-this-day/ it opens the page at today's month and day
// (or the next day with events) and says how many years ago each event was; on
// the timeline's first page it shows today's events in earlier years, in the
// line kept for them (the page's layout does not move).
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  var now = new Date();
  var today = pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var todayLabel = now.getDate() + " " + MONTHS[now.getMonth()];

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function yearsAgo(year) {
    var years = now.getFullYear() - year;
    if (years <= 0) return "this year";
    return years === 1 ? "1 year ago" : years + " years ago";
  }

  function openDayPage() {
    var days = Array.prototype.slice.call(document.querySelectorAll(".day[data-day]"));
    var note = document.getElementById("today-note");
    document.querySelectorAll(".day-events li[data-year]").forEach(function (item) {
      item.querySelector(".ago").textContent = yearsAgo(Number(item.getAttribute("data-year")));
    });
    if (!days.length) return;
    var found = days.filter(function (day) { return day.getAttribute("data-day") >= today; })[0] || days[0];
    var exact = found.getAttribute("data-day") === today;
    if (exact) {
      found.classList.add("today");
      found.setAttribute("aria-current", "date");
    }
    if (note) {
      note.textContent = exact ? "Today is " + todayLabel + "." :
        "No events on " + todayLabel + "; the next day with events is " + found.querySelector("h2").textContent + ".";
    }
    if (!location.hash) {
      found.scrollIntoView({ block: "start" });
      if (history.replaceState) history.replaceState(null, "", "#" + found.id);
    }
  }

  // Today's events come in a small script of their own (days/MM-DD.js, only for days with events) that hands
  // them to onThisDayPiece: a <script> element loads it from a web host and from a disk alike.
  function showOnTimeline(strip) {
    window.onThisDayPiece = function (day, events) {
      if (day !== today || !events.length) return;
      strip.textContent = "";
      strip.classList.add("has-events");
      var heading = document.createElement("a");
      heading.href = strip.getAttribute("data-page") + "#d" + today;
      heading.textContent = "On this day, " + todayLabel + ":";
      strip.appendChild(heading);
      events.forEach(function (event, index) {
        strip.appendChild(document.createTextNode(index ? "; " : " "));
        var link = document.createElement("a");
        link.href = strip.getAttribute("data-root") + event[2];
        link.textContent = event[1];
        strip.appendChild(link);
        strip.appendChild(document.createTextNode(" (" + event[0] + ", " + yearsAgo(event[0]) + ")"));
      });
    };
    function load() {
      var script = document.createElement("script");
      script.src = strip.getAttribute("data-days") + today + ".js";
      script.onerror = function () { script.parentNode.removeChild(script); };  // no events on this day
      document.head.appendChild(script);
    }
    // After the page's load event: a script added before it would hold that event back for a line the page
    // keeps room for anyway.
    if (document.readyState === "complete") load();
    else window.addEventListener("load", load);
  }

  var strip = document.getElementById("on-this-day-strip");
  if (strip) showOnTimeline(strip);
  if (document.querySelector(".days, #today-note")) openDayPage();
})();
