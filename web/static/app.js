// blandby: progressive enhancement of server-rendered pages. Every page
// works without this file; it adds sortable tables, charts (Chart.js) and
// the map (Leaflet).
(function () {
  "use strict";

  // --- List page: sortable tables and the map (the list page's part) ---

  // Sortable tables: each header with data-sort="text" or "num" gets a
  // button (reachable by keyboard, Enter or Space) that sorts by its
  // column; the header says how with aria-sort.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      // A link inside the header (such as "what do the codes mean?") stays
      // a link beside the button.
      button.querySelectorAll("a").forEach(function (a) { th.appendChild(document.createTextNode(" ")); th.appendChild(a); });
      var sort = function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th[aria-sort]").forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var num = th.dataset.sort === "num";
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var r;
          if (num) {
            r = (parseFloat(x.dataset.value || x.textContent) || 0) - (parseFloat(y.dataset.value || y.textContent) || 0);
          } else {
            r = x.textContent.trim().localeCompare(y.textContent.trim(), document.documentElement.lang);
          }
          return asc ? r : -r;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      };
      th.addEventListener("click", function (e) {
        if (e.target.closest("a")) { return; }
        sort();
      });
    });
  });

  // The what-if year choice reloads the form for that year.
  var year = document.getElementById("whatif-year");
  if (year) {
    year.addEventListener("change", function () {
      window.location = "/hvad-hvis?year=" + encodeURIComponent(year.value);
    });
  }

  // A break in a chart's series ({"break": {"index": i, "label": "…"}}):
  // a dashed vertical line before label i, with the label beside it. The
  // canvas gets data-break with the label once it is drawn.
  var seriesBreak = {
    id: "seriesBreak",
    afterDatasetsDraw: function (chart, args, opts) {
      if (!opts || !opts.index) { return; }
      var x = chart.scales.x, y = chart.scales.y, ctx = chart.ctx;
      var px = (x.getPixelForValue(opts.index - 1) + x.getPixelForValue(opts.index)) / 2;
      ctx.save();
      ctx.strokeStyle = "#111827";
      ctx.lineWidth = 1.5;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(px, y.top);
      ctx.lineTo(px, y.bottom);
      ctx.stroke();
      ctx.fillStyle = "#111827";
      ctx.font = "12px system-ui, sans-serif";
      ctx.fillText(opts.label, px + 4, y.top + 12);
      ctx.restore();
      chart.canvas.dataset.break = opts.label;
    }
  };

  // Charts: <canvas data-chart="ID"> with <script type="application/json" id="ID">.
  if (window.Chart) {
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var src = document.getElementById(canvas.dataset.chart);
      if (!src) { return; }
      var d = JSON.parse(src.textContent);
      new window.Chart(canvas, {
        type: d.type,
        plugins: [seriesBreak],
        data: {
          labels: d.labels,
          datasets: (d.datasets || []).map(function (s) {
            return {
              label: s.label, data: s.data, borderColor: s.color, backgroundColor: s.color,
              borderDash: s.dashed ? [6, 4] : [], spanGaps: false, tension: 0.15, pointRadius: 2
            };
          })
        },
        options: {
          // Numbers in the page's language ("140.000" on a Danish page),
          // not the browser's.
          locale: document.documentElement.lang === "en" ? "en-GB" : "da-DK",
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true } },
          plugins: { legend: { position: "bottom" }, seriesBreak: d.break || false }
        }
      });
    });
  }

  // The map: municipality borders and the areas of the list as filtered,
  // coloured by list. It shows the whole country, Bornholm included, or,
  // for a municipality or a search (data-fit="areas"), the areas found.
  var el = document.getElementById("map");
  if (el && window.L) {
    var colors = {
      omdannelse: "#7f1d1d", parallelsamfund: "#dc2626", udsat: "#f97316",
      forebyggelse: "#2563eb", none: "#9ca3af"
    };
    // Denmark from Skagen to Gedser and from Esbjerg to Bornholm.
    var denmark = window.L.latLngBounds([54.55, 8.05], [57.76, 15.2]);
    var map = window.L.map(el, { zoomSnap: 0.25, attributionControl: true });
    map.attributionControl.setPrefix(false);
    // What the map shows, west,south,east,north (for the tests).
    map.on("moveend", function () { el.dataset.bounds = map.getBounds().toBBoxString(); });
    map.fitBounds(denmark, { padding: [10, 10] });
    var get = function (url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(url + ": " + r.status); }
        return r.json();
      });
    };
    get(el.dataset.borders).then(function (borders) {
      window.L.geoJSON(borders, {
        style: { color: "#94a3b8", weight: 1, fillColor: "#f1f5f9", fillOpacity: 1 },
        interactive: false
      }).addTo(map);
      return get(el.dataset.areas);
    }).then(function (areas) {
      var layer = window.L.geoJSON(areas, {
        style: function (f) {
          var c = colors[f.properties.category] || colors.none;
          return { color: c, weight: 2, fillColor: c, fillOpacity: 0.6 };
        },
        // An area without a polygon is drawn where the data place it: a
        // dashed ring inside its municipality (placed: "municipality").
        pointToLayer: function (f, latlng) {
          var c = colors[f.properties.category] || colors.none;
          return window.L.circleMarker(latlng, {
            radius: 7, color: c, weight: 2, dashArray: "3 3", fillColor: c, fillOpacity: 0.35, className: "area-placed"
          });
        },
        onEachFeature: function (f, l) {
          var a = document.createElement("a");
          a.href = "/omraader/" + encodeURIComponent(f.properties.area_id);
          a.textContent = f.properties.area_name || f.properties.area_id;
          var div = document.createElement("div");
          div.appendChild(a);
          div.appendChild(document.createElement("br"));
          div.appendChild(document.createTextNode(f.properties.category_name || f.properties.category));
          if (f.properties.placed === "municipality") {
            div.appendChild(document.createElement("br"));
            var note = document.createElement("span");
            note.className = "placed-note";
            note.textContent = el.dataset.placedNote || "";
            div.appendChild(note);
          }
          l.bindPopup(div);
        }
      }).addTo(map);
      // The polygons are small at the scale of the country: a dot at each
      // area's centre keeps it visible.
      layer.eachLayer(function (l) {
        var shape = l.getElement && l.getElement();
        if (shape) { shape.dataset.area = l.feature.properties.area_id; }
        if (!l.getBounds) {
          return; // a point placed at its municipality is a marker already
        }
        var c = colors[l.feature.properties.category] || colors.none;
        window.L.circleMarker(l.getBounds().getCenter(), {
          radius: 4, color: c, weight: 1, fillColor: c, fillOpacity: 0.9, className: "area-dot"
        }).bindPopup(l.getPopup().getContent()).addTo(map);
      });
      el.dataset.areasDrawn = String(layer.getLayers().length);
      if (el.dataset.fit === "areas" && layer.getLayers().length > 0) {
        map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [20, 20] });
      }
    }).catch(function (err) {
      el.dataset.error = String(err);
      console.error(err);
    });
  }
  // --- end of the list page's part ---
})();

// ===== Letting form (/tildeling, web/templates/letting.html) =====
// After a decision, or a form refused for bad input, the focus starts at
// what the page answers: the decision, or the list of fields to correct.
// The household members not yet filled in (data-more) wait behind the
// "add a household member" button, which shows the next one and puts the
// focus in it. Without this script every member shows.
(function () {
  "use strict";
  var answer = document.getElementById("letting-errors") || document.getElementById("letting-result");
  if (answer) { answer.focus(); }
  var add = document.getElementById("letting-add-member");
  if (!add) { return; }
  var waiting = function () { return document.querySelectorAll("#letting-members fieldset[data-more][hidden]"); };
  document.querySelectorAll("#letting-members fieldset[data-more]").forEach(function (f) { f.hidden = true; });
  add.hidden = waiting().length === 0;
  add.addEventListener("click", function () {
    var next = waiting()[0];
    if (!next) { return; }
    next.hidden = false;
    var first = next.querySelector("select, input");
    if (first) { first.focus(); }
    add.hidden = waiting().length === 0;
  });
})();

// The plan form (/planer/{id}): "add another action" copies the last blank
// action row with the next row number; without JavaScript the form has its
// blank rows and a save adds more.
(function () {
  var button = document.getElementById("plan-add-row");
  var form = document.getElementById("plan-form");
  if (!button || !form) {
    return;
  }
  var rows = form.querySelector("input[name=rows]");
  button.hidden = false;
  button.addEventListener("click", function () {
    var blank = form.querySelectorAll("fieldset.action-row.new");
    var last = blank[blank.length - 1];
    if (!last || !rows) {
      return;
    }
    var from = Number(rows.value) - 1, to = from + 1;
    var row = last.cloneNode(true);
    var renumber = function (s) {
      return s.replace("actions[" + from + "]", "actions[" + to + "]").replace("actions-" + from + "-", "actions-" + to + "-");
    };
    row.id = "action-row-" + to;
    row.classList.remove("invalid");
    row.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
    row.querySelectorAll(".field.invalid").forEach(function (e) { e.classList.remove("invalid"); });
    row.querySelectorAll("input, select, label").forEach(function (el) {
      ["name", "id", "for"].forEach(function (a) {
        if (el.hasAttribute(a)) {
          el.setAttribute(a, renumber(el.getAttribute(a)));
        }
      });
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
      if (el.localName === "input") {
        el.value = "";
      } else if (el.localName === "select") {
        el.selectedIndex = 0;
      }
    });
    var legend = row.querySelector("legend");
    legend.textContent = legend.textContent.replace(String(from + 1), String(to + 1));
    last.after(row);
    rows.value = String(to + 1);
    row.querySelector("select").focus();
  });
})();
