// A lesson's step (dashboard/pages/network/lessons.py: the steps are HTML, not Dash
// components, so this answers their buttons): go to the lesson's address as back/forward
// goes to one (a history entry, then the popstate that the network page's address
// listener reads, which sets the controls and runs), and say which lesson is active
// (its store, named by the panel's data-store), for its checks.
//
// window.izhiLessons.next() and .previous() press the step after or before the one
// pressed last (the first, or the last, when none was): presentation mode's N and B
// (assets/present.js).
(function () {
  'use strict';
  var current = -1;  // index of the step pressed last

  function steps() {
    return Array.prototype.slice.call(document.querySelectorAll('button[data-lesson]'));
  }

  function go(step) {
    var panel = step.closest('[data-store]');
    if (!panel || !window.dash_clientside || !window.dash_clientside.set_props) return;
    current = steps().indexOf(step);
    var search = step.getAttribute('data-search');
    // presentation mode is how the page shows runs, not a run: it stays (as in
    // dashboard/pages/network/address.py's WRITE_JS)
    var present = new URLSearchParams(window.location.search).get('present');
    if (present !== null) search += (search ? '&' : '?') + 'present=' + present;
    if (window.location.search !== search) {
      window.history.pushState(null, '', search);
    }
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dash_clientside.set_props(panel.getAttribute('data-store'), {
      data: {name: step.getAttribute('data-lesson'), at: Date.now()}});
  }

  function by(offset) {
    var all = steps();
    if (!all.length) return;
    var i = current < 0 ? (offset > 0 ? 0 : all.length - 1)
      : Math.min(all.length - 1, Math.max(0, current + offset));
    go(all[i]);
  }

  document.addEventListener('click', function (event) {
    var step = event.target.closest && event.target.closest('button[data-lesson]');
    if (step) go(step);
  });

  window.izhiLessons = {
    next: function () { by(1); },
    previous: function () { by(-1); },
  };
})();
