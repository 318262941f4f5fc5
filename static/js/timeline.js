// Search and filters for the timeline. The page works fully without this file.
// Filters narrow the entries already on the page; a search lists its matches,
// those with the query as a phrase first, from the search index's pieces (only
// those the query needs); on a split timeline, whose page holds only some
// events, filters list theirs from the pieces too. The choice is kept in the
// address (?q=…&leader=…&country=…&press=…&contact=…&year=…&topic=…) so it can be shared. It also
// keeps the year navigation's current year in view.
(function () {
  "use strict";

  var form = document.getElementById("filters");
  if (!form) return;

  // The page's messages in its language (js/messages.js, loaded first).
  var catalog = siteMessages.catalog, gettext = siteMessages.gettext, ngettext = siteMessages.ngettext,
    format = siteMessages.format;
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
  var folder = form.getAttribute("data-index");  // where the search index's pieces are
  var root = form.getAttribute("data-root");  // the site's root, which the pieces' addresses are relative to
  var PAGE = 20;  // results listed at a time on a split timeline: more on request
  var FIELDS = { leader: "l", country: "c", press: "s", contact: "k", topic: "o", year: "y" };  // filters' pieces

  // Lower-case ASCII words: the same folding the build applies to the index,
  // so "to lam" finds "Tô Lâm" and "ha noi" finds "Hà Nội".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d").toLowerCase()
      .replace(/[^a-z0-9]+/g, " ").trim();
  }

  // The index comes in pieces (generator/exports/search_pieces.py), small scripts that hand their data to
  // timelineSearchPiece: loaded with <script> elements, they work from a web host and from a disk alike, and
  // only the pieces a query needs are loaded. A piece that is not there (a filter value no event has) is null.
  var pieces = {}, waiting = {};
  var manifest = null, manifestFailed = false;
  window.timelineSearchPiece = function (name, data) { pieces[name] = data; };

  function load(name, query, done) {
    if (Object.prototype.hasOwnProperty.call(pieces, name)) { done(pieces[name]); return; }
    if (waiting[name]) { waiting[name].push(done); return; }
    waiting[name] = [done];
    var script = document.createElement("script");
    function finish() {
      if (!Object.prototype.hasOwnProperty.call(pieces, name)) pieces[name] = null;
      script.parentNode.removeChild(script);
      var callbacks = waiting[name];
      delete waiting[name];
      callbacks.forEach(function (callback) { callback(pieces[name]); });
    }
    script.onload = finish;
    script.onerror = finish;
    script.src = folder + name + ".js?" + query;
    document.head.appendChild(script);
  }

  // Every piece of `names` (each once), then `done` with them by name.
  function loadAll(names, done) {
    var unique = names.filter(function (name, index) { return names.indexOf(name) === index; });
    var left = unique.length, got = {};
    if (!left) { done(got); return; }
    unique.forEach(function (name) {
      load(name, "v=" + manifest.v, function (data) {
        got[name] = data;
        left -= 1;
        if (!left) done(got);
      });
    });
  }

  // The list of pieces is asked for afresh on every visit (pieces themselves are named by its version, so a
  // cached piece is always the right one).
  function loadManifest(done) {
    if (manifest || manifestFailed) { done(); return; }
    load("index", "t=" + Date.now(), function (data) {
      manifest = data;
      manifestFailed = !data;
      done();
    });
  }

  // A set of events, as flags by event number (events are numbered in timeline order).
  function decode(postings) {
    var flags = new Uint8Array(manifest.n);
    if (typeof postings === "string") {
      var bits = atob(postings);
      for (var event = 0; event < manifest.n; event += 1) flags[event] = (bits.charCodeAt(event >> 3) >> (event & 7)) & 1;
    } else if (postings) {
      var number = 0;
      postings.forEach(function (gap, index) { number = index ? number + gap : gap; flags[number] = 1; });
    }
    return flags;
  }

  function or(into, flags) { for (var i = 0; i < into.length; i += 1) into[i] |= flags[i]; return into; }
  function and(into, flags) { for (var i = 0; i < into.length; i += 1) into[i] &= flags[i]; return into; }
  function startsWith(text, prefix) { return text.lastIndexOf(prefix, 0) === 0; }

  // The word piece a word is in: the one with the longest key that starts the word.
  function wordPiece(word) {
    var best = null;
    manifest.k.forEach(function (key) {
      if (startsWith(word, key) && (best === null || key.length > best.length)) best = key;
    });
    return best === null ? null : "w" + best;
  }

  // The events with a word that starts with `word`.
  function wordEvents(word, piece) {
    var flags = new Uint8Array(manifest.n);
    if (!piece) return flags;
    if (piece.u && wordPiece(word) === "w" + word) return or(flags, decode(piece.u));
    Object.keys(piece.w).forEach(function (known) {
      if (startsWith(known, word)) or(flags, decode(piece.w[known]));
    });
    return flags;
  }

  // The phrases of word `first` that `second` may follow, as { following word: events }, or the name of the
  // piece they are kept in (for a word followed by many others).
  function phrasesOf(first, second, piece) {
    if (!piece) return {};
    if (piece.s && piece.s.indexOf(first) !== -1) return "p" + first + "-" + second.charAt(0);
    return (piece.p && piece.p[first]) || {};
  }

  // The events where `words` follow one another in a title, summary, place, leader's name or topic: every
  // word but the last whole (the last may be still being typed). Each pair of neighbours is looked up.
  function phraseEvents(words, got, done) {
    var pairs = [], apart = [];
    for (var i = 0; i + 1 < words.length; i += 1) {
      var phrases = phrasesOf(words[i], words[i + 1], got[wordPiece(words[i])]);
      pairs.push(phrases);
      if (typeof phrases === "string") apart.push(phrases);
    }
    loadAll(apart, function (more) {
      var flags = null;
      pairs.forEach(function (phrases, index) {
        if (typeof phrases === "string") phrases = more[phrases] || {};
        var next = words[index + 1], last = index + 2 === words.length, found = new Uint8Array(manifest.n);
        Object.keys(phrases).forEach(function (following) {
          if (following === next || (last && startsWith(following, next))) or(found, decode(phrases[following]));
        });
        flags = flags ? and(flags, found) : found;
      });
      done(flags);
    });
  }

  // The events that match the words and (on a split timeline) the filters, in the order to list them: those
  // with the words as a phrase first, each group in timeline order. `done({ events, mentions })`, mentions
  // being the flags of events that only mention the chosen leader; null if the index could not be loaded.
  function find(choice, words, filters, done) {
    loadManifest(function () {
      if (!manifest) { done(null); return; }
      var names = words.map(wordPiece).filter(Boolean);
      if (filters) {
        Object.keys(FIELDS).forEach(function (name) {
          if (!choice[name]) return;
          names.push("f-" + FIELDS[name] + "-" + choice[name]);
          if (name === "leader") names.push("f-m-" + choice.leader);
        });
      }
      loadAll(names, function (got) {
        var flags = new Uint8Array(manifest.n).fill(1);
        words.forEach(function (word) {
          var name = wordPiece(word);
          and(flags, name ? wordEvents(word, got[name]) : new Uint8Array(manifest.n));
        });
        var mentions = null;
        if (filters) {
          Object.keys(FIELDS).forEach(function (name) {
            if (!choice[name]) return;
            var facet = decode(got["f-" + FIELDS[name] + "-" + choice[name]]);
            if (name === "leader") {
              var mentioned = decode(got["f-m-" + choice.leader]);
              mentions = and(mentioned.slice(), flags);
              for (var i = 0; i < facet.length; i += 1) if (facet[i]) mentions[i] = 0;
              or(facet, mentioned);
            }
            and(flags, facet);
          });
        }
        phraseEvents(words, got, function (phrase) {
          var first = [], rest = [];
          for (var event = 0; event < manifest.n; event += 1) {
            if (flags[event]) (phrase && phrase[event] ? first : rest).push(event);
          }
          done({ events: first.concat(rest), mentions: mentions });
        });
      });
    });
  }

  function has(list, value) {
    return (" " + list + " ").indexOf(" " + value + " ") !== -1;
  }

  // An entry's filters, from its data-* attributes: a leader's events are those they took part in and those
  // that only mention them.
  function matchesFilters(entry, choice) {
    if (choice.leader && !has(entry.getAttribute("data-leaders"), choice.leader) &&
        !has(entry.getAttribute("data-mentions") || "", choice.leader)) return false;
    if (choice.country && !has(entry.getAttribute("data-countries"), choice.country)) return false;
    if (choice.press && !has(entry.getAttribute("data-press"), choice.press)) return false;
    if (choice.contact && entry.getAttribute("data-contact") !== choice.contact) return false;
    if (choice.year && entry.getAttribute("data-year") !== choice.year) return false;
    if (choice.topic && !has(entry.getAttribute("data-topics"), choice.topic)) return false;
    return true;
  }

  // Without the index (it could not be loaded), words match the text the entry shows.
  function matchesText(entry, words) {
    var padded = " " + fold(entry.textContent) + " ";
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

  // A result made from a record piece's entry: its date(s), its title linking the event, its place.
  function resultItem(item) {
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
    link.href = root + item.u;
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
    li.setAttribute("data-slug", item.e);
    return li;
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
    badge.textContent = format(gettext("Mentions %(name)s"), { name: name });
  }

  function leaderName(choice) {
    var option = form.elements.leader && form.elements.leader.selectedOptions[0];
    return option ? option.getAttribute("data-name") || option.textContent.trim() : choice.leader;
  }

  // The status line: how many are shown, the chosen leader's part in them, and any choice this timeline lacks.
  function describe(choice, shown, total, mentions) {
    var values = { shown: shown, num: total, name: leaderName(choice) };
    var text = format(ngettext("Showing %(shown)s of %(num)s event", "Showing %(shown)s of %(num)s events", total),
      values);
    var unknown = fields.filter(function (name) {
      var field = form.elements[name];
      return field.selectedOptions && field.selectedOptions[0] && field.selectedOptions[0].hasAttribute("data-unknown");
    });
    if (choice.leader && unknown.indexOf("leader") === -1) {
      var parts = [], took = shown - mentions;
      text = format(ngettext("Showing %(shown)s of %(num)s event with %(name)s",
        "Showing %(shown)s of %(num)s events with %(name)s", total), values);
      if (took) parts.push(format(ngettext("%(num)s took part", "%(num)s took part", took), { num: took }));
      if (mentions) parts.push(format(ngettext("%(num)s mentions them", "%(num)s mention them", mentions), { num: mentions }));
      if (parts.length) text = format(gettext("%(status)s: %(parts)s"), { status: text, parts: parts.join(", ") });
    }
    unknown.forEach(function (name) {
      var label = form.querySelector('label[for="' + form.elements[name].id + '"]');
      text = format(gettext("%(status)s; no %(field)s \u201c%(value)s\u201d on this timeline"), {
        status: text,
        field: label ? label.textContent.trim().toLocaleLowerCase(document.documentElement.lang || undefined) : name,
        value: choice[name]
      });
    });
    return text;
  }

  var searches = 0;  // each search's number: an answer to an older one is dropped
  var more = document.createElement("button");
  more.type = "button";
  more.className = "more-results";
  more.textContent = gettext("Show more");  // a name from the start, though hidden: its label counts once shown
  more.hidden = true;
  results.parentNode.insertBefore(more, results.nextSibling);

  // Lists `events` (numbers) from `start` on, PAGE at a time, each as soon as its record piece is in (in order).
  function listResults(found, start, search, choice) {
    var events = found.events.slice(start, start + PAGE);
    var names = events.map(function (event) { return "r" + Math.floor(event / manifest.r); });
    var next = 0, name = leaderName(choice);
    more.hidden = true;
    function show() {
      while (next < events.length && pieces[names[next]] !== undefined) {
        var record = pieces[names[next]] && pieces[names[next]][events[next] % manifest.r];
        if (record) {
          var li = resultItem(record);
          if (found.mentions && found.mentions[events[next]]) markMention(li, true, name);
          results.appendChild(li);
        }
        next += 1;
      }
      var left = found.events.length - start - events.length;
      if (next === events.length && left > 0) {
        more.textContent = format(ngettext("Show %(count)s more (%(num)s not shown)",
          "Show %(count)s more (%(num)s not shown)", left), { count: Math.min(PAGE, left), num: left });
        more.hidden = false;
        more.onclick = function () { listResults(found, start + PAGE, search, choice); };
      }
    }
    names.forEach(function (piece) {
      load(piece, "v=" + manifest.v, function () { if (search === searches) show(); });
    });
  }

  function countMentions(found) {
    var count = 0;
    if (found.mentions) found.events.forEach(function (event) { count += found.mentions[event]; });
    return count;
  }

  // On a split timeline, a search or filter lists matches from every year, from the index's pieces.
  function applyAcrossYears(choice, words, search) {
    var filtered = isFiltered(choice);
    pageSections.forEach(function (section) { section.hidden = filtered; });
    resultsSection.hidden = !filtered;
    results.textContent = "";
    more.hidden = true;
    if (!filtered) { status.textContent = ""; noResults.hidden = true; return; }
    status.textContent = gettext("Searching\u2026");
    find(choice, words, true, function (found) {
      if (search !== searches) return;
      if (!found) { status.textContent = gettext("The search index could not be loaded."); return; }
      status.textContent = describe(choice, found.events.length, manifest.n, countMentions(found));
      noResults.hidden = found.events.length !== 0;
      listResults(found, 0, search, choice);
    });
  }

  // On the whole timeline, filters narrow the entries in place; words list the matches, ranked, above them.
  function applyInPlace(choice, words, search) {
    var name = leaderName(choice);
    var chosen = entries.filter(function (entry) { return matchesFilters(entry, choice); });
    function show(visible, listed) {
      var shown = 0, mentions = 0;
      entries.forEach(function (entry) {
        var on = visible.indexOf(entry) !== -1 && !listed;
        var mention = visible.indexOf(entry) !== -1 && Boolean(choice.leader) &&
          !has(entry.getAttribute("data-leaders"), choice.leader);
        entry.hidden = !on;
        markMention(entry, mention, name);
        if (visible.indexOf(entry) !== -1) shown += 1;
        if (mention) mentions += 1;
      });
      results.textContent = "";
      resultsSection.hidden = !listed;
      if (listed) {
        visible.forEach(function (entry) {
          var copy = entry.cloneNode(true);
          copy.removeAttribute("id");
          copy.hidden = false;
          results.appendChild(copy);
        });
      }
      sections.forEach(function (section) {
        section.hidden = listed || !section.querySelector(".entry:not([hidden])");
      });
      yearLinks.forEach(function (item) {
        var year = item.getAttribute("data-year");
        item.hidden = !visible.some(function (entry) { return entry.getAttribute("data-year") === year; });
      });
      status.textContent = isFiltered(choice) ? describe(choice, shown, entries.length, mentions) : "";
      noResults.hidden = shown !== 0;
    }
    if (!words.length) { show(chosen, false); return; }
    status.textContent = gettext("Searching\u2026");
    find(choice, words, false, function (found) {
      if (search !== searches) return;
      if (!found || manifest.n !== entries.length) {  // no index: the words match what the entries show
        show(chosen.filter(function (entry) { return matchesText(entry, words); }), false);
        return;
      }
      show(found.events.map(function (event) { return entries[event]; })
        .filter(function (entry) { return chosen.indexOf(entry) !== -1; }), true);
    });
  }

  // What is about the whole timeline, not about a search (today's events in earlier years), steps aside
  // while one is shown, so that the first results are in view.
  var unfilteredOnly = Array.prototype.slice.call(document.querySelectorAll("[data-unfiltered-only]"));

  function apply() {
    var choice = currentChoice();
    var anyChoice = isFiltered(choice);
    unfilteredOnly.forEach(function (element) { element.hidden = anyChoice; });
    var words = choice.q ? fold(choice.q).split(" ").filter(Boolean) : [];
    searches += 1;
    if (partial) applyAcrossYears(choice, words, searches);
    else applyInPlace(choice, words, searches);
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
        option.textContent = format(gettext("%(value)s (not on this timeline)"), { value: value });
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
  apply();
  // The list of pieces is on its way while the reader types the first word.
  form.elements.q.addEventListener("focus", function () { loadManifest(function () {}); });
  form.addEventListener("input", function () { remember(apply()); });
  form.addEventListener("change", function () { remember(apply()); });
  form.addEventListener("submit", function (event) { event.preventDefault(); remember(apply()); });
  form.addEventListener("reset", function () {
    setTimeout(function () { remember(apply()); }, 0);
  });
})();
