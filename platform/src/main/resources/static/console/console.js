// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  // htmx requests that change state carry the CSRF token the page was rendered with.
  document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var absolute = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short'
  });
  var relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  var steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];

  function ago(date) {
    var amount = (date.getTime() - Date.now()) / 1000;
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(amount) < steps[i][0]) {
        return relative.format(Math.round(amount), steps[i][1]);
      }
      amount /= steps[i][0];
    }
    return '';
  }

  // Instants: relative for recent ones, absolute in the reader's zone (zone named) otherwise and on hover.
  function localiseTimes(root) {
    root.querySelectorAll('time.instant[datetime]').forEach(function (element) {
      var date = new Date(element.getAttribute('datetime'));
      if (isNaN(date)) {
        return;
      }
      var full = absolute.format(date) + ' (' + zone + ')';
      var recent = Math.abs(Date.now() - date.getTime()) < 7 * 24 * 3600 * 1000;
      element.textContent = recent ? ago(date) : absolute.format(date);
      element.title = full;
    });
  }

  // Charts: <figure class="chart" data-series='{"x":[epochSeconds…],"series":[{"label":"Revenue","values":[…]}],"yLabel":"USD"}'>
  function drawCharts(root) {
    if (typeof uPlot === 'undefined') {
      return;
    }
    root.querySelectorAll('figure.chart[data-series]:not([data-drawn])').forEach(function (figure) {
      var spec = JSON.parse(figure.getAttribute('data-series'));
      var palette = ['#2f5fa7', '#c2571a', '#2e7d4f', '#7b4fa3', '#8a6d1f'];
      var options = {
        width: Math.max(280, figure.clientWidth - 8),
        height: 220,
        series: [{ label: spec.xLabel || 'Day' }].concat(spec.series.map(function (s, i) {
          return { label: s.label, stroke: palette[i % palette.length], width: 2 };
        })),
        axes: [{ label: spec.xLabel || 'Day' }, { label: spec.yLabel || '' }],
        scales: { x: { time: spec.time !== false } }
      };
      var data = [spec.x].concat(spec.series.map(function (s) { return s.values; }));
      var holder = document.createElement('div');
      figure.insertBefore(holder, figure.querySelector('figcaption'));
      new uPlot(options, data, holder);
      figure.setAttribute('data-drawn', 'true');
    });
  }

  function enhance(root) {
    localiseTimes(root);
    drawCharts(root);
  }

  // After a swap htmx gives the focus back to the control with the old one's id; a control the server marked
  // autofocus (what a keyboard user just added, or what follows what they removed) is where they go on instead.
  function placeFocus(root) {
    var marked = root.querySelector('[autofocus]');
    if (marked && document.activeElement !== marked) {
      marked.focus();
    }
  }

  document.addEventListener('DOMContentLoaded', function () { enhance(document); });
  document.addEventListener('htmx:afterSettle', function (event) {
    enhance(event.target);
    placeFocus(event.target);
  });
})();
