/*
 * Usage charts of the console: a small SVG area chart drawn from the JSON the page carries
 * (#usage-data: fromMs, stepMs and one array per figure). No library, nothing fetched; attributes
 * only (no inline styles), as the content security policy requires. Each chart is an image with
 * a text summary for screen readers; pointer or arrow keys show one minute's value.
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var HEIGHT = 180, LEFT = 44, RIGHT = 10, TOP = 12, BOTTOM = 26;

  function el(name, attrs, parent) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) { if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]); }
    if (parent) parent.appendChild(e);
    return e;
  }

  function hhmm(ms) {
    var d = new Date(ms);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(d.getUTCHours()) + ":" + two(d.getUTCMinutes());
  }

  function fmt(n) {
    if (n >= 1e9) return (n / 1e9).toFixed(n >= 1e10 ? 0 : 1) + "G";
    if (n >= 1e6) return (n / 1e6).toFixed(n >= 1e7 ? 0 : 1) + "M";
    if (n >= 1e4) return (n / 1e3).toFixed(0) + "k";
    return String(n);
  }

  /** The smallest of 1, 2, 5 × 10^k at or above max, so the top gridline reads as a round number. */
  function niceMax(max) {
    if (max <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log(max) / Math.LN10));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) { if (steps[i] * p >= max) return steps[i] * p; }
    return 10 * p;
  }

  function draw(fig, data) {
    var values = data[fig.getAttribute("data-series")] || [];
    var title = fig.getAttribute("data-title");
    var box = fig.querySelector(".usage-plot");
    var width = Math.max(260, box.clientWidth || 300);
    var n = values.length, max = 0, peakAt = 0;
    for (var i = 0; i < n; i++) { if (values[i] > max) { max = values[i]; peakAt = i; } }
    var top = niceMax(max);
    var plotW = width - LEFT - RIGHT, plotH = HEIGHT - TOP - BOTTOM;
    function x(i) { return LEFT + (n <= 1 ? 0 : i * plotW / (n - 1)); }
    function y(v) { return TOP + plotH - v / top * plotH; }
    var at = function (i) { return data.fromMs + i * data.stepMs; };

    box.textContent = "";
    var svg = el("svg", { width: width, height: HEIGHT, viewBox: "0 0 " + width + " " + HEIGHT, role: "img",
      tabindex: "0", "class": "usage-svg" }, box);
    var summary = title + " per minute, last 24 hours (UTC): highest " + max.toLocaleString("en") +
      (n ? " at " + hhmm(at(peakAt)) : "") + ", latest minute " + (n ? values[n - 1] : 0).toLocaleString("en") + ".";
    el("title", {}, svg).textContent = summary;
    svg.setAttribute("aria-label", summary);

    [0, 0.5, 1].forEach(function (f) {
      var gy = y(top * f);
      el("line", { x1: LEFT, x2: width - RIGHT, y1: gy, y2: gy, stroke: "#e2e6ef", "stroke-width": 1 }, svg);
      el("text", { x: LEFT - 6, y: gy + 4, "text-anchor": "end", "font-size": 11, fill: "#4b5563" }, svg)
        .textContent = fmt(top * f);
    });
    [0, Math.floor((n - 1) / 2), n - 1].forEach(function (i, k) {
      if (n === 0) return;
      el("text", { x: x(i), y: HEIGHT - 8, "font-size": 11, fill: "#4b5563",
        "text-anchor": k === 0 ? "start" : (k === 2 ? "end" : "middle") }, svg).textContent =
        hhmm(at(i)) + (k === 2 ? " UTC" : "");
    });

    if (n > 0) {
      var line = "";
      for (var j = 0; j < n; j++) { line += (j ? "L" : "M") + x(j).toFixed(1) + " " + y(values[j]).toFixed(1); }
      el("path", { d: line + "L" + x(n - 1).toFixed(1) + " " + y(0) + "L" + x(0).toFixed(1) + " " + y(0) + "Z",
        fill: "#4338ca", "fill-opacity": 0.12, stroke: "none" }, svg);
      el("path", { d: line, fill: "none", stroke: "#4338ca", "stroke-width": 1.5, "stroke-linejoin": "round" }, svg);
    }

    var cursor = el("line", { y1: TOP, y2: TOP + plotH, stroke: "#0f172a", "stroke-width": 1, visibility: "hidden" }, svg);
    var readout = el("text", { x: width - RIGHT, y: TOP + 2, "text-anchor": "end", "font-size": 12, "font-weight": 600,
      fill: "#111827", visibility: "hidden" }, svg);
    var shown = n - 1;
    function show(i) {
      if (n === 0) return;
      shown = Math.max(0, Math.min(n - 1, i));
      cursor.setAttribute("x1", x(shown)); cursor.setAttribute("x2", x(shown));
      cursor.setAttribute("visibility", "visible");
      readout.setAttribute("visibility", "visible");
      readout.textContent = hhmm(at(shown)) + " UTC: " + values[shown].toLocaleString("en");
    }
    function hide() { cursor.setAttribute("visibility", "hidden"); readout.setAttribute("visibility", "hidden"); }
    svg.addEventListener("pointermove", function (e) {
      var r = svg.getBoundingClientRect();
      show(Math.round((e.clientX - r.left - LEFT) / plotW * (n - 1)));
    });
    svg.addEventListener("pointerleave", hide);
    svg.addEventListener("blur", hide);
    svg.addEventListener("keydown", function (e) {
      var step = e.shiftKey ? 60 : 1;
      if (e.key === "ArrowLeft") { show(shown - step); e.preventDefault(); }
      else if (e.key === "ArrowRight") { show(shown + step); e.preventDefault(); }
      else if (e.key === "Home") { show(0); e.preventDefault(); }
      else if (e.key === "End") { show(n - 1); e.preventDefault(); }
    });
  }

  function start() {
    var source = document.getElementById("usage-data");
    if (!source) return;
    var data;
    try { data = JSON.parse(source.textContent); } catch (e) { return; }
    var figures = document.querySelectorAll(".usage-chart");
    function all() { for (var i = 0; i < figures.length; i++) draw(figures[i], data); }
    all();
    // Redrawn at the new width on the next frame (text keeps its size instead of being scaled).
    var last = window.innerWidth, pending = false;
    window.addEventListener("resize", function () {
      if (window.innerWidth === last || pending) return;
      pending = true;
      window.requestAnimationFrame(function () { pending = false; last = window.innerWidth; all(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
