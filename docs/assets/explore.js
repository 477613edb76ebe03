/* The explore page of the Inclusive Cities Hub: filters over the practices.

   The page holds every practice as a card, readable without this script.
   The script reads practices/explore.json (each practice's facet values as
   indexes into the facets' choices), shows the filter form, and on each change
   shows the matching cards, updates each choice's count (how many practices
   have that choice among those the other facets let through), keeps the filters in the URL's query string, and
   offers the matching practices as CSV or JSON. The words filter finds words
   without their accents, writing text in ASCII with the table the build
   derives from the hub's transliteration (cityhub/content/transliteration.py),
   as slugs and site search do: "Lodz" finds the city written with its
   diacritics. (The words filter is
   "words", not "q": the theme reads "q" as a search to open.) Facets combine with AND,
   choices within one facet with OR. */
(function () {
  "use strict";

  var root = document.getElementById("hub-explore");
  if (!root || !window.fetch) return;

  var PAGE = 60;
  var t = window.HubMessages.t, tn = window.HubMessages.tn;
  var form = document.getElementById("hub-filters");
  var panel = document.getElementById("hub-filter-panel");
  var status = document.getElementById("hub-result-count");
  var more = document.getElementById("hub-more");
  var downloads = document.getElementById("hub-downloads");
  var cards = {};
  Array.prototype.forEach.call(root.querySelectorAll("[data-practice]"), function (card) {
    cards[card.getAttribute("data-practice")] = card;
  });

  var facets = [];      // [{id, values, index: {value: i}, inputs: [input by choice], counts: [span]}]
  var rows = [];        // [slug, started, [choice indexes] per facet]
  var texts = null;     // folded text of each card, read on the first text search
  var letters = Object.create(null);  // character: its ASCII form, from explore.json
  var matches = [];     // indexes of the matching rows
  var shown = PAGE;
  var visible = {};     // slugs currently shown

  fetch(root.getAttribute("data-explore"))
    .then(function (response) { return response.json(); })
    .then(start)
    .catch(function () { /* the full list stays as it is */ });

  function start(data) {
    rows = data.practices;
    Object.keys(data.letters).forEach(function (form) {
      Array.from(data.letters[form]).forEach(function (c) { letters[c] = form; });
    });
    facets = data.facets.map(function (facet) {
      var index = {};
      facet.values.forEach(function (value, i) { index[value] = i; });
      var inputs = [], counts = [];
      Array.prototype.forEach.call(form.querySelectorAll('input[name="' + facet.id + '"]'),
        function (input) {
          var i = index[input.value];
          if (i === undefined) return;
          inputs[i] = input;
          counts[i] = input.parentNode.querySelector("[data-count]");
        });
      return {id: facet.id, values: facet.values, index: index, inputs: inputs, counts: counts};
    });
    rows.forEach(function (row) { visible[row[0]] = true; });
    form.hidden = false;
    root.classList.add("hub-explore--ready");
    downloads.hidden = false;
    if (window.matchMedia && window.matchMedia("(max-width: 59.9375em)").matches) {
      panel.open = false;
    }
    readURL();
    update(false);
    form.addEventListener("change", function (event) {
      if (event.target.name === "words") return;
      shown = PAGE;
      update("push");
    });
    var typing;
    form.elements.words.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { shown = PAGE; update("replace"); }, 150);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () {
      setTimeout(function () { shown = PAGE; update("push"); }, 0);
    });
    window.addEventListener("popstate", function () { readURL(); shown = PAGE; update(false); });
    more.addEventListener("click", function () { shown += PAGE; render(); });
    Array.prototype.forEach.call(downloads.querySelectorAll("[data-download]"), function (button) {
      button.addEventListener("click", function () { download(button.getAttribute("data-download")); });
    });
  }

  // The filters ---------------------------------------------------------------

  function readURL() {
    var params = new URLSearchParams(window.location.search);
    facets.forEach(function (facet) {
      var chosen = params.getAll(facet.id);
      facet.inputs.forEach(function (input) {
        if (input) input.checked = chosen.indexOf(input.value) !== -1;
      });
    });
    form.elements.words.value = params.get("words") || "";
    form.elements.from.value = params.get("from") || "";
    form.elements.to.value = params.get("to") || "";
  }

  function writeURL(mode) {
    var params = new URLSearchParams();
    facets.forEach(function (facet) {
      facet.inputs.forEach(function (input) {
        if (input && input.checked) params.append(facet.id, input.value);
      });
    });
    ["words", "from", "to"].forEach(function (name) {
      var value = form.elements[name].value.trim();
      if (value) params.set(name, value);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    window.history[mode === "push" ? "pushState" : "replaceState"](null, "", url);
  }

  function selection() {
    return facets.map(function (facet) {
      var chosen = null;
      facet.inputs.forEach(function (input, i) {
        if (input && input.checked) (chosen = chosen || {})[i] = true;
      });
      return chosen;
    });
  }

  function fold(text) {
    return text.replace(/[^\x00-\x7f]/gu, function (c) {
      return c in letters ? letters[c] : c;
    }).toLowerCase();
  }

  function year(name) {
    var value = parseInt(form.elements[name].value, 10);
    return isNaN(value) ? null : value;
  }

  function passesText(r, words) {
    if (!words.length) return true;
    if (!texts) {
      texts = rows.map(function (row) {
        var card = cards[row[0]];
        return card ? fold(card.textContent) : "";
      });
    }
    for (var w = 0; w < words.length; w++) {
      if (texts[r].indexOf(words[w]) === -1) return false;
    }
    return true;
  }

  // Matching and counting: one pass over the practices. A practice counts for
  // a choice when it passes every facet but (perhaps) that choice's own.
  function filter() {
    var chosen = selection();
    var from = year("from"), to = year("to");
    var words = fold(form.elements.words.value).split(/\s+/).filter(Boolean);
    var counts = facets.map(function (facet) { return new Array(facet.values.length).fill(0); });
    var found = [];
    for (var r = 0; r < rows.length; r++) {
      var row = rows[r];
      if ((from !== null && row[1] < from) || (to !== null && row[1] > to)) continue;
      if (!passesText(r, words)) continue;
      var failed = -1, failures = 0;
      for (var f = 0; f < facets.length && failures < 2; f++) {
        if (chosen[f] && !row[2 + f].some(function (i) { return chosen[f][i]; })) {
          failed = f;
          failures++;
        }
      }
      if (failures === 0) {
        found.push(r);
        for (f = 0; f < facets.length; f++) tally(counts[f], row[2 + f]);
      } else if (failures === 1) {
        tally(counts[failed], row[2 + failed]);
      }
    }
    return {found: found, counts: counts};
  }

  function tally(counts, choices) {
    for (var i = 0; i < choices.length; i++) counts[choices[i]]++;
  }

  function update(mode) {
    var result = filter();
    matches = result.found;
    facets.forEach(function (facet, f) {
      facet.counts.forEach(function (span, i) {
        if (!span) return;
        var n = result.counts[f][i];
        if (span.textContent !== String(n)) span.textContent = n;
        span.parentNode.classList.toggle("hub-facet__choice--none", n === 0);
      });
    });
    render();
    if (mode) writeURL(mode);
  }

  function render() {
    var next = {};
    var limit = Math.min(shown, matches.length);
    for (var i = 0; i < limit; i++) next[rows[matches[i]][0]] = true;
    // Touch only the cards whose state changes: at most two pages of them.
    var slug;
    for (slug in visible) if (!next[slug] && cards[slug]) cards[slug].hidden = true;
    for (slug in next) if (!visible[slug] && cards[slug]) cards[slug].hidden = false;
    visible = next;
    var total = matches.length;
    var filtered = total !== rows.length;
    var from = year("from"), to = year("to");
    var count = filtered ?
      tn("%(num)d practice matches the filters", "%(num)d practices match the filters", total) :
      tn("%(num)d practice", "%(num)d practices", total);
    status.textContent = (limit < total ?
      t("%(count)s; showing the first %(shown)s.", {count: count, shown: limit}) :
      t("%(count)s.", {count: count})) +
      (from !== null && to !== null && from > to ?
        " " + t("The start year range is empty: \u201cfrom\u201d is after \u201cto\u201d.") : "");
    downloads.hidden = total === 0;
    more.hidden = limit >= total;
    more.textContent = t("Show %(count)s more", {count: Math.min(PAGE, total - limit)});
  }

  // Downloads: the hub's own data files, cut to the practices shown ----------

  function download(kind) {
    var keep = {};
    matches.forEach(function (r) { keep[rows[r][0]] = true; });
    var url = root.getAttribute(kind === "csv" ? "data-export-csv" : "data-export-json");
    fetch(url).then(function (response) { return response.text(); }).then(function (text) {
      var body = kind === "csv" ? cutCSV(text, keep) : cutJSON(text, keep);
      var blob = new Blob([body], {type: kind === "csv" ? "text/csv;charset=utf-8" : "application/json"});
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "inclusive-cities-practices." + kind;
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
  }

  function cutJSON(text, keep) {
    var data = JSON.parse(text);
    data.practices = data.practices.filter(function (p) { return keep[p.slug]; });
    data.count = data.practices.length;
    return JSON.stringify(data, null, 2) + "\n";
  }

  // A CSV record ends at a line break outside quotes; its first field is the
  // slug, which never needs quoting.
  function cutCSV(text, keep) {
    var out = [], start = 0, quoted = false;
    for (var i = 0; i <= text.length; i++) {
      var c = text[i];
      if (c === '"') quoted = !quoted;
      else if ((c === "\n" || i === text.length) && !quoted) {
        var record = text.slice(start, i + 1);
        var slug = record.replace(/^\ufeff/, "").split(",", 1)[0];
        if (start === 0 || keep[slug]) out.push(record);
        start = i + 1;
      }
    }
    return out.join("");
  }
})();
