/* Slow-motion playback: a time cursor that sweeps the raster, the current map, the
   traces and the rate together (dashboard/pages/network/playback.py draws its bar).

   Everything happens here, in the browser: a frame moves one line and one veil per
   time axis (absolutely placed elements over each graph, at the axis's own pixel
   mapping), so no frame asks the server anything and no graph is redrawn. The
   veil dims what is still to come, so the run seems to unfold as the cursor moves.
   The bar's data-axes names, by graph id, the [x axis, y axis] pairs whose x is
   time in ms; data-speeds the speeds offered (times real time: 1 means one second
   of network time per second).

   window.izhiPlayback: play(), pause(), toggle(), seek(ms), off(), and for tests and
   the bench (bench/bench_playback.py), of the latest play: frames (cursor updates),
   costs (ms of work per update), gaps (ms between frames), started and ended. */
(function () {
  'use strict';

  var state = {playing: false, t: 0, speed: 1, last: null, frames: 0, costs: [], gaps: [],
               bar: null,
               started: null, ended: null};

  function bar() {
    if (!state.bar || !document.body.contains(state.bar)) {
      state.bar = document.getElementById('playback');
    }
    return state.bar;
  }

  function axesTable(b) {
    if (!b._axes) b._axes = JSON.parse(b.getAttribute('data-axes') || '{}');
    return b._axes;
  }

  function plotOf(graphId) {
    var root = document.getElementById(graphId);
    var gd = root && root.querySelector('.js-plotly-plot');
    return gd && gd._fullLayout ? [root, gd] : null;
  }

  // The run's length, as the raster's figure states it (izhi_core.figures.raster_spec).
  function duration() {
    var found = plotOf('raster');
    var meta = found && found[1].layout && found[1].layout.meta;
    var d = meta ? Number(meta.duration_ms) : NaN;
    return isFinite(d) && d > 0 ? d : 1000;
  }

  function overlay(root, k) {
    var cls = 'playback-overlay playback-overlay-' + k;
    var el = root.querySelector(':scope > .playback-overlay-' + k);
    if (!el) {
      el = document.createElement('div');
      el.className = cls;
      el.setAttribute('aria-hidden', 'true');
      el.innerHTML = '<div class="playback-veil"></div><div class="playback-line"></div>';
      root.appendChild(el);
    }
    return el;
  }

  // The scrubber is the browser's own range input, made here: Dash's Input treats
  // every input as text (it sets a selection a range has not).
  function scrubber(b) {
    var slot = b.querySelector('.playback-scrub-slot');
    var scrub = slot && slot.querySelector('input[type=range]');
    if (slot && !scrub) {
      scrub = document.createElement('input');
      scrub.type = 'range';
      scrub.id = slot.getAttribute('data-id');
      scrub.className = 'playback-scrub';
      scrub.min = '0';
      scrub.max = String(duration());
      scrub.step = '1';
      scrub.value = '0';
      slot.appendChild(scrub);
    }
    return scrub;
  }

  // All reads of the graphs' geometry first, then all writes: a write between two
  // reads would make the browser lay the page out again for the second.
  function place(b) {
    var end = duration();
    state.t = Math.min(state.t, end);  // a shorter run came meanwhile
    var table = axesTable(b), t = state.t, shown = b.classList.contains('playback-on');
    var moves = [];
    Object.keys(table).forEach(function (graphId) {
      var found = plotOf(graphId);
      if (!found) return;
      var root = found[0], gd = found[1], L = gd._fullLayout;
      var left0 = gd.offsetLeft, top0 = gd.offsetTop;
      table[graphId].forEach(function (pair, k) {
        var xa = L[pair[0]], ya = L[pair[1]];
        if (!xa || !ya || !xa.l2p) return;
        var lo = Math.min(xa.range[0], xa.range[1]), hi = Math.max(xa.range[0], xa.range[1]);
        var width = xa._length;
        moves.push({el: overlay(root, k), inside: shown && t >= lo && t <= hi,
                    left: left0 + xa._offset, top: top0 + ya._offset, width: width,
                    height: ya._length, x: Math.max(0, Math.min(width, xa.l2p(t)))});
      });
    });
    moves.forEach(function (m) {
      var el = m.el;
      el.style.display = m.inside ? 'block' : 'none';
      if (!m.inside) return;
      el.style.left = m.left + 'px';
      el.style.top = m.top + 'px';
      el.style.width = m.width + 'px';
      el.style.height = m.height + 'px';
      el.firstChild.style.left = m.x + 'px';
      el.firstChild.style.width = (m.width - m.x) + 'px';
      el.lastChild.style.left = (m.x - 1) + 'px';
    });
    var readout = b.querySelector('.playback-time');
    if (readout) readout.textContent = 't = ' + Math.round(t).toLocaleString('en-US') + ' ms';
    var scrub = scrubber(b);
    if (scrub) {
      if (scrub.max !== String(end)) scrub.max = String(end);
      if (document.activeElement !== scrub) scrub.value = String(Math.round(t));
    }
  }

  function setButton(b) {
    var button = b.querySelector('.playback-play');
    if (!button) return;
    button.textContent = state.playing ? 'Pause' : 'Play';
    button.setAttribute('aria-pressed', state.playing ? 'true' : 'false');
  }

  function frame(now) {
    var b = bar();
    if (!state.playing || !b) { state.playing = false; return; }
    var start = performance.now();
    if (state.last !== null) {
      state.t += (now - state.last) * state.speed;
      state.gaps.push(now - state.last);
    } else state.started = now;
    state.last = now;
    state.ended = now;
    var end = duration();
    if (state.t >= end) { state.t = end; state.playing = false; }
    place(b);
    state.frames += 1;
    state.costs.push(performance.now() - start);
    if (state.costs.length > 2000) { state.costs.shift(); state.gaps.shift(); }
    if (state.playing) requestAnimationFrame(frame); else setButton(b);
  }

  var api = {
    play: function () {
      var b = bar();
      if (!b || state.playing) return;
      b.classList.add('playback-on');
      if (state.t >= duration()) state.t = 0;  // from the start again
      state.speed = Number(b.querySelector('.playback-speed').value) || 1;
      state.playing = true; state.last = null; state.frames = 0; state.costs = []; state.gaps = [];
      setButton(b);
      requestAnimationFrame(frame);
    },
    pause: function () {
      state.playing = false;
      var b = bar();
      if (b) setButton(b);
    },
    toggle: function () { if (state.playing) api.pause(); else api.play(); },
    seek: function (ms) {
      var b = bar();
      if (!b) return;
      b.classList.add('playback-on');
      state.t = Math.max(0, Math.min(duration(), Number(ms) || 0));
      place(b);
    },
    off: function () {
      api.pause();
      var b = bar();
      if (b) { b.classList.remove('playback-on'); state.t = 0; place(b); }
    },
    get frames() { return state.frames; },
    // the first and the last frame of the latest play (requestAnimationFrame's clock)
    get started() { return state.started; },
    get ended() { return state.ended; },
    get costs() { return state.costs.slice(); },
    get gaps() { return state.gaps.slice(); },  // ms between frames
    get t() { return state.t; },
    get playing() { return state.playing; },
  };
  window.izhiPlayback = api;

  document.addEventListener('click', function (e) {
    if (e.target.closest('.playback-play')) api.toggle();
    else if (e.target.closest('.playback-off')) api.off();
  });
  document.addEventListener('input', function (e) {
    if (e.target.closest('#playback input[type=range]')) {
      api.pause();
      api.seek(e.target.value);
    }
  });
  document.addEventListener('change', function (e) {
    if (e.target.closest('#playback .playback-speed')) state.speed = Number(e.target.value) || 1;
  });
  // A graph redrawn (a new run, a zoom, a resize) has a new _fullLayout, and may have
  // moved its axes: the paused cursor follows (a poll, four identity checks, four
  // times a second, and only while the cursor is shown; a playing one moves anyway).
  var seen = new WeakMap();
  setInterval(function () {
    var b = bar();
    var made = b && scrubber(b);
    if (made && made.max !== String(duration())) made.max = String(duration());
    if (!b || state.playing || !b.classList.contains('playback-on')) return;
    var table = axesTable(b), moved = false;
    Object.keys(table).forEach(function (graphId) {
      var found = plotOf(graphId);
      if (found && seen.get(found[1]) !== found[1]._fullLayout) {
        seen.set(found[1], found[1]._fullLayout);
        moved = true;
      }
    });
    if (moved) place(b);
  }, 250);
})();
