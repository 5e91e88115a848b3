// Draws every chart of the report from the JSON embedded in it: points or lines per series, axes with ticks, a legend,
// a drag to zoom into a time range (double-click to reset) and the frame number of the nearest point on hover.
// No library and no network: the report must open offline and as an e-mail attachment.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
  var W = 640, H = 340, M = { left: 70, right: 12, top: 8, bottom: 36 };

  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var key in attrs) { node.setAttribute(key, attrs[key]); }
    if (parent) { parent.appendChild(node); }
    return node;
  }

  function ticks(min, max, count) {
    var span = max - min;
    if (!(span > 0)) { return [min]; }
    var step = Math.pow(10, Math.floor(Math.log10(span / count)));
    var err = span / count / step;
    step *= err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1;
    var out = [];
    for (var v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) { out.push(v); }
    return out;
  }

  function label(v) {
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e6 || a < 1e-3)) { return v.toExponential(2); }
    return String(Math.round(v * 1000) / 1000);
  }

  function extent(chart, x0, x1) {
    var xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    chart.series.forEach(function (s) {
      for (var i = 0; i < s.x.length; i++) {
        var x = s.x[i];
        if (x0 != null && (x < x0 || x > x1)) { continue; }
        if (x < xmin) { xmin = x; } if (x > xmax) { xmax = x; }
        if (s.y[i] < ymin) { ymin = s.y[i]; } if (s.y[i] > ymax) { ymax = s.y[i]; }
      }
    });
    if (x0 != null) { xmin = x0; xmax = x1; }
    if (!isFinite(xmin)) { xmin = 0; xmax = 1; }
    if (!isFinite(ymin)) { ymin = 0; ymax = 1; }
    if (xmax === xmin) { xmax = xmin + 1; }
    if (ymax === ymin) { ymax = ymin + 1; }
    var pad = (ymax - ymin) * 0.04;
    return { xmin: xmin, xmax: xmax, ymin: ymin - pad, ymax: ymax + pad };
  }

  function draw(box, chart, range) {
    var svg = box.querySelector("svg");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var e = extent(chart, range && range[0], range && range[1]);
    var pw = W - M.left - M.right, ph = H - M.top - M.bottom;
    var sx = function (x) { return M.left + (x - e.xmin) / (e.xmax - e.xmin) * pw; };
    var sy = function (y) { return M.top + ph - (y - e.ymin) / (e.ymax - e.ymin) * ph; };
    var grid = el("g", { "class": "grid" }, svg), axis = el("g", { "class": "axis" }, svg);
    ticks(e.xmin, e.xmax, 8).forEach(function (t) {
      el("line", { x1: sx(t), x2: sx(t), y1: M.top, y2: M.top + ph }, grid);
      el("text", { x: sx(t), y: H - M.bottom + 14, "text-anchor": "middle" }, axis).textContent = label(t);
    });
    ticks(e.ymin, e.ymax, 6).forEach(function (t) {
      el("line", { x1: M.left, x2: M.left + pw, y1: sy(t), y2: sy(t) }, grid);
      el("text", { x: M.left - 6, y: sy(t) + 3, "text-anchor": "end" }, axis).textContent = label(t);
    });
    el("path", { d: "M" + M.left + "," + M.top + "V" + (M.top + ph) + "H" + (M.left + pw), fill: "none" }, axis);
    el("text", { x: M.left + pw / 2, y: H - 4, "text-anchor": "middle" }, axis).textContent = chart.xLabel;
    el("text", { x: 12, y: M.top + ph / 2, "text-anchor": "middle", transform: "rotate(-90 12 " + (M.top + ph / 2) + ")" }, axis).textContent = chart.yLabel;
    var clip = "clip-" + box.id;
    el("rect", { x: M.left, y: M.top, width: pw, height: ph }, el("clipPath", { id: clip }, el("defs", {}, svg)));
    var plot = el("g", { "clip-path": "url(#" + clip + ")" }, svg);
    var visible = [];
    chart.series.forEach(function (s, k) {
      var color = COLORS[k % COLORS.length];
      if (s.points) {
        var d = "";
        for (var i = 0; i < s.x.length; i++) {
          if (s.x[i] < e.xmin || s.x[i] > e.xmax) { continue; }
          var px = sx(s.x[i]), py = sy(s.y[i]);
          d += "M" + (px - 1.6).toFixed(1) + "," + py.toFixed(1) + "h3.2";
          visible.push({ px: px, py: py, s: s, i: i });
        }
        el("path", { d: d, stroke: color, "stroke-width": 3.2, "stroke-linecap": "round", fill: "none" }, plot);
      } else {
        var pts = [];
        for (var j = 0; j < s.x.length; j++) {
          pts.push(sx(s.x[j]).toFixed(1) + "," + sy(s.y[j]).toFixed(1));
          if (s.x[j] >= e.xmin && s.x[j] <= e.xmax) { visible.push({ px: sx(s.x[j]), py: sy(s.y[j]), s: s, i: j }); }
        }
        el("polyline", { points: pts.join(" "), stroke: color, "stroke-width": 1.5, fill: "none" }, plot);
      }
    });
    box.visible = visible;
    box.scale = { e: e, pw: pw };
  }

  function setup(box, chart) {
    box.innerHTML = "";
    var title = document.createElement("p");
    title.className = "title";
    title.textContent = chart.title;
    box.appendChild(title);
    var svg = el("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": chart.title }, null);
    box.appendChild(svg);
    var legend = document.createElement("div");
    legend.className = "legend";
    chart.series.forEach(function (s, k) {
      var item = document.createElement("span"), swatch = document.createElement("i");
      swatch.style.background = COLORS[k % COLORS.length];
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(s.name + " (" + s.x.length + ")"));
      legend.appendChild(item);
    });
    box.appendChild(legend);
    var hint = document.createElement("div");
    hint.className = "hint";
    hint.textContent = "Drag across the chart to zoom into a time range; double-click to see it all." + (chart.note ? " " + chart.note : "");
    box.appendChild(hint);
    var tip = document.createElement("div");
    tip.className = "tip";
    box.appendChild(tip);
    draw(box, chart, null);

    function local(ev) {
      var r = svg.getBoundingClientRect();
      return { x: (ev.clientX - r.left) * W / r.width, y: (ev.clientY - r.top) * H / r.height, r: r };
    }
    var start = null, band = null;
    svg.addEventListener("mousedown", function (ev) {
      start = local(ev).x;
      band = el("rect", { "class": "selection", x: start, y: M.top, width: 0, height: H - M.top - M.bottom }, svg);
    });
    svg.addEventListener("mousemove", function (ev) {
      var p = local(ev);
      if (start !== null && band) {
        band.setAttribute("x", Math.min(start, p.x));
        band.setAttribute("width", Math.abs(p.x - start));
      }
      var best = null, bestD = 64;
      (box.visible || []).forEach(function (v) {
        var d = (v.px - p.x) * (v.px - p.x) + (v.py - p.y) * (v.py - p.y);
        if (d < bestD) { bestD = d; best = v; }
      });
      if (best) {
        var frame = best.s.frames ? "frame " + best.s.frames[best.i] + ", " : "";
        tip.textContent = frame + best.s.name + ": " + label(best.s.x[best.i]) + ", " + label(best.s.y[best.i]);
        tip.style.display = "block";
        tip.style.left = (best.px * p.r.width / W + 12) + "px";
        tip.style.top = (best.py * p.r.height / H + 20) + "px";
      } else {
        tip.style.display = "none";
      }
    });
    svg.addEventListener("mouseleave", function () { tip.style.display = "none"; });
    window.addEventListener("mouseup", function (ev) {
      if (start === null) { return; }
      var end = local(ev).x, s = box.scale;
      if (band && band.parentNode) { band.parentNode.removeChild(band); }
      band = null;
      if (Math.abs(end - start) > 4) {
        var toX = function (px) { return s.e.xmin + (Math.min(Math.max(px, M.left), M.left + s.pw) - M.left) / s.pw * (s.e.xmax - s.e.xmin); };
        draw(box, chart, [toX(Math.min(start, end)), toX(Math.max(start, end))]);
      }
      start = null;
    });
    svg.addEventListener("dblclick", function () { draw(box, chart, null); });
  }

  var data = JSON.parse(document.getElementById("chart-data").textContent);
  Array.prototype.forEach.call(document.querySelectorAll(".chart[data-chart]"), function (box) {
    var chart = data[box.getAttribute("data-chart")];
    if (chart) { setup(box, chart); }
  });
  document.body.setAttribute("data-charts-drawn", String(document.querySelectorAll(".chart svg").length));
})();
