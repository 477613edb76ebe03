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
   choices within one facet with OR. Words and years apply as they are typed,
   after a pause; the order (explore.json's "orders", the cards' own order by
   title being the default) is kept in the URL as "sort". A filter in the URL
   that the page does not know is reported with the closest one it does; when
   nothing matches, the page offers to remove the last filter, clear them all,
   or search the whole site. */
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
  var sort = document.getElementById("hub-sort");
  var notice = document.getElementById("hub-explore-notice");
  var none = document.getElementById("hub-explore-none");
  var list = root.querySelector(".hub-cards");
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
  var orders = {};      // sort name: row indexes in that order
  var order = null;     // the rows' rank in the current order, or null for the cards' own
  var applied = [];     // the filters set, in the order they were set: "theme=housing", "words"
  var OWN = ["words", "from", "to", "sort", "q"];  // the URL's names besides the facets

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
    orders = data.orders || {};
    rows.forEach(function (row) { visible[row[0]] = true; });
    root.classList.add("hub-explore--ready");
    readURL();
    update(false);
    form.addEventListener("change", function (event) {
      if (isTyped(event.target)) return;
      note(event.target);
      shown = PAGE;
      update("push");
    });
    var typing;
    form.addEventListener("input", function (event) {
      if (!isTyped(event.target)) return;
      note(event.target);
      clearTimeout(typing);
      typing = setTimeout(function () { shown = PAGE; update("replace"); }, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(typing);
      shown = PAGE;
      update("replace");
    });
    form.addEventListener("reset", function () {
      applied = [];
      setTimeout(function () { shown = PAGE; update("push"); }, 0);
    });
    sort.addEventListener("change", function () { sortBy(sort.value); update("push"); });
    document.getElementById("hub-undo-last").addEventListener("click", undoLast);
    document.getElementById("hub-clear-all").addEventListener("click", function () { form.reset(); });
    window.addEventListener("popstate", function () { readURL(); shown = PAGE; update(false); });
    more.addEventListener("click", function () { shown += PAGE; render(); });
    Array.prototype.forEach.call(downloads.querySelectorAll("[data-download]"), function (button) {
      button.addEventListener("click", function () { download(button.getAttribute("data-download")); });
    });
  }

  // The filters ---------------------------------------------------------------

  function isTyped(input) {
    return input.name === "words" || input.name === "from" || input.name === "to";
  }

  // The filters in the order they were set, for "remove the last filter".
  function note(input) {
    var key = isTyped(input) ? input.name : input.name + "=" + input.value;
    applied = applied.filter(function (k) { return k !== key; });
    if (isTyped(input) ? input.value.trim() : input.checked) applied.push(key);
  }

  function readURL() {
    var params = new URLSearchParams(window.location.search);
    var unknown = [];
    applied = [];
    facets.forEach(function (facet) {
      var chosen = params.getAll(facet.id);
      facet.inputs.forEach(function (input) {
        if (input) input.checked = chosen.indexOf(input.value) !== -1;
      });
      chosen.forEach(function (value) {
        if (facet.index[value] === undefined || !facet.inputs[facet.index[value]]) {
          unknown.push({name: facet.id, value: value, facet: facet});
        }
      });
    });
    params.forEach(function (value, name) {
      if (OWN.indexOf(name) !== -1 || facets.some(function (f) { return f.id === name; })) {
        if (facet(name) && facet(name).index[value] !== undefined) applied.push(name + "=" + value);
        return;
      }
      unknown.push({name: name, value: value, facet: null});
    });
    ["words", "from", "to"].forEach(function (name) {
      form.elements[name].value = params.get(name) || "";
      if (form.elements[name].value) applied.push(name);
    });
    sort.value = orders[params.get("sort")] ? params.get("sort") : "";
    if (params.get("sort") && !sort.value) {
      unknown.push({name: "sort", value: params.get("sort"), facet: null});
    }
    sortBy(sort.value);
    report(unknown);
  }

  function facet(id) {
    for (var f = 0; f < facets.length; f++) if (facets[f].id === id) return facets[f];
    return null;
  }

  // What the address asked for that the page does not know, and the closest
  // filter it does know, one click away.
  function report(unknown) {
    notice.textContent = "";
    notice.hidden = unknown.length === 0;
    unknown.forEach(function (asked) {
      var line = document.createElement("p");
      line.textContent = t("The address asks for \u201c%(filter)s\u201d, which is not a filter of this page: it is left out.",
        {filter: asked.name + "=" + asked.value});
      var guess = suggestion(asked);
      if (guess) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "hub-explore__action";
        button.textContent = t("Use \u201c%(filter)s\u201d instead", {filter: guess.label});
        button.addEventListener("click", function () {
          guess.input.checked = true;
          note(guess.input);
          line.remove();
          notice.hidden = !notice.firstChild;
          shown = PAGE;
          update("replace");
        });
        line.appendChild(document.createTextNode(" "));
        line.appendChild(button);
      }
      notice.appendChild(line);
    });
  }

  // The known choice closest to an unknown one: in the facet it names, or,
  // for an unknown name, among every facet's choices and names.
  function suggestion(asked) {
    var best = null, bestDistance = Infinity;
    var wanted = (asked.facet ? asked.value : asked.value || asked.name).toLowerCase();
    (asked.facet ? [asked.facet] : facets).forEach(function (f) {
      f.inputs.forEach(function (input) {
        if (!input) return;
        var label = input.parentNode.querySelector(".hub-facet__label").textContent;
        [input.value, label].forEach(function (known) {
          var d = distance(wanted, known.toLowerCase());
          if (d < bestDistance) {
            bestDistance = d;
            best = {input: input, label: f.id + "=" + input.value};
          }
        });
      });
    });
    return best && bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : null;
  }

  function distance(a, b) {
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous[j] = j;
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1,
          previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      previous = current;
    }
    return previous[b.length];
  }

  // Sorting: the cards move once, in the chosen order; matching keeps it.
  function sortBy(name) {
    var ranked = orders[name];
    order = null;
    var sequence = rows.map(function (row, r) { return r; });
    if (ranked) {
      order = [];
      ranked.forEach(function (r, rank) { order[r] = rank; });
      sequence = ranked;
    }
    sequence.forEach(function (r) {
      var card = cards[rows[r][0]];
      if (card) list.appendChild(card);
    });
  }

  function undoLast() {
    var last = applied.pop();
    if (!last) return;
    if (last.indexOf("=") === -1) {
      form.elements[last].value = "";
    } else {
      var parts = last.split("="), f = facet(parts[0]);
      var input = f && f.inputs[f.index[parts.slice(1).join("=")]];
      if (input) input.checked = false;
    }
    shown = PAGE;
    update("push");
  }

  function lastLabel() {
    var last = applied[applied.length - 1];
    if (!last) return "";
    if (last.indexOf("=") === -1) {
      var input = form.elements[last];
      return t("%(field)s \u201c%(value)s\u201d", {
        field: last === "words" ? t("words") : last === "from" ? t("from year") : t("to year"),
        value: input.value.trim()});
    }
    var parts = last.split("="), f = facet(parts[0]);
    var chosen = f && f.inputs[f.index[parts.slice(1).join("=")]];
    return chosen ? chosen.parentNode.querySelector(".hub-facet__label").textContent : last;
  }

  function writeURL(mode) {
    var params = new URLSearchParams();
    facets.forEach(function (facet) {
      facet.inputs.forEach(function (input) {
        if (input && input.checked) params.append(facet.id, input.value);
      });
    });
    ["words", "from", "to", "sort"].forEach(function (name) {
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
    if (order) found.sort(function (a, b) { return order[a] - order[b]; });
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
    keepFiltersAcrossLanguages();
  }

  // The language selector leads to this page in another language with the
  // same filters: their values are ids, the same in every language.
  function keepFiltersAcrossLanguages() {
    Array.prototype.forEach.call(document.querySelectorAll("a.md-select__link[hreflang]"),
      function (link) {
        link.setAttribute("href", link.getAttribute("href").split(/[?#]/)[0] + window.location.search);
      });
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
    none.hidden = total !== 0;
    if (total === 0) {
      var undo = document.getElementById("hub-undo-last");
      undo.hidden = applied.length === 0;
      undo.textContent = t("Remove the last filter (%(filter)s)", {filter: lastLabel()});
      var words = form.elements.words.value.trim();
      var search = document.getElementById("hub-search-site");
      search.href = search.getAttribute("href").split("?")[0] + (words ? "?q=" + encodeURIComponent(words) : "");
    }
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
