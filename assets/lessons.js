// A lesson's step (dashboard/pages/network/lessons.py: the steps are HTML, not Dash
// components, so this answers their buttons): go to the lesson's address as back/forward
// goes to one (a history entry, then the popstate that the network page's address
// listener reads, which sets the controls and runs), and say which lesson is active
// (its store, named by the panel's data-store), for its checks.
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var step = event.target.closest && event.target.closest('button[data-lesson]');
    var panel = step && step.closest('[data-store]');
    if (!panel || !window.dash_clientside || !window.dash_clientside.set_props) return;
    var search = step.getAttribute('data-search');
    if (window.location.search !== search) {
      window.history.pushState(null, '', search);
    }
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dash_clientside.set_props(panel.getAttribute('data-store'), {
      data: {name: step.getAttribute('data-lesson'), at: Date.now()}});
  });
})();
