// Search and filters for the timeline. The page works fully without this file;
// it only narrows the entries already on the page, and keeps the choice in the
// address (?q=…&leader=…&country=…&press=…&year=…&topic=…) so it can be shared.
(function () {
  "use strict";

  var form = document.getElementById("filters");
  if (!form) return;
  var entries = Array.prototype.slice.call(document.querySelectorAll(".entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  var yearLinks = Array.prototype.slice.call(document.querySelectorAll(".year-nav li[data-year]"));
  var status = document.getElementById("filter-status");
  var noResults = document.getElementById("no-results");
  var fields = ["q", "leader", "country", "press", "year", "topic"];
  var partial = form.getAttribute("data-partial") === "true";  // a split timeline: this page has only some events
  var results = document.getElementById("results");
  var pageSections = Array.prototype.slice.call(document.querySelectorAll("main > section"));
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

  function matches(entry, choice, words) {
    if (choice.leader && !has(entry.getAttribute("data-leaders"), choice.leader)) return false;
    if (choice.country && !has(entry.getAttribute("data-countries"), choice.country)) return false;
    if (choice.press && !has(entry.getAttribute("data-press"), choice.press)) return false;
    if (choice.year && entry.getAttribute("data-year") !== choice.year) return false;
    if (choice.topic && !has(entry.getAttribute("data-topics"), choice.topic)) return false;
    if (!words.length) return true;
    var indexed = index && index[entry.getAttribute("data-slug")];
    var text = indexed ? indexed.w : fold(entry.textContent);
    var padded = " " + text + " ";
    return words.every(function (word) { return padded.indexOf(" " + word) !== -1; });
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
      return { "data-slug": slug, "data-year": item.y, "data-leaders": item.l,
               "data-countries": item.c, "data-press": item.s, "data-topics": item.o }[name];
    } };
  }

  function resultItem(slug) {
    var item = index[slug];
    var li = document.createElement("li");
    li.className = "entry";
    var article = document.createElement("article");
    var when = document.createElement("p");
    when.className = "entry-date";
    var time = document.createElement("time");
    time.setAttribute("datetime", item.d);
    time.textContent = item.h;
    when.appendChild(time);
    var title = document.createElement("h3");
    title.className = "entry-title";
    var link = document.createElement("a");
    link.href = item.u;
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

  // On a split timeline, a search or filter lists matches from every year, built from the index.
  function applyAcrossYears(choice, words) {
    var filtered = fields.some(function (name) { return choice[name]; });
    pageSections.forEach(function (section) { section.hidden = filtered; });
    results.hidden = !filtered;
    results.textContent = "";
    if (!filtered) { status.textContent = ""; noResults.hidden = true; return choice; }
    if (!index) { loadIndex(); status.textContent = "Searching…"; return choice; }
    var slugs = Object.keys(index);
    var found = slugs.filter(function (slug) { return matches(indexEntry(slug), choice, words); });
    found.forEach(function (slug) { results.appendChild(resultItem(slug)); });
    status.textContent = "Showing " + found.length + " of " + slugs.length + " events";
    noResults.hidden = found.length !== 0;
    return choice;
  }

  function apply() {
    var choice = currentChoice();
    var words = choice.q ? fold(choice.q).split(" ").filter(Boolean) : [];
    if (partial) return applyAcrossYears(choice, words);
    if (words.length && !index) loadIndex();
    var shown = 0;
    entries.forEach(function (entry) {
      var visible = matches(entry, choice, words);
      entry.hidden = !visible;
      if (visible) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".entry:not([hidden])");
    });
    yearLinks.forEach(function (item) {
      var section = document.getElementById("y" + item.getAttribute("data-year"));
      item.hidden = !section || section.hidden;
    });
    var filtered = fields.some(function (name) { return choice[name]; });
    status.textContent = filtered ? "Showing " + shown + " of " + entries.length + " events" : "";
    noResults.hidden = shown !== 0;
    return choice;
  }

  function remember(choice) {
    var params = new URLSearchParams();
    fields.forEach(function (name) { if (choice[name]) params.set(name, choice[name]); });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }

  function fromAddress() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) {
      var field = form.elements[name];
      var value = params.get(name);
      if (field && value !== null) field.value = value;
    });
  }

  form.hidden = false;
  fromAddress();
  if (form.elements.q.value) loadIndex();
  apply();
  form.addEventListener("input", function () { remember(apply()); });
  form.addEventListener("change", function () { remember(apply()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); remember(apply()); });
  form.addEventListener("reset", function () {
    setTimeout(function () { remember(apply()); }, 0);
  });
})();
