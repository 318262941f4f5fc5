// The page's messages in its language, for the site's scripts (timeline.js, on-this-day.js), which load after
// this file: `defer` keeps the order.
var siteMessages = (function () {
  "use strict";

  // They come in the page (<script type="application/json" id="messages">, written from the catalog by
  // Language.script_messages); a message not there is shown as its msgid, in English.
  var catalog = (function () {
    var element = document.getElementById("messages");
    try { return JSON.parse(element.textContent); } catch (error) { return {}; }
  })();
  var translated = catalog.messages || {};

  function gettext(id) {
    return Object.prototype.hasOwnProperty.call(translated, id) ? translated[id] : id;
  }

  // The catalog's form for `n`: its plural rule is given as the form of each number up to 199, and a larger
  // number takes that of 100 + its last two digits.
  function ngettext(one, many, n) {
    if (!Object.prototype.hasOwnProperty.call(translated, one)) return n === 1 ? one : many;
    var forms = translated[one], rule = catalog.plural || "";
    var index = rule ? Number(rule.charAt(n < rule.length ? n : 100 + n % 100)) : 0;
    return forms[Math.min(index, forms.length - 1)];
  }

  // A message's %(name)s filled in.
  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); });
  }

  return {catalog: catalog, gettext: gettext, ngettext: ngettext, format: format};
})();
