// The HTML of an element marked data-html: text the page's own code writes (the teaching
// card's paragraphs and MathML, dashboard/pages/network/layout.py), never a user's.
//
// No Dash component draws MathML; dcc.Markdown would, but it loads its parser and
// highlight.js with it, about 470 kB of script to run at every page load. React renders
// these elements with no children of their own, so it leaves the content set here alone.
(function () {
  'use strict';
  var HTML = 'http://www.w3.org/1999/xhtml';
  var filled = new WeakSet();

  function fill(root) {
    var found = root.matches && root.matches('[data-html]') ? [root] : [];
    found = found.concat(Array.prototype.slice.call(root.querySelectorAll('[data-html]')));
    found.forEach(function (el) {
      if (filled.has(el)) return;
      filled.add(el);
      el.innerHTML = el.getAttribute('data-html');
    });
  }

  new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i++) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j++) {
        // plotly.js adds SVG by the thousand on each redraw: passed over here
        if (added[j].nodeType === 1 && added[j].namespaceURI === HTML) fill(added[j]);
      }
    }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
