// Keyboard and screen-reader fixes for the widgets that Dash and plotly.js draw.
//
// dcc.Slider and dcc.Dropdown take no aria props, so their names are set here, from
// the control's label: its text has the id "<control id>-label" and the label is for
// the control (dashboard/pages/network/layout.py, _field).
//
// * A slider's thumb (inside "<id>-slider") is labelled by it.
// * A dropdown's button is labelled by it and by its value (Dash labels it by its
//   value alone). The button is the Tab stop: the read-only input Dash puts before it
//   for Safari's Tab order is focusable yet hidden from screen readers (axe:
//   aria-hidden-focus), and focus landed on it first; here it leaves the Tab order,
//   each time Dash puts it back (when the button loses focus).
// * A group of radio buttons is a radiogroup named by it, and a progress bar (Bootstrap's,
//   inside "<id>") is named by "<id>-label" (the shell's "Running in the background:").
// * Each graph's modebar (a role=toolbar of plotly.js) is one Tab stop, not eight: the
//   arrow keys, Home and End move along its buttons (WAI-ARIA's toolbar pattern).
//
// These elements appear whenever React or plotly.js draws them, so an observer applies
// the fixes again whenever HTML elements are added (or a tabindex changes). plotly.js
// adds SVG elements by the thousand on each redraw: those are passed over after a
// namespace check, and the fixes run a few times per page load, not per redraw.
(function () {
  'use strict';
  var HTML = 'http://www.w3.org/1999/xhtml';

  function set(el, name, value) {
    if (el.getAttribute(name) !== value) el.setAttribute(name, value);  // no needless mutation
  }

  function labelled(id) {
    return document.getElementById(id + '-label') ? id + '-label' : null;
  }

  function nameSliders() {
    document.querySelectorAll('[id$="-slider"] [role=slider]').forEach(function (thumb) {
      var slider = thumb.closest('[id$="-slider"]');
      var label = labelled(slider.id.slice(0, -'-slider'.length)) || labelled(slider.id);
      if (label) set(thumb, 'aria-labelledby', label);
    });
  }

  function fixDropdowns() {
    document.querySelectorAll('button.dash-dropdown').forEach(function (button) {
      var standIn = button.previousElementSibling;
      if (standIn && standIn.classList.contains('dash-dropdown-focus-target')) {
        set(standIn, 'tabindex', '-1');
        set(button, 'tabindex', '0');
      }
      var label = button.id && labelled(button.id);
      if (!label) return;
      set(button, 'aria-labelledby', [label, button.id + '-value-count', button.id + '-value'].join(' '));
      var list = button.parentElement.querySelector('[role=listbox]');  // an open menu
      if (list) set(list, 'aria-labelledby', label);
    });
  }

  function nameRadioGroups() {
    document.querySelectorAll('.control [id] > .form-check > input[type=radio]').forEach(function (radio) {
      var group = radio.parentElement.parentElement;
      var label = labelled(group.id);
      if (!label) return;
      set(group, 'role', 'radiogroup');
      set(group, 'aria-labelledby', label);
    });
  }

  function nameProgressBars() {
    document.querySelectorAll('[id] > [role=progressbar]').forEach(function (bar) {
      var label = labelled(bar.parentElement.id);
      if (label) set(bar, 'aria-labelledby', label);
    });
  }

  function modebarButtons(toolbar) {
    return Array.prototype.slice.call(toolbar.querySelectorAll('.modebar-btn'));
  }

  function roveModebars() {
    document.querySelectorAll('.modebar').forEach(function (toolbar) {
      var buttons = modebarButtons(toolbar);
      var current = buttons.filter(function (b) { return b.getAttribute('tabindex') === '0'; })[0];
      buttons.forEach(function (b, i) {
        set(b, 'tabindex', b === current || (!current && i === 0) ? '0' : '-1');
      });
    });
  }

  function apply() {
    nameSliders();
    fixDropdowns();
    nameRadioGroups();
    nameProgressBars();
    roveModebars();
  }

  function addsHtml(records) {
    for (var i = 0; i < records.length; i++) {
      var r = records[i];
      if (r.type === 'attributes') return true;
      for (var j = 0; j < r.addedNodes.length; j++) {
        var n = r.addedNodes[j];
        if (n.nodeType === 1 && n.namespaceURI === HTML) return true;
      }
    }
    return false;
  }

  new MutationObserver(function (records) {
    if (addsHtml(records)) apply();
  }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex'],
  });

  // The modebar as a toolbar: arrows move the focus along it, and the button left
  // focused is the one Tab comes back to.
  var STEP = {ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1};
  document.addEventListener('keydown', function (e) {
    var button = e.target.closest && e.target.closest('.modebar-btn');
    if (!button || e.altKey || e.ctrlKey || e.metaKey) return;
    var buttons = modebarButtons(button.closest('.modebar'));
    var i = buttons.indexOf(button), n = buttons.length;
    if (e.key in STEP) i = (i + STEP[e.key] + n) % n;
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = n - 1;
    else return;
    e.preventDefault();
    buttons.forEach(function (b, j) { set(b, 'tabindex', j === i ? '0' : '-1'); });
    buttons[i].focus();
  });
  document.addEventListener('focusin', function (e) {
    var button = e.target.closest && e.target.closest('.modebar-btn');
    if (!button) return;
    modebarButtons(button.closest('.modebar')).forEach(function (b) {
      set(b, 'tabindex', b === button ? '0' : '-1');
    });
  });
})();
