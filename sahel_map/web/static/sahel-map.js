/* Sahel Map in the browser: layers that filter themselves by day, and the in-map time control.
 *
 * Every feature the app publishes carries its own marker, style, popup and tooltip (built and
 * escaped in Python, sahel_map.web.features) and its time span as day numbers (_t0, _t1: days
 * since 1970-01-01, null for an open end). The map keeps each layer's features and shows the
 * ones active on the current day, by the same rule as sahel_map.view.timeline:
 *
 *     start <= day < end      (events: start <= day and start > day - window)
 *
 * so moving the date never asks the server for anything: only the features whose state changes
 * are added or removed. SahelMap.setDay(day) is called by the page's time control, the in-map
 * control (exports) and by the layers the server sends on each rerun.
 */
(function (root) {
  'use strict';
  if (root.SahelMap) { return; }

  var DAY_MS = 86400000;

  function dayNumber(iso) {
    return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
  }

  function isoDay(n) {
    return new Date(n * DAY_MS).toISOString().slice(0, 10);
  }

  /* The one time rule. p._t0/p._t1: day numbers or null; windowDays: null or a number of days. */
  function active(p, day, windowDays) {
    var start = p._t0, end = p._t1;
    if (start !== null && start !== undefined && start > day) { return false; }
    if (end !== null && end !== undefined && day >= end) { return false; }
    if (windowDays !== null && windowDays !== undefined && start !== null && start !== undefined) {
      return start > day - windowDays;
    }
    return true;
  }

  var SahelMap = {
    day: null,
    /* a click on a marker is also a click on the map (set by the pages that ask, see ClickThrough) */
    clickThrough: false,
    /* which page time control this map follows while the viewer drags it (the page's key) */
    follow: null,
    layers: [],
    cache: {},
    dayNumber: dayNumber,
    isoDay: isoDay,
    active: active,
    listeners: [],

    load: function (url) {
      if (!this.cache[url]) {
        this.cache[url] = fetch(url).then(function (r) {
          if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
          return r.json();
        });
      }
      return this.cache[url];
    },

    /* Show `day` (a day number or 'YYYY-MM-DD') on every layer of this page. */
    setDay: function (day) {
      if (typeof day === 'string') { day = dayNumber(day); }
      if (day === this.day) { return; }
      this.day = day;
      for (var i = 0; i < this.layers.length; i++) { this.layers[i].update(); }
      for (var j = 0; j < this.listeners.length; j++) { this.listeners[j](day); }
    },

    onDay: function (listener) { this.listeners.push(listener); },

    marker: function (p, latlng, scale) {
      var s = (p._size === undefined ? 18 : p._size) * scale;
      return L.marker(latlng, {
        icon: L.divIcon({html: p._icon, className: p._class || 'sahel-marker', iconSize: [s, s],
                         iconAnchor: [s / 2 - (p._dx || 0) * scale, s / 2 + (p._dy || 0) * scale]}),
        alt: p._label || '', title: p._label || '', riseOnHover: true, interactive: !!p._popup,
        keyboard: !!p._popup, pane: p._pane || 'markerPane'
      });
    },

    /* A leaflet layer for one feature, with its popup and tooltip. */
    draw: function (feature, scale) {
      var p = feature.properties;
      var layer = L.geoJSON(feature, {
        pointToLayer: function (f, latlng) { return SahelMap.marker(p, latlng, scale); },
        style: function () { return p._style || {}; },
        interactive: !!p._popup || !!p._tooltip,
        // shapes of a named pane (the analysis rings) stay above the basemap whatever order they load in
        pane: p._pane || 'overlayPane'
      });
      if (p._popup) { layer.bindPopup(p._popup, {maxWidth: 380, maxHeight: 360}); }
      // markers keep their clicks to themselves; on a page that asks, the map hears them too
      layer.on('click', function (e) {
        if (SahelMap.clickThrough && SahelMap.map && e.latlng && !(e.layer instanceof L.Path)) {
          SahelMap.map.fire('click', {latlng: e.latlng, layerPoint: e.layerPoint, containerPoint: e.containerPoint});
        }
      });
      if (p._tooltip) { layer.bindTooltip(p._tooltip, {sticky: true}); }
      return layer;
    },

    /* A layer: options {url | data, filter: {cats, ids, window, field}, scale}. */
    layer: function (options) {
      return new Layer(options);
    }
  };

  function Layer(options) {
    var self = this;
    this.options = options;
    this.filter = options.filter || null;
    this.scale = options.scale || 1;
    this.group = L.layerGroup();
    this.items = null;
    this.group.on('add', function () {
      if (SahelMap.layers.indexOf(self) < 0) { SahelMap.layers.push(self); }
      self.update();
    });
    this.group.on('remove', function () {
      var at = SahelMap.layers.indexOf(self);
      if (at >= 0) { SahelMap.layers.splice(at, 1); }
    });
    var data = options.data ? Promise.resolve(options.data) : SahelMap.load(options.url);
    this.ready = data.then(function (collection) {
      var cats = self.filter && self.filter.cats ? new Set(self.filter.cats) : null;
      var ids = self.filter && self.filter.ids ? new Set(self.filter.ids) : null;
      var field = self.filter && self.filter.field;
      self.items = collection.features.filter(function (f) {
        var p = f.properties;
        return (!cats || cats.has(p[field])) && (!ids || ids.has(p.id));
      }).map(function (f) { return {feature: f, layer: null, shown: false}; });
      self.update();
      return self;
    });
  }

  Layer.prototype.addTo = function (parent) { this.group.addTo(parent); return this; };

  /* Add the features that became active, remove those that ended: work in proportion to the change. */
  Layer.prototype.update = function () {
    if (!this.items) { return; }
    var day = SahelMap.day, windowDays = this.filter ? this.filter.window : null;
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      var wanted = day === null || active(item.feature.properties, day, windowDays);
      if (wanted && !item.shown) {
        if (!item.layer) { item.layer = SahelMap.draw(item.feature, this.scale); }
        this.group.addLayer(item.layer);
        item.shown = true;
      } else if (!wanted && item.shown) {
        this.group.removeLayer(item.layer);
        item.shown = false;
      }
    }
  };

  /* The ids of the features shown (for tests and the page's time control). */
  SahelMap.shownIds = function () {
    var ids = [];
    SahelMap.layers.forEach(function (layer) {
      (layer.items || []).forEach(function (item) { if (item.shown && item.feature.properties.id) { ids.push(item.feature.properties.id); } });
    });
    return ids;
  };

  /* Hold the map's first reports to Python until its layers are drawn, then send the last one.
   *
   * streamlit-folium reports the view as soon as the map exists, and again 250 ms after the map settles
   * on the centre it was given: two reruns, each re-rendering every widget of the page while this
   * frame is still fetching and drawing its layers (the frame shares the page's main thread). Python
   * already knows the centre and zoom it asked for; it needs the reported bounds only for exports, and
   * gets them once, when every layer fetched so far has arrived and reports have been quiet for
   * `quietMs` (at the latest after `latestMs`). Reports after that go straight through.
   */
  SahelMap.holdFirstReports = function (streamlit, quietMs, latestMs) {
    if (!streamlit || !streamlit.setComponentValue || streamlit.sahelHeld) { return; }
    var send = streamlit.setComponentValue, held, open = false, timer = null;
    streamlit.sahelHeld = true;
    function release() {
      if (open) { return; }
      open = true;
      clearTimeout(timer);
      if (held !== undefined) { send.call(streamlit, held); held = undefined; }
    }
    function releaseWhenDrawn() {
      var loads = Object.keys(SahelMap.cache).map(function (url) { return SahelMap.cache[url]; });
      Promise.all(loads.concat(SahelMap.layers.map(function (l) { return l.ready; })))
        .then(release, release);
    }
    streamlit.setComponentValue = function (value) {
      if (open) { return send.call(streamlit, value); }
      held = value;
      clearTimeout(timer);
      timer = setTimeout(releaseWhenDrawn, quietMs);
    };
    setTimeout(release, latestMs);
  };
  if (root.Streamlit) { SahelMap.holdFirstReports(root.Streamlit, 400, 5000); }

  /* Tag the map container with its zoom, so CSS can hide town labels when zoomed out. */
  SahelMap.attach = function (map) {
    SahelMap.map = map;
    // town and capital names above the markers, so a marker never hides a name; they take no clicks
    var labels = map.createPane('sahel-labels');
    labels.style.zIndex = 625;
    labels.style.pointerEvents = 'none';
    // analysis rings and lines: above the basemap and zones, below the markers; clicks go through
    var analysis = map.createPane('sahel-analysis');
    analysis.style.zIndex = 450;
    analysis.style.pointerEvents = 'none';
    // uploaded layers' canvas: over the basemap and our zones, under our markers
    map.createPane('sahel-uploads').style.zIndex = 450;
    function tag() { map.getContainer().setAttribute('data-zoom', Math.floor(map.getZoom())); }
    map.on('zoomend', tag);
    tag();
  };

  /* The in-map time control (standalone HTML exports): date, slider, play/pause, speed, keys. */
  SahelMap.timeControl = function (map, options) {
    var first = dayNumber(options.first), last = dayNumber(options.last);
    var control = L.control({position: options.position || 'bottomleft'});
    var playing = null;
    control.onAdd = function () {
      // built with DOM calls, never innerHTML, so no label can become markup
      var div = L.DomUtil.create('div', 'sahel-time-control leaflet-bar');
      var label = L.DomUtil.create('div', 'sahel-time-date', div);
      label.setAttribute('aria-live', 'polite');
      var row = L.DomUtil.create('div', 'sahel-time-row', div);
      var button = L.DomUtil.create('button', 'sahel-time-play', row);
      button.type = 'button';
      var range = L.DomUtil.create('input', 'sahel-time-range', row);
      range.type = 'range';
      range.min = first; range.max = last; range.step = 1;
      range.setAttribute('aria-label', options.labels.day);
      var speed = L.DomUtil.create('select', 'sahel-time-speed', row);
      speed.setAttribute('aria-label', options.labels.speed);
      [0.5, 1, 2, 4].forEach(function (value) {
        var option = L.DomUtil.create('option', '', speed);
        option.value = value; option.textContent = value + '\u00d7'; option.selected = value === 1;
      });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      function show(day) {
        range.value = day;
        label.textContent = options.format ? options.format(isoDay(day)) : isoDay(day);
      }
      SahelMap.onDay(show);
      range.addEventListener('input', function () { SahelMap.setDay(+range.value); });
      function stop() {
        if (playing) { cancelAnimationFrame(playing); playing = null; }
        button.textContent = '\u25b6';
        button.setAttribute('aria-label', options.labels.play);
      }
      stop();
      function play() {
        // the whole span in `seconds` at 1x speed
        var perMs = (last - first) / (options.seconds * 1000), before = null, at = SahelMap.day;
        if (at >= last) { at = first; }
        button.textContent = '\u275a\u275a';
        button.setAttribute('aria-label', options.labels.pause);
        function frame(now) {
          if (before !== null) { at = Math.min(last, at + (now - before) * perMs * +speed.value); }
          before = now;
          SahelMap.setDay(Math.floor(at));
          if (at >= last) { stop(); return; }
          playing = requestAnimationFrame(frame);
        }
        playing = requestAnimationFrame(frame);
      }
      button.addEventListener('click', function () { if (playing) { stop(); } else { play(); } });
      div.addEventListener('keydown', function (e) {
        var steps = {ArrowLeft: -1, ArrowRight: 1, ArrowDown: -1, ArrowUp: 1, PageDown: -30, PageUp: 30};
        var day = SahelMap.day;
        if (e.key in steps) { day += steps[e.key]; } else if (e.key === 'Home') { day = first; }
        else if (e.key === 'End') { day = last; } else { return; }
        e.preventDefault();
        SahelMap.setDay(Math.max(first, Math.min(last, day)));
      });
      if (SahelMap.day !== null) { show(SahelMap.day); }
      return div;
    };
    control.addTo(map);
    return control;
  };

  /* An uploaded layer (sahel_map.web.uploads): points as circle markers on one canvas, other geometries as
   * GeoJSON, all filtered by day with the same rule as our layers. Every text in `options` was escaped in
   * Python; the popup only joins those pieces. The parsed features are kept by key across reruns, so a
   * rerun that only moves the day rebuilds nothing. */
  SahelMap.kept = {};

  function cell(options, column, row) {
    var c = options.cells[column];
    return c.codes === 'row' ? c.values[row] : c.codes ? c.values[c.codes[row]] : c.values[0];
  }

  function popupHtml(options, row) {
    var rows = '';
    for (var i = 0; i < options.columns.length; i++) {
      var value = cell(options, i, row);
      if (value) {
        rows += '<tr><th style="text-align:left;vertical-align:top;padding-right:6px">' + options.columns[i] +
          '</th><td>' + value + '</td></tr>';
      }
    }
    return '<div class="sahel-popup sahel-upload-popup" style="max-width:340px"><b>' + options.title +
      '</b><table style="font-size:12px">' + rows + '</table></div>';
  }

  function tooltipHtml(options, row) {
    return options.tip.map(function (i) { return cell(options, i, row); }).filter(Boolean).join(' \u00b7 ');
  }

  /* `options` is the whole payload (an HTML export) or {key, url}: the payload at an address of the
   * viewer's session, fetched once per key and kept across reruns (a rerun sends only the address). */
  function UploadLayer(options) {
    var self = this;
    this.options = null;
    this.items = [];
    this.added = false;
    this.group = L.layerGroup();
    this.group.on('add', function () {
      self.added = true;
      if (SahelMap.layers.indexOf(self) < 0) { SahelMap.layers.push(self); }
      self.update();
    });
    this.group.on('remove', function () {
      self.added = false;
      var at = SahelMap.layers.indexOf(self);
      if (at >= 0) { SahelMap.layers.splice(at, 1); }
    });
    var kept = SahelMap.kept[options.key];
    var payload = kept ? Promise.resolve(kept.options) :
      options.url ? fetch(options.url).then(function (r) {
        if (!r.ok) { throw new Error('uploaded layer: HTTP ' + r.status); }
        return r.json();
      }) : Promise.resolve(options);
    this.ready = payload.then(function (full) {
      self.build(full, SahelMap.kept[full.key]);
      if (self.added) { self.update(); }
      return self;
    });
  }

  UploadLayer.prototype.build = function (options, kept) {
    this.options = options;
    this.filter = {window: options.window};
    if (kept) {
      kept.items.forEach(function (item) { item.shown = false; });
      this.items = kept.items;
      this.renderer = kept.renderer;
      return;
    }
    // its own pane over our SVG layers (Leaflet puts canvases under SVG in a shared pane)
    this.renderer = L.canvas({padding: 0.3, pane: 'sahel-uploads'});
    var items = [];
    for (var i = 0; i < options.n; i++) {
      if (options.x[i] !== null) {
        items.push({feature: {properties: {_t0: options.t0[i], _t1: options.t1[i]}}, row: i, layer: null,
                    shown: false});
      }
    }
    options.shapes.features.forEach(function (f) {
      var i = f.properties._i;
      f.properties._t0 = options.t0[i];
      f.properties._t1 = options.t1[i];
      items.push({feature: f, row: i, layer: null, shown: false, shape: true});
    });
    this.items = items;
    if (Object.keys(SahelMap.kept).length >= 8) { SahelMap.kept = {}; }  // older states of the layers go
    SahelMap.kept[options.key] = {items: items, renderer: this.renderer, options: options};
  };

  UploadLayer.prototype.addTo = function (parent) { this.group.addTo(parent); return this; };

  UploadLayer.prototype.make = function (item) {
    var options = this.options, colour = options.colour, renderer = this.renderer, row = item.row, layer;
    var tip = tooltipHtml(options, row);
    if (!item.shape) {
      var radius = typeof options.r === 'number' ? options.r : options.r[row];
      layer = L.circleMarker([options.y[row], options.x[row]], {
        renderer: renderer, radius: radius, color: '#222222', weight: 0.6, fillColor: colour, fillOpacity: 0.75
      });
      layer.bindPopup(function () { return popupHtml(options, row); }, {maxWidth: 380, maxHeight: 360});
      if (tip) { layer.bindTooltip(tip); }
    } else {
      layer = L.geoJSON(item.feature, {
        style: function () { return {color: colour, weight: 2, fillColor: colour, fillOpacity: 0.25}; }
      });
      layer.bindPopup(function () { return popupHtml(options, row); }, {maxWidth: 380, maxHeight: 360});
      if (tip) { layer.bindTooltip(tip, {sticky: true}); }
    }
    return layer;
  };

  /* The same walk as Layer.update: only features whose state changes are added or removed. */
  UploadLayer.prototype.update = function () {
    if (!this.options) { return; }  // still arriving: drawn when it has
    var day = SahelMap.day, windowDays = this.filter.window;
    for (var i = 0; i < this.items.length; i++) {
      var item = this.items[i];
      var wanted = day === null || active(item.feature.properties, day, windowDays);
      if (wanted && !item.shown) {
        if (!item.layer) { item.layer = this.make(item); }
        this.group.addLayer(item.layer);
        item.shown = true;
      } else if (!wanted && item.shown) {
        this.group.removeLayer(item.layer);
        item.shown = false;
      }
    }
  };

  /* How many features of each uploaded layer are drawn (for tests and the benchmark). */
  SahelMap.uploadCounts = function () {
    return SahelMap.layers.filter(function (l) { return l instanceof UploadLayer; }).map(function (l) {
      return l.items.filter(function (item) { return item.shown; }).length;
    });
  };

  SahelMap.uploadLayer = function (options) { return new UploadLayer(options); };

  root.SahelMap = SahelMap;
})(typeof window !== 'undefined' ? window : globalThis);
