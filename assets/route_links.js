// Links of the page's own HTML (data-html, assets/html_text.js) marked data-route are
// followed in the page, as dcc.Link follows its own: a new history entry, the event
// Dash's dcc.Location and the pages' address readers listen to, the window's top.
// A click with a modifier key, or not of the main button, is the browser's (a new tab).
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-route]');
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey
        || event.metaKey || event.shiftKey || event.altKey) return;
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    event.preventDefault();
    window.history.pushState({}, '', url.pathname + url.search + url.hash);
    window.dispatchEvent(new CustomEvent('_dashprivate_pushstate'));
    window.scrollTo(0, 0);
  });
})();
