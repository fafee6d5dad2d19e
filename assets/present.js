/* Presentation mode (?present=1 on the network page): the figures fill the screen in a
   2x2 (or one of them alone), the controls wait in a drawer, text and dots are sized
   for the back of a room, in a high-contrast theme; keyboard shortcuts drive it.

   The page's layout is style.css's (html.presenting); what CSS cannot reach is the
   figures' own text, which plotly.js sizes from each figure's layout: every figure is
   drawn enlarged here, as it is drawn (Plotly.react is wrapped, so a new run comes
   big at once, drawn once), and drawn again as it came when the mode is left.

   Shortcuts (not while typing in a box): C the controls, P play/pause, 1-4 one figure
   alone and 0 all four, N and B the next and previous lesson step (when the page has
   lessons: window.izhiLessons), Escape closes the drawer, then leaves the mode.
   Dash runs assets in name order: plotly-partial.min.js has defined Plotly. */
(function () {
  'use strict';

  var KEY = 'present';
  var TEXT_PX = 20, TITLE_PX = 24, DOT_PX = 4, LINE_PX = 2;
  var GRAPHS = ['raster', 'current-map', 'traces', 'rhythms'];
  var root = document.documentElement;

  function asked() {
    return window.location.pathname === '/'
      && new URLSearchParams(window.location.search).get(KEY) === '1';
  }

  function presenting() { return root.classList.contains('presenting'); }

  // -- the figures, enlarged --------------------------------------------------------

  function bigger(size, least) { return Math.max(least, Number(size) || 0); }

  function bigFont(font, least) {
    var out = Object.assign({}, font || {});
    out.size = bigger(out.size, least);
    out.color = '#000';
    return out;
  }

  // inline sizes in titles' HTML (a title's second line is a smaller <span>)
  function bigHtml(text, least) {
    return typeof text !== 'string' ? text : text.replace(/font-size:\s*(\d+(\.\d+)?)px/g,
      function (_, px) { return 'font-size:' + bigger(px, least) + 'px'; });
  }

  function bigTitle(title, least) {
    if (title === undefined || title === null) return title;
    var out = typeof title === 'string' ? {text: title} : Object.assign({}, title);
    out.text = bigHtml(out.text, least);
    out.font = bigFont(out.font, least);
    return out;
  }

  function bigLayout(layout) {
    var out = Object.assign({}, layout);
    var scale = TEXT_PX / ((layout.font && layout.font.size) || 14);
    out.font = bigFont(layout.font, TEXT_PX);
    out.title = bigTitle(layout.title, TITLE_PX);
    // The top margin holds the title's lines and the legend's row, now larger; the
    // note under the title (a footnote for the reader at a desk) is left out.
    var lines = String((out.title && out.title.text) || '').split('<br>').length;
    var legendRow = layout.showlegend && layout.legend ? TEXT_PX + 14 : 0;
    if (layout.margin) {
      out.margin = Object.assign({}, layout.margin);
      ['l', 'b'].forEach(function (side) {
        if (out.margin[side] !== undefined) out.margin[side] = Math.round(out.margin[side] * scale);
      });
      out.margin.t = 14 + lines * (TITLE_PX + 8) + legendRow;
    }
    if (out.title && out.title.pad) out.title = Object.assign({}, out.title, {pad: {l: 10, t: 8}});
    Object.keys(layout).forEach(function (k) {
      if (!/^[xy]axis\d*$/.test(k)) return;
      var ax = Object.assign({}, layout[k]);
      ax.title = bigTitle(ax.title, TEXT_PX);
      ax.tickfont = bigFont(ax.tickfont, TEXT_PX);
      // a power's exponent is drawn at 70 %: plain numbers keep every digit at 20 px
      if (ax.type === 'log') ax.exponentformat = 'none';
      ax.gridcolor = '#c8c8c8';
      ax.linecolor = '#000';
      out[k] = ax;
    });
    if (layout.annotations) {
      out.annotations = layout.annotations.filter(function (a) { return a.name !== 'note'; })
        .map(function (a) {
        return Object.assign({}, a, {font: bigFont(a.font, TEXT_PX), text: bigHtml(a.text, TEXT_PX)});
      });
    }
    if (layout.legend) out.legend = Object.assign({}, layout.legend, {font: bigFont(layout.legend.font, TEXT_PX)});
    if (layout.hoverlabel) {
      out.hoverlabel = Object.assign({}, layout.hoverlabel, {font: bigFont(layout.hoverlabel.font, TEXT_PX)});
    }
    return out;
  }

  function bigTrace(trace) {
    var out = Object.assign({}, trace);
    if (trace.marker) {
      out.marker = Object.assign({}, trace.marker);
      if (out.marker.size !== undefined && !Array.isArray(out.marker.size)) {
        out.marker.size = bigger(out.marker.size, DOT_PX);
      }
      if (out.marker.colorbar) {
        out.marker.colorbar = bigColorbar(out.marker.colorbar);
      }
    }
    if (trace.line) out.line = Object.assign({}, trace.line, {width: bigger(trace.line.width, LINE_PX)});
    if (trace.colorbar) out.colorbar = bigColorbar(trace.colorbar);
    return out;
  }

  function bigColorbar(bar) {
    return Object.assign({}, bar, {tickfont: bigFont(bar.tickfont, TEXT_PX),
                                   title: bigTitle(bar.title, TEXT_PX)});
  }

  function graphOf(gd) {
    var div = typeof gd === 'string' ? document.getElementById(gd) : gd;
    var owner = div && div.closest && div.closest('.graph-panel');
    return owner && GRAPHS.indexOf(owner.id) >= 0 ? div : null;
  }

  var Plotly = window.Plotly;
  if (Plotly && Plotly.react) {
    var react = Plotly.react;
    Plotly.react = function (gd, data, layout, config) {
      var div = graphOf(gd);
      if (!div) return react.apply(this, arguments);
      // dcc.Graph passes one object {data, layout, config, frames}
      var figure = (data && !Array.isArray(data) && data.data !== undefined) ? data
        : {data: data, layout: layout, config: config};
      div.__izhiAsSent = figure;  // as the server sent it, to draw again on leaving
      if (!presenting()) return react.call(this, div, figure);
      return react.call(this, div, Object.assign({}, figure, {
        data: (figure.data || []).map(bigTrace), layout: bigLayout(figure.layout || {}),
      }));
    };
  }

  function redrawAll() {
    GRAPHS.forEach(function (id) {
      var gd = document.querySelector('#' + id + ' .js-plotly-plot');
      if (gd && gd.__izhiAsSent) Plotly.react(gd, gd.__izhiAsSent);
    });
  }

  // -- the mode, the drawer, one figure ----------------------------------------------

  function writeAddress(on) {
    var q = new URLSearchParams(window.location.search);
    if (on) q.set(KEY, '1'); else q.delete(KEY);
    var s = q.toString();
    window.history.replaceState(window.history.state, '', window.location.pathname + (s ? '?' + s : ''));
  }

  function setMode(on, write) {
    if (on === presenting()) return;
    root.classList.toggle('presenting', on);
    // one figure to start with, the raster: the room sees it best alone (0: all four)
    if (on) one('raster');
    else { root.classList.remove('controls-open'); one(null); }
    if (write) writeAddress(on);
    redrawAll();
  }

  function one(graphId) {
    if (graphId) root.setAttribute('data-present-one', graphId);
    else root.removeAttribute('data-present-one');
  }

  function drawer(open) {
    root.classList.toggle('controls-open', open);
    var button = document.getElementById('present-controls');
    if (button) button.setAttribute('aria-expanded', open ? 'true' : 'false');
  }

  window.izhiPresent = {
    on: function () { setMode(true, true); },
    off: function () { setMode(false, true); },
    drawer: drawer,
    one: one,
  };

  // the address says: at load, and after back/forward or a link within the app
  function follow() { setMode(asked(), false); }
  follow();
  window.addEventListener('popstate', follow);
  window.addEventListener('_dashprivate_pushstate', follow);

  document.addEventListener('click', function (e) {
    var t = e.target.closest && e.target.closest('button');
    if (!t) return;
    if (t.id === 'present-enter') window.izhiPresent.on();
    else if (t.id === 'present-leave') window.izhiPresent.off();
    else if (t.id === 'present-controls') drawer(!root.classList.contains('controls-open'));
  });

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))
      && el.type !== 'range' && el.type !== 'radio' && el.type !== 'checkbox';
  }

  document.addEventListener('keydown', function (e) {
    if (!presenting() || e.altKey || e.ctrlKey || e.metaKey) return;
    // letters are the box's while typing; Escape is everyone's, but a dropdown's own
    // (it closes its menu)
    if (e.key === 'Escape' ? e.target.closest && e.target.closest('.dash-dropdown')
        : typing(e.target)) return;
    var k = e.key, lessons = window.izhiLessons;
    if (k === 'c' || k === 'C') drawer(!root.classList.contains('controls-open'));
    else if ((k === 'p' || k === 'P') && window.izhiPlayback) window.izhiPlayback.toggle();
    else if (k >= '1' && k <= '4') one(GRAPHS[Number(k) - 1]);
    else if (k === '0') one(null);
    else if ((k === 'n' || k === 'N') && lessons && lessons.next) lessons.next();
    else if ((k === 'b' || k === 'B') && lessons && lessons.previous) lessons.previous();
    else if (k === 'Escape') {
      if (root.classList.contains('controls-open')) drawer(false); else window.izhiPresent.off();
    } else return;
    e.preventDefault();
  });
})();
