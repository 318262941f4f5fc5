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

  function showOnTimeline(strip) {
    fetch(strip.getAttribute("data-days"))
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var events = text.split("\n").filter(function (line) { return line.indexOf('["' + today + '"') === 0; })
          .map(function (line) { return JSON.parse(line); })
          .sort(function (a, b) { return a[1] - b[1]; });
        if (!events.length) return;
        strip.textContent = "";
        strip.classList.add("has-events");
        var heading = document.createElement("a");
        heading.href = strip.getAttribute("data-page") + "#d" + today;
        heading.textContent = "On this day, " + todayLabel + ":";
        strip.appendChild(heading);
        events.forEach(function (event, index) {
          strip.appendChild(document.createTextNode(index ? "; " : " "));
          var link = document.createElement("a");
          link.href = strip.getAttribute("data-root") + event[3];  // relative to the site's root
          link.textContent = event[2];
          strip.appendChild(link);
          strip.appendChild(document.createTextNode(" (" + event[1] + ", " + yearsAgo(event[1]) + ")"));
        });
      })
      .catch(function () {});
  }

  var strip = document.getElementById("on-this-day-strip");
  if (strip) showOnTimeline(strip);
  if (document.querySelector(".days, #today-note")) openDayPage();
})();
