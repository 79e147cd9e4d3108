// Redkit console: draws the charts (inline SVG from the JSON series API) and asks before destructive actions.
// Served from the console itself, so the Content-Security-Policy can forbid inline script.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];
  var W = 600, H = 160, PAD = 4;

  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  function draw(fig, data) {
    var svg = fig.querySelector('svg');
    var legend = fig.querySelector('.legend');
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    while (legend.firstChild) { legend.removeChild(legend.firstChild); }
    var t = data.t || [];
    var names = Object.keys(data.series || {});
    var max = 0;
    names.forEach(function (n) {
      data.series[n].forEach(function (v) { if (v !== null && v > max) { max = v; } });
    });
    if (max === 0) { max = 1; }
    var t0 = t.length ? t[0] : 0, t1 = t.length ? t[t.length - 1] : 1;
    var span = t1 > t0 ? t1 - t0 : 1;
    names.forEach(function (n, i) {
      var pts = [];
      data.series[n].forEach(function (v, j) {
        if (v === null) { return; }
        var x = t.length > 1 ? PAD + (t[j] - t0) / span * (W - 2 * PAD) : W / 2;
        var y = H - PAD - v / max * (H - 2 * PAD);
        pts.push(x.toFixed(1) + ',' + y.toFixed(1));
      });
      var color = COLORS[i % COLORS.length];
      if (pts.length) {
        svg.appendChild(el('polyline', {points: pts.join(' '), fill: 'none', stroke: color, 'stroke-width': '2',
          'vector-effect': 'non-scaling-stroke', 'class': 'line', 'data-name': n}));
      }
      var last = data.series[n].length ? data.series[n][data.series[n].length - 1] : null;
      var item = document.createElement('span');
      item.className = 'item';
      item.style.borderColor = color;
      item.textContent = n + ': ' + (last === null ? '-' : (Math.round(last * 10) / 10));
      legend.appendChild(item);
    });
    fig.setAttribute('data-points', String(t.length));
    var top = document.createElement('span');
    top.className = 'max';
    top.textContent = 'max ' + (Math.round(max * 10) / 10);
    legend.appendChild(top);
  }

  function load(fig) {
    fetch(fig.getAttribute('data-src'), {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { draw(fig, data); } })
      .catch(function () { fig.classList.add('stale'); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    var charts = Array.prototype.slice.call(document.querySelectorAll('figure.chart'));
    charts.forEach(load);
    if (charts.length) {
      setInterval(function () { charts.forEach(load); }, 5000);
    }
    Array.prototype.forEach.call(document.querySelectorAll('form.inline'), function (form) {
      var button = form.querySelector('button.danger');
      if (button) {
        form.addEventListener('submit', function (e) {
          if (!window.confirm(button.textContent + '?')) { e.preventDefault(); }
        });
      }
    });
  });
}());
