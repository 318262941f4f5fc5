// Search and filters for the timeline. The page works fully without this file;
// it only narrows the entries already on the page, and keeps the choice in the
// address (?q=…&leader=…&country=…&press=…&contact=…&year=…&topic=…) so it can be shared. It also
// keeps the year navigation's current year in view.
(function () {
  "use strict";

  var form = document.getElementById("filters");
  if (!form) return;
  var entries = Array.prototype.slice.call(document.querySelectorAll(".entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  var yearLinks = Array.prototype.slice.call(document.querySelectorAll(".year-nav li[data-year]"));
  var status = document.getElementById("filter-status");
  var noResults = document.getElementById("no-results");
  // Every named field of the form is a filter kept in the address, however many the form has.
  var fields = Array.prototype.slice.call(form.elements)
    .filter(function (field) { return field.name && field.type !== "submit" && field.type !== "reset"; })
    .map(function (field) { return field.name; });
  var partial = form.getAttribute("data-partial") === "true";  // a split timeline: this page has only some events
  var results = document.getElementById("results");
  var resultsSection = document.getElementById("results-section");
  var pageSections = Array.prototype.slice.call(document.querySelectorAll("main > section"))
    .filter(function (section) { return section !== resultsSection; });
  var index = null;
  var indexRequest = null;

  // Lower-case ASCII words: the same folding the build applies to the index,
  // so "to lam" finds "Tô Lâm" and "ha noi" finds "Hà Nội".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  function loadIndex() {
    if (!indexRequest) {
      indexRequest = fetch(form.getAttribute("data-index"))
        .then(function (response) { return response.json(); })
        .then(function (data) { index = data; apply(); })
        .catch(function () { index = {}; });
    }
    return indexRequest;
  }

  function has(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") !== -1;
  }

  // A leader's events are those they took part in and those that only mention them.
  function matches(entry, choice, words) {
    if (choice.leader && !has(entry.getAttribute("data-leaders"), choice.leader) &&
        !has(entry.getAttribute("data-mentions") || "", choice.leader)) return false;
    if (choice.country && !has(entry.getAttribute("data-countries"), choice.country)) return false;
    if (choice.press && !has(entry.getAttribute("data-press"), choice.press)) return false;
    if (choice.contact && entry.getAttribute("data-contact") !== choice.contact) return false;
    if (choice.year && entry.getAttribute("data-year") !== choice.year) return false;
    if (choice.topic && !has(entry.getAttribute("data-topics"), choice.topic)) return false;
    if (!words.length) return true;
    var indexed = index && index[entry.getAttribute("data-slug")];
    var text = indexed ? indexed.w : fold(entry.textContent);
    var padded = " " + text + " ";
    return words.every(function (word) { return padded.indexOf(" " + word) !== -1; });
  }

  // What a field holds before the reader chooses: a year page has its year chosen, every other field nothing.
  function defaultOf(name) {
    var field = form.elements[name];
    if (field.tagName !== "SELECT") return field.defaultValue;
    var chosen = Array.prototype.filter.call(field.options, function (option) { return option.defaultSelected; })[0];
    return chosen ? chosen.value : "";
  }

  // Whether the reader chose anything beyond what the page shows anyway.
  function isFiltered(choice) {
    return fields.some(function (name) { return choice[name] !== defaultOf(name); });
  }

  function currentChoice() {
    var choice = {};
    fields.forEach(function (name) {
      var field = form.elements[name];
      choice[name] = field ? field.value.trim() : "";
    });
    return choice;
  }

  // The index entry of an event, read like the data-* attributes of an entry on the page.
  function indexEntry(slug) {
    var item = index[slug];
    return { getAttribute: function (name) {
      return { "data-slug": slug, "data-year": item.y, "data-leaders": item.l, "data-mentions": item.m,
               "data-countries": item.c, "data-press": item.s, "data-contact": item.k || "",
               "data-topics": item.o }[name];
    } };
  }

  function resultItem(slug) {
    var item = index[slug];
    var li = document.createElement("li");
    li.className = "entry";
    var article = document.createElement("article");
    var when = document.createElement("p");
    when.className = "entry-date";
    // An event of several days has `r`: its first day's text, the dash, its last day's text and digits.
    function addTime(datetime, text) {
      var time = document.createElement("time");
      time.setAttribute("datetime", datetime);
      time.textContent = text;
      when.appendChild(time);
    }
    if (item.r) {
      addTime(item.d, item.r[0]);
      when.appendChild(document.createTextNode(item.r[1]));
      addTime(item.r[3], item.r[2]);
    } else {
      addTime(item.d, item.h);
    }
    var title = document.createElement("h3");
    title.className = "entry-title";
    var link = document.createElement("a");
    link.href = form.getAttribute("data-root") + item.u;  // the index's links are relative to the site's root
    link.textContent = item.t;
    title.appendChild(link);
    article.appendChild(when);
    article.appendChild(title);
    if (item.p) {
      var place = document.createElement("p");
      place.className = "place";
      place.textContent = item.p;
      article.appendChild(place);
    }
    li.appendChild(article);
    li.setAttribute("data-slug", slug);
    return li;
  }

  // Whether a shown entry is there only because it mentions the chosen leader.
  function onlyMentions(entry, choice) {
    return Boolean(choice.leader) && !has(entry.getAttribute("data-leaders"), choice.leader);
  }

  // Marks an entry that only mentions the chosen leader (and unmarks it otherwise).
  function markMention(li, mention, name) {
    var badge = li.querySelector(".mention-badge");
    if (badge && !mention) badge.parentNode.removeChild(badge);
    if (!mention) return;
    if (!badge) {
      badge = document.createElement("p");
      badge.className = "mention-badge";
      li.querySelector("article").appendChild(badge);
    }
    badge.textContent = "Mentions " + name;
  }

  function leaderName(choice) {
    var option = form.elements.leader && form.elements.leader.selectedOptions[0];
    return option ? option.getAttribute("data-name") || option.textContent.trim() : choice.leader;
  }

  // The status line: how many are shown, the chosen leader's part in them, and any choice this timeline lacks.
  function describe(choice, shown, total, mentions) {
    var text = "Showing " + shown + " of " + total + " events";
    var unknown = fields.filter(function (name) {
      var field = form.elements[name];
      return field.selectedOptions && field.selectedOptions[0] && field.selectedOptions[0].hasAttribute("data-unknown");
    });
    if (choice.leader && unknown.indexOf("leader") === -1) {
      var parts = [];
      if (shown - mentions) parts.push((shown - mentions) + " took part");
      if (mentions) parts.push(mentions + (mentions === 1 ? " mentions" : " mention") + " them");
      text += " with " + leaderName(choice) + (parts.length ? ": " + parts.join(", ") : "");
    }
    unknown.forEach(function (name) {
      var label = form.querySelector('label[for="' + form.elements[name].id + '"]');
      text += "; no " + (label ? label.textContent.trim().toLowerCase() : name) + " \u201c" + choice[name] +
        "\u201d on this timeline";
    });
    return text;
  }

  // On a split timeline, a search or filter lists matches from every year, built from the index.
  function applyAcrossYears(choice, words) {
    var filtered = isFiltered(choice);
    pageSections.forEach(function (section) { section.hidden = filtered; });
    resultsSection.hidden = !filtered;
    results.textContent = "";
    if (!filtered) { status.textContent = ""; noResults.hidden = true; return choice; }
    if (!index) { loadIndex(); status.textContent = "Searching…"; return choice; }
    var slugs = Object.keys(index);
    var found = slugs.filter(function (slug) { return matches(indexEntry(slug), choice, words); });
    var mentions = 0;
    found.forEach(function (slug) {
      var li = resultItem(slug);
      var mention = onlyMentions(indexEntry(slug), choice);
      if (mention) { mentions += 1; markMention(li, true, leaderName(choice)); }
      results.appendChild(li);
    });
    status.textContent = describe(choice, found.length, slugs.length, mentions);
    noResults.hidden = found.length !== 0;
    return choice;
  }

  // What is about the whole timeline, not about a search (today's events in earlier years), steps aside
  // while one is shown, so that the first results are in view.
  var unfilteredOnly = Array.prototype.slice.call(document.querySelectorAll("[data-unfiltered-only]"));

  function apply() {
    var choice = currentChoice();
    var anyChoice = isFiltered(choice);
    unfilteredOnly.forEach(function (element) { element.hidden = anyChoice; });
    var words = choice.q ? fold(choice.q).split(" ").filter(Boolean) : [];
    if (partial) return applyAcrossYears(choice, words);
    if (words.length && !index) loadIndex();
    var shown = 0, mentions = 0, name = leaderName(choice);
    entries.forEach(function (entry) {
      var visible = matches(entry, choice, words);
      var mention = visible && onlyMentions(entry, choice);
      entry.hidden = !visible;
      markMention(entry, mention, name);
      if (visible) shown += 1;
      if (mention) mentions += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".entry:not([hidden])");
    });
    yearLinks.forEach(function (item) {
      var section = document.getElementById("y" + item.getAttribute("data-year"));
      item.hidden = !section || section.hidden;
    });
    status.textContent = anyChoice ? describe(choice, shown, entries.length, mentions) : "";
    noResults.hidden = shown !== 0;
    return choice;
  }

  function remember(choice) {
    var params = new URLSearchParams();
    fields.forEach(function (name) { if (choice[name] !== defaultOf(name)) params.set(name, choice[name]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  // A choice from the address that the form does not offer (?leader=nobody, a year without events) is kept
  // as an option of its own, so that it matches nothing and says so instead of showing everything.
  function fromAddress() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (!field || value === null) return;
      field.value = value;
      if (field.tagName === "SELECT" && field.value !== value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value + " (not on this timeline)";
        option.setAttribute("data-unknown", "");
        field.appendChild(option);
        field.value = value;
      }
    });
  }

  // The year navigation is one row that scrolls sideways: keep its current year in view.
  var yearList = document.querySelector(".year-nav ul");

  function showYear(link) {
    if (!yearList || !link) return;
    var left = link.offsetLeft - (yearList.clientWidth - link.offsetWidth) / 2;
    yearList.scrollLeft = Math.max(0, left);
    markEnds();
  }

  // Which ends of the row have more years beyond them: the stylesheet fades those (it moves nothing).
  function markEnds() {
    if (!yearList) return;
    var before = yearList.scrollLeft > 1;
    var after = yearList.scrollLeft + yearList.clientWidth < yearList.scrollWidth - 1;
    var more = before && after ? "both" : before ? "before" : after ? "after" : "none";
    if (yearList.getAttribute("data-more") !== more) yearList.setAttribute("data-more", more);
  }

  if (yearList) {
    yearList.addEventListener("scroll", markEnds, { passive: true });
    window.addEventListener("resize", markEnds);
  }

  // On the whole timeline, the current year is the one being read: the last whose heading has passed
  // the upper third of the window.
  var yearInView = null;
  function markYearInView() {
    var current = null;
    var line = window.innerHeight / 3;
    sections.forEach(function (section) {
      if (!section.hidden && section.getBoundingClientRect().top <= line) current = section;
    });
    var link = current && document.querySelector('.year-nav li[data-year="' + current.id.slice(1) + '"] a');
    if (link === yearInView) return;
    if (yearInView) yearInView.removeAttribute("aria-current");
    if (link) { link.setAttribute("aria-current", "true"); showYear(link); }
    yearInView = link;
  }

  if (sections.length > 1) {
    var pending = false;
    window.addEventListener("scroll", function () {
      if (pending) return;
      pending = true;
      requestAnimationFrame(function () { pending = false; markYearInView(); });
    }, { passive: true });
    markYearInView();
  } else {
    showYear(document.querySelector('.year-nav a[aria-current="page"]'));
  }

  // On a phone the selects wait behind a button (the stylesheet shows them on a wide screen).
  var toggle = document.getElementById("filters-toggle");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    form.classList.toggle("open", open);
  });

  fromAddress();
  markEnds();
  if (form.elements.q.value) loadIndex();
  apply();
  form.addEventListener("input", function () { remember(apply()); });
  form.addEventListener("change", function () { remember(apply()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); remember(apply()); });
  form.addEventListener("reset", function () {
    setTimeout(function () { remember(apply()); }, 0);
  });
})();
