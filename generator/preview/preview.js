// The preview's side of a page, a livereload.js plugin (served by `serve` as /preview.js): after a rebuild it
// fetches the page and puts the new one in place of the old (no new document: the stylesheet, the scripts and
// the WebSocket stay), unless the page runs scripts of its own, its stylesheets changed, or the answer is an
// error: then it reloads. It tells the server which build it shows when its WebSocket opens, so a rebuild it
// missed (made while it was loading) is sent to it then.
(function () {
  "use strict";
  function build(doc) {
    var meta = doc.querySelector('meta[name="preview-build"]');
    return meta ? meta.content : "";
  }
  function scripts(doc) {  // the page's own executable scripts, not the preview's
    return Array.prototype.filter.call(doc.scripts, function (script) {
      return !script.hasAttribute("data-preview") && (!script.type || /javascript|module/.test(script.type));
    }).map(function (script) { return script.src || script.textContent; });
  }
  function fixed(doc) {  // what an update in place cannot change
    var sheets = Array.prototype.map.call(doc.querySelectorAll('link[rel~="stylesheet"], style, meta[http-equiv]'),
                                          function (node) { return node.outerHTML; });
    return JSON.stringify([sheets, scripts(doc)]);
  }
  function kept(node) {
    return node.matches('link[rel~="stylesheet"], style, meta[http-equiv], script[data-preview]');
  }
  function swap(next) {
    var head = document.head;
    Array.prototype.slice.call(head.children).forEach(function (node) { if (!kept(node)) node.remove(); });
    Array.prototype.forEach.call(next.head.children, function (node) {
      if (!kept(node)) head.appendChild(document.importNode(node, true));
    });
    document.documentElement.lang = next.documentElement.lang;
    document.body.replaceWith(document.importNode(next.body, true));
  }
  function Preview(window) { this.window = window; this.fetching = false; this.again = false; }
  Preview.identifier = "preview";
  Preview.version = "1";
  Preview.prototype.analyze = function () { return {build: build(document)}; };
  Preview.prototype.reload = function (path) {
    if (path !== "*") return false;  // a stylesheet: livereload.js restyles the page
    performance.mark("preview-notice");
    if (this.fetching) { this.again = true; return true; }
    if (scripts(document).length) return false;  // livereload.js reloads the page
    this.update();
    return true;
  };
  Preview.prototype.update = function () {
    var self = this;
    self.fetching = true;
    fetch(location.href, {cache: "no-store", credentials: "same-origin"}).then(function (response) {
      return response.text().then(function (text) {
        performance.mark("preview-fetched");
        var next = new DOMParser().parseFromString(text, "text/html");
        if (!response.ok || response.redirected || fixed(next) !== fixed(document)) {
          location.reload();
          return;
        }
        swap(next);
        self.fetching = false;
        if (self.again) { self.again = false; self.update(); }
      });
    }).catch(function () { location.reload(); });
  };
  window.LiveReloadPluginPreview = Preview;
})();
