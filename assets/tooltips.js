// The tooltips of the controls and buttons: the text of their data-tip attribute
// (dashboard/common/components.py, tip), shown in one element of the page's own and
// placed by this script.
//
// As CSS ::after boxes they were cut off by the controls' scrolling column and by the
// window's edges, lay over the first options of an open dropdown, never showed on
// keyboard focus, and stayed up after a tap on a phone (:hover sticks there). Here:
//
// * the pointer resting on a control shows its tip after SHOW_DELAY_MS; leaving hides it;
// * keyboard focus in a control shows it at once (and the focused element is described
//   by it, for screen readers); focus leaving hides it;
// * a tap shows it; the next tap, anywhere, hides it;
// * a key pressed in the control (typing, arrows, Enter opening its dropdown), a click in
//   it, or Escape hides it until the pointer or the focus has left the control;
// * no tip shows while a dropdown is open;
// * it goes below the control, or above when it fits only there (or fits neither, and
//   there is more room above), and is moved sideways to stay in the window.
(function () {
  'use strict';
  var SHOW_DELAY_MS = 400;
  var GAP = 4;  // px between the control and its tip
  var EDGE = 8;  // px kept free at the window's edges
  var MAX_WIDTH = 320;
  var ID = 'page-tooltip';

  var tip = null;  // the tooltip element, made on first use
  var owner = null;  // the control whose tip shows
  var source = null;  // what showed it: 'hover', 'focus' or 'touch'
  var pending = null, timer = 0;  // a control the pointer rests on, and its timer
  var quiet = null;  // a control whose tip was dismissed, until pointer and focus leave it
  var hovered = null;  // the element under the mouse
  var tapped = null;  // the control a finger went down on
  var pointerFirst = false;  // the last input was a pointer's, not a key's
  var described = null, describedBefore = null;  // the element the tip describes
  var frame = 0;

  function ownerOf(node) {
    return node && node.closest ? node.closest('[data-tip]') : null;
  }

  function menuOpen() {
    return document.querySelector('.dash-dropdown[aria-expanded="true"]') !== null;
  }

  function element() {
    if (!tip) {
      tip = document.createElement('div');
      tip.id = ID;
      tip.className = 'page-tooltip';
      tip.setAttribute('role', 'tooltip');
      tip.hidden = true;
      document.body.appendChild(tip);
    }
    return tip;
  }

  function cancel() {
    clearTimeout(timer);
    timer = 0;
    pending = null;
  }

  function undescribe() {
    if (!described) return;
    if (describedBefore === null) described.removeAttribute('aria-describedby');
    else described.setAttribute('aria-describedby', describedBefore);
    described = null;
  }

  function describe(el) {
    undescribe();
    describedBefore = el.getAttribute('aria-describedby');
    el.setAttribute('aria-describedby', describedBefore ? describedBefore + ' ' + ID : ID);
    described = el;
  }

  function hide() {
    cancel();
    if (tip) tip.hidden = true;
    undescribe();
    owner = null;
    source = null;
  }

  function place() {
    if (!owner.isConnected) { hide(); return; }
    var r = owner.getBoundingClientRect();
    var w = document.documentElement.clientWidth, h = document.documentElement.clientHeight;
    // Out of the window, the tip waits unseen: focus moves before it scrolls its element
    // into view, and a scroll places the tip again.
    var away = r.width === 0 || r.bottom < 0 || r.top > h;
    tip.style.visibility = away ? 'hidden' : '';
    if (away) return;
    tip.style.maxWidth = Math.min(MAX_WIDTH, w - 2 * EDGE) + 'px';
    tip.style.left = '0px';
    tip.style.top = '0px';
    var box = tip.getBoundingClientRect();
    var below = h - EDGE - r.bottom - GAP, above = r.top - GAP - EDGE;
    var up = below < box.height && above > below;
    var top = up ? r.top - GAP - box.height : r.bottom + GAP;
    tip.style.top = Math.round(Math.max(EDGE, Math.min(top, h - EDGE - box.height))) + 'px';
    tip.style.left = Math.round(Math.max(EDGE, Math.min(r.left, w - EDGE - box.width))) + 'px';
  }

  function show(el, how, focused) {
    cancel();
    var text = el.getAttribute('data-tip');
    if (!text || !el.isConnected || el === quiet || menuOpen()) return;
    var t = element();
    undescribe();
    t.textContent = text;
    t.setAttribute('data-for', el.id || '');
    t.hidden = false;
    owner = el;
    source = how;
    place();
    if (focused && owner) describe(focused);
  }

  function dismiss(el) {  // the control is being used: its tip goes until it is left
    quiet = el;
    if (pending === el) cancel();
    if (owner === el) hide();
  }

  function release(focused) {  // a dismissed control is left once pointer and focus are out
    if (quiet && !(hovered && quiet.contains(hovered)) && !(focused && quiet.contains(focused))) {
      quiet = null;
    }
  }

  document.addEventListener('pointerover', function (e) {
    if (e.pointerType === 'touch') return;
    hovered = e.target;
    var el = ownerOf(e.target);
    if (!el || el === owner || el === pending || el === quiet) return;
    cancel();
    pending = el;
    timer = setTimeout(function () { show(el, 'hover'); }, SHOW_DELAY_MS);
  });

  document.addEventListener('pointerout', function (e) {
    if (e.pointerType === 'touch') return;
    hovered = e.relatedTarget;
    var from = ownerOf(e.target);
    if (!from || from === ownerOf(e.relatedTarget)) return;
    if (pending === from) cancel();
    release(document.activeElement);
    if (owner === from && source === 'hover') hide();
  });

  document.addEventListener('focusin', function (e) {
    if (pointerFirst) return;  // a click's or a tap's focus: the pointer's rules apply
    var el = ownerOf(e.target);
    if (el) show(el, 'focus', e.target);
    else if (source === 'focus') hide();
  });

  document.addEventListener('focusout', function (e) {
    var from = ownerOf(e.target);
    if (!from || from === ownerOf(e.relatedTarget)) return;
    release(e.relatedTarget);  // null while a closing menu hands the focus back
    if (owner === from && source === 'focus') hide();
  });

  document.addEventListener('keydown', function (e) {
    pointerFirst = false;
    if (/^(Tab|Shift|Control|Alt|Meta|CapsLock)$/.test(e.key)) return;
    if (e.key === 'Escape') {
      if (owner) dismiss(owner);
      return;
    }
    var el = ownerOf(e.target);
    if (el) dismiss(el);
  }, true);

  document.addEventListener('input', function (e) {  // typing, also where no key is seen
    var el = ownerOf(e.target);
    if (el) dismiss(el);
  }, true);

  document.addEventListener('pointerdown', function (e) {
    pointerFirst = true;
    var el = ownerOf(e.target);
    if (e.pointerType === 'touch') {
      tapped = el && el !== owner ? el : null;  // a second tap on a control takes its tip away
      if (owner) hide();
      quiet = null;
    } else {
      if (owner && owner !== el) hide();  // a click elsewhere
      if (el) dismiss(el);
    }
  }, true);

  document.addEventListener('pointercancel', function () { tapped = null; }, true);

  // A tap's tip shows once the tap's click has done its work: a dropdown it opened is
  // open by then, and then no tip shows.
  document.addEventListener('click', function (e) {
    var el = tapped;
    tapped = null;
    if (el && ownerOf(e.target) === el) setTimeout(function () { show(el, 'touch'); }, 0);
  });

  function follow() {
    if (!owner || frame) return;
    frame = requestAnimationFrame(function () {
      frame = 0;
      if (owner) place();
    });
  }
  document.addEventListener('scroll', follow, {capture: true, passive: true});
  window.addEventListener('resize', follow);
})();
