// "On this day", by the reader's own clock. The pages work fully without this
// file and are the same bytes whatever the day they were built: the day is
// only known here. /on-this-day/ lists a page per month; from it this opens the
// page with today's date (or the next day with events) at that day, and on a
// month's page it says how many years ago each event was. On the timeline's
// first page it shows today's events in earlier years, in the line kept for
// them (the page's layout does not move).
(function () {
  "use strict";

  // The page's messages in its language (js/messages.js, loaded first).
  var catalog = siteMessages.catalog, gettext = siteMessages.gettext, ngettext = siteMessages.ngettext,
    format = siteMessages.format;

  // Each month's "1 December" in the page's language: "%(day)s December", or the month's every day.
  var DAYS = catalog.days || [];
  var now = new Date();
  var today = pad(now.getMonth() + 1) + "-" + pad(now.getDate());

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function dayLabel(key) {
    var day = Number(key.slice(3)), month = DAYS[Number(key.slice(0, 2)) - 1];
    if (!month) return key;
    return typeof month === "string" ? format(month, { day: day }) : month[day - 1];
  }

  function yearsAgo(year) {
    var years = now.getFullYear() - year;
    if (years <= 0) return gettext("this year");
    return format(ngettext("%(num)s year ago", "%(num)s years ago", years), { num: years });
  }

  // Every page of days and the days it holds, from the month navigation: [{day, href}], in calendar order.
  function allDays() {
    var found = [];
    document.querySelectorAll("a[data-days]").forEach(function (link) {
      link.getAttribute("data-days").split(" ").filter(Boolean).forEach(function (day) {
        found.push({ day: day, href: link.getAttribute("href").split("#")[0] });
      });
    });
    return found;
  }

  // The day to open: `wanted` if it has events, else the next day that has some (after 31 December, the first).
  function dayFrom(days, wanted) {
    return days.filter(function (entry) { return entry.day >= wanted; })[0] || days[0];
  }

  // /on-this-day/ (the list of months): go on to the page of today's date, or of the day its address names.
  function openFromIndex() {
    var days = allDays();
    if (!days.length) return;
    var asked = /^#d(\d\d-\d\d)$/.exec(location.hash);
    var found = dayFrom(days, asked ? asked[1] : today);
    location.replace(found.href + "#d" + found.day);
  }

  function openDayPage() {
    document.querySelectorAll(".day-events li").forEach(function (item) {
      var ago = document.createElement("span");
      ago.className = "ago";
      ago.textContent = yearsAgo(Number(item.querySelector(".year").textContent));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(ago);
    });
    var days = allDays();
    if (!days.length) return;
    var found = dayFrom(days, today);
    var here = document.getElementById("d" + found.day);
    var note = document.getElementById("today-note");
    var exact = found.day === today;
    if (here && exact) {
      here.classList.add("today");
      here.setAttribute("aria-current", "date");
    }
    if (note) {
      note.textContent = exact ? format(gettext("Today is %(day)s."), { day: dayLabel(today) }) :
        format(gettext("No events on %(day)s; the next day with events is %(next)s."),
          { day: dayLabel(today), next: dayLabel(found.day) });
      if (!here) {
        var link = document.createElement("a");
        link.href = found.href + "#d" + found.day;
        link.textContent = exact ? gettext("See today's events.") : gettext("See them.");
        note.appendChild(document.createTextNode(" "));
        note.appendChild(link);
      }
    }
    // Today's day at the top, at once. A smooth scroll (the stylesheet asks for one) would still be under way
    // while the reader starts to read, and the browser's own scroll to the address's day, made while the page
    // was still loading, may have stopped short of it: both moved the page after it seemed open.
    var target = location.hash ? document.getElementById(location.hash.slice(1)) : here;
    if (target && (target === here || !location.hash)) {
      target.scrollIntoView({ block: "start", behavior: "instant" });
      if (!location.hash && history.replaceState) history.replaceState(null, "", "#" + target.id);
    }
  }

  // Today's events come in a small script of their own (days/MM-DD.js, only for days with events) that hands
  // them to onThisDayPiece: a <script> element loads it from a web host and from a disk alike.
  function showOnTimeline(strip) {
    window.onThisDayPiece = function (day, events) {
      if (day !== today || !events.length) return;
      // One line, the same height as the line it replaces; the titles open under it, whole.
      var details = document.createElement("details");
      var summary = document.createElement("summary");
      summary.textContent = format(ngettext("On this day, %(day)s: %(num)s event", "On this day, %(day)s: %(num)s events",
        events.length), { day: dayLabel(today), num: events.length });
      details.appendChild(summary);
      var list = document.createElement("ul");
      events.forEach(function (event) {  // [year, title, address from the site's root]
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = strip.getAttribute("data-root") + event[2];
        link.textContent = event[1];
        item.appendChild(link);
        var when = document.createElement("span");
        when.className = "when";
        when.textContent = " " + format(gettext("(%(year)s, %(ago)s)"), { year: event[0], ago: yearsAgo(event[0]) });
        item.appendChild(when);
        list.appendChild(item);
      });
      details.appendChild(list);
      var all = document.createElement("a");
      all.href = strip.getAttribute("data-page") + "#d" + today;
      all.textContent = format(gettext("Every event on %(day)s"), { day: dayLabel(today) });
      details.appendChild(all);
      strip.textContent = "";
      strip.classList.add("has-events");
      strip.appendChild(details);
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
  if (document.querySelector(".month-index")) openFromIndex();
  if (document.querySelector(".days")) openDayPage();
})();
