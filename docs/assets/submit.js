/* The "Submit a practice" page of the Inclusive Cities Hub.

   The page's form is generated from the practice model (cityhub/contribute/submission.py).
   This script reads the entry, checks it against the practice's JSON Schema as
   the build publishes it (schemas/practice-form.schema.json: the
   validator's schema with the hub's ids as choices and its value patterns),
   then by the validator's rules between fields and its raw-HTML policy, shows
   each problem next to its field, and writes the practice file in the layout
   of `hub new` and `hub from-issue`, named as the hub names files. The rules,
   the policy's patterns, the layout and the transliteration of file names come
   from the page (SubmissionForm.layout in cityhub/contribute/submission.py):
   this script holds only the code that applies them. The file can be copied,
   or opened on GitHub's "create new file" page of the repository named by
   `repo_url` in mkdocs.yml. Nothing leaves the browser until the visitor
   follows that link. */
(function () {
  "use strict";

  var root = document.getElementById("hub-submit");
  if (!root || !window.fetch) return;

  var form = document.getElementById("hub-submit-form");
  var t = window.HubMessages.t, tn = window.HubMessages.tn;
  var layout = JSON.parse(document.getElementById("hub-submit-layout").textContent);
  var letters = transliteration(layout.letters);
  var policy = {};
  Object.keys(layout.body.patterns).forEach(function (name) {
    policy[name] = regex(layout.body.patterns[name]);
  });
  var policyTags = regex(layout.body.patterns.tag, "g");
  var policyAddresses = regex(layout.body.patterns.address, "g");
  var policyInvisible = regex(layout.body.patterns.invisible, "g");
  var policyScheme = regex(layout.body.patterns.bad_scheme, "", "start");
  var plain = regex(layout.yaml.plain, "", "whole");
  var notText = regex(layout.yaml.not_text, "", "whole");
  var notPrintable = regex(layout.yaml.not_printable, "g");
  var nonSlug = regex(layout.non_slug, "g");
  var problemsBox = document.getElementById("hub-submit-problems");
  var result = document.getElementById("hub-submit-result");
  var schema = null;
  var checked = false;   // after the first check, every change checks again

  fetch(root.getAttribute("data-schema"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.statusText);
      return response.json();
    })
    .then(start)
    .catch(function () { /* the paragraph for browsers without the form stays */ });

  function start(loaded) {
    schema = loaded;
    document.getElementById("hub-submit-nojs").hidden = true;
    form.hidden = false;
    startRows();
    restoreDraft();
    form.addEventListener("click", function (event) {
      var target = event.target;
      if (target.hasAttribute("data-add-row")) {
        addRow(target.parentNode).querySelector("input").focus();
      } else if (target.hasAttribute("data-remove-row")) {
        var field = target.closest(".hub-field");
        target.closest(".hub-submit-row").remove();
        if (!field.querySelector(".hub-submit-row") && needsRow(field)) addRow(field);
        changed();
      }
    });
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("input", saveDraftSoon);
    form.addEventListener("change", saveDraftSoon);
    form.addEventListener("click", function (event) {
      if (event.target.hasAttribute("data-remove-row")) saveDraftSoon();
    });
    document.getElementById("hub-submit-discard").addEventListener("click", discardDraft);
    document.getElementById("hub-submit-github-link").addEventListener("click", forgetDraft);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      checked = true;
      var ok = update();
      (ok ? document.getElementById("hub-submit-result-title") : problemsBox).focus();
    });
    document.getElementById("hub-submit-copy").addEventListener("click", copy);
    prefill(new URLSearchParams(window.location.search));
  }

  /* Links from the progress tables (?city=<slug>&commitment=<pledge>%23<id>)
     open the form with that city and commitment chosen. */
  function prefill(query) {
    var slug = query.get("city"), reference = query.get("commitment");
    var cityField = form.querySelector('[data-field="city"] input');
    if (slug && cityField) {
      Array.prototype.some.call(document.querySelectorAll("#hub-submit-cities option"),
        function (option) {
          if (city(option.value) !== slug) return false;
          cityField.value = option.value;
          return true;
        });
    }
    Array.prototype.forEach.call(form.querySelectorAll('[data-field="commitments"] input'),
      function (box) {
        if (!reference || box.value !== reference) return;
        box.checked = true;
        box.closest("details").open = true;
      });
  }

  var pending;
  function changed() {
    if (!checked) return;
    clearTimeout(pending);
    pending = setTimeout(update, 200);
  }

  /* A list entered row by row opens with one empty row only where the
     practice needs at least one item (sources); partner cities start empty. */
  function startRows() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-rows]"), function (rows) {
      if (needsRow(rows.parentNode)) addRow(rows.parentNode);
    });
  }

  function needsRow(field) {
    return (schema.required || []).indexOf(field.getAttribute("data-field")) >= 0;
  }

  function addRow(field) {
    var row = field.querySelector("template").content.firstElementChild.cloneNode(true);
    field.querySelector("[data-rows]").appendChild(row);
    return row;
  }

  /* Reading the entry --------------------------------------------------- */

  function fields() {
    return Array.prototype.slice.call(form.querySelectorAll("[data-field]"));
  }

  function text(value) {
    return value.replace(/\s+/g, " ").trim();
  }

  function city(value) {
    var typed = text(value);
    return layout.cities[typed.toLowerCase()] || layout.cities[typed] || typed;
  }

  function year(value) {
    var typed = text(value);
    return /^[0-9]{1,4}$/.test(typed) ? parseInt(typed, 10) : typed;
  }

  /* The entry as front-matter values (empty answers left out) and the
     text of each body section. */
  function read() {
    var values = {}, sections = {};
    fields().forEach(function (field) {
      var name = field.getAttribute("data-field");
      var widget = field.getAttribute("data-widget");
      var value = valueOf(field, widget);
      if (name.indexOf("body.") === 0) {
        sections[field.getAttribute("data-section")] = value;
        return;
      }
      if (value === "" || (Array.isArray(value) && value.length === 0)) return;
      var parts = name.split(".");
      if (parts.length === 2) {
        values[parts[0]] = values[parts[0]] || {};
        values[parts[0]][parts[1]] = value;
      } else {
        values[name] = value;
      }
    });
    return {values: values, sections: sections};
  }

  function valueOf(field, widget) {
    var control = field.querySelector("input, textarea, select");
    switch (widget) {
      case "checkboxes":
      case "commitments":
        var rules = schema.properties[field.getAttribute("data-field")];
        var numbers = rules && rules.items && rules.items.type === "integer";
        return Array.prototype.map.call(field.querySelectorAll("input:checked"), function (box) {
          return numbers ? parseInt(box.value, 10) : box.value;
        });
      case "cities":
        return rows(field).map(function (row) { return city(row.city); })
          .filter(function (slug) { return slug !== ""; });
      case "sources":
        return rows(field).filter(function (row) { return row.title || row.url; })
          .map(function (row) {
            var source = {};
            if (row.title) source.title = row.title;
            if (row.url) source.url = row.url;
            return source;
          });
      case "lines":
        return control.value.split("\n").map(text).filter(Boolean);
      case "year":
        return year(control.value);
      case "city":
        return city(control.value);
      case "textarea":
        return field.hasAttribute("data-section") ? control.value.trim() : text(control.value);
      default:
        return text(control.value);
    }
  }

  function rows(field) {
    return Array.prototype.map.call(field.querySelectorAll(".hub-submit-row"), function (row) {
      var found = {};
      Array.prototype.forEach.call(row.querySelectorAll("[data-part]"), function (input) {
        found[input.getAttribute("data-part")] = text(input.value);
      });
      return found;
    });
  }

  // The closest city to what was typed, from the build's table
  // (submission.near_cities): the typed name as a slug, or with one letter less.
  function nearCity(typed) {
    var key = slugify(typed);
    var keys = [key];
    for (var i = 0; i < key.length; i++) keys.push(key.slice(0, i) + key.slice(i + 1));
    for (var k = 0; k < keys.length; k++) {
      var found = layout.near_cities[keys[k]];
      if (found) return found.join(" / ");
    }
    return "";
  }

  /* Keeping the entry in this browser ---------------------------------------
     A long description must survive a reload or a closed tab: every change is
     kept in localStorage until the file is copied or proposed, or the entry
     is discarded. */

  var draftKey = "hub-submit-draft:" + location.pathname;
  var saving;

  function saveDraftSoon() {
    clearTimeout(saving);
    saving = setTimeout(saveDraft, 300);
  }

  function saveDraft() {
    var entry = {controls: {}, ticked: [], rows: {}};
    Array.prototype.forEach.call(form.querySelectorAll("input, textarea, select"), function (control) {
      if (control.closest(".hub-submit-row")) return;
      if (control.type === "checkbox") {
        if (control.checked) entry.ticked.push((control.id || control.name) + "=" + control.value);
      } else if (control.id && control.value) {
        entry.controls[control.id] = control.value;
      }
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-rows]"), function (list) {
      var name = list.parentNode.getAttribute("data-field");
      entry.rows[name] = rows(list.parentNode).filter(function (row) {
        return Object.keys(row).some(function (part) { return row[part]; });
      });
    });
    var empty = !Object.keys(entry.controls).length && !entry.ticked.length &&
      !Object.keys(entry.rows).some(function (name) { return entry.rows[name].length; });
    try {
      if (empty) localStorage.removeItem(draftKey);
      else localStorage.setItem(draftKey, JSON.stringify(entry));
    } catch (error) { /* storage off or full: the form works without it */ }
  }

  function restoreDraft() {
    var entry;
    try { entry = JSON.parse(localStorage.getItem(draftKey) || "null"); } catch (error) { return; }
    if (!entry || !entry.controls) return;
    Object.keys(entry.controls).forEach(function (id) {
      var control = document.getElementById(id);
      if (control && form.contains(control)) control.value = entry.controls[id];
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (entry.ticked.indexOf((box.id || box.name) + "=" + box.value) >= 0) box.checked = true;
    });
    Object.keys(entry.rows || {}).forEach(function (name) {
      var field = form.querySelector('[data-field="' + name + '"]');
      if (!field || !field.querySelector("[data-rows]")) return;
      entry.rows[name].forEach(function (values, i) {
        var row = field.querySelectorAll(".hub-submit-row")[i] || addRow(field);
        Array.prototype.forEach.call(row.querySelectorAll("[data-part]"), function (input) {
          input.value = values[input.getAttribute("data-part")] || "";
        });
      });
    });
    Array.prototype.forEach.call(form.querySelectorAll("details"), function (details) {
      if (details.querySelector("input:checked")) details.open = true;
    });
    document.getElementById("hub-submit-restored").hidden = false;
  }

  function forgetDraft() {
    clearTimeout(saving);
    try { localStorage.removeItem(draftKey); } catch (error) { /* nothing was kept */ }
    document.getElementById("hub-submit-restored").hidden = true;
  }

  function discardDraft() {
    forgetDraft();
    form.reset();
    Array.prototype.forEach.call(form.querySelectorAll(".hub-submit-row"), function (row) {
      row.remove();
    });
    startRows();
    checked = false;
    showProblems([], true);
    result.hidden = true;
    document.getElementById("hub-submit-title").focus();
  }

  /* Checking ------------------------------------------------------------ */

  // The JSON Schema keywords the hub's schemas use (cityhub/content/schema.py):
  // each problem is {path, keyword, schema, value}.
  function validate(value, rules, path, found) {
    if (rules.type && !hasType(value, rules.type)) {
      found.push({path: path, keyword: "type", schema: rules, value: value});
      return found;
    }
    if (rules.enum && rules.enum.indexOf(value) < 0) {
      found.push({path: path, keyword: "enum", schema: rules, value: value});
      return found;  // one message is enough: the choices say the rest
    }
    if (typeof value === "string") {
      var length = Array.from(value).length;
      if (rules.minLength !== undefined && length < rules.minLength) {
        found.push({path: path, keyword: "minLength", schema: rules, value: value});
      }
      if (rules.maxLength !== undefined && length > rules.maxLength) {
        found.push({path: path, keyword: "maxLength", schema: rules, value: value});
      }
      if (rules.pattern && !new RegExp(rules.pattern, "u").test(value)) {
        found.push({path: path, keyword: "pattern", schema: rules, value: value});
      } else if (rules.format && FORMATS[rules.format] && !FORMATS[rules.format](value)) {
        found.push({path: path, keyword: "format", schema: rules, value: value});
      }
    }
    if (typeof value === "number") {
      if ((rules.minimum !== undefined && value < rules.minimum) ||
          (rules.maximum !== undefined && value > rules.maximum)) {
        found.push({path: path, keyword: "range", schema: rules, value: value});
      }
    }
    if (Array.isArray(value)) validateArray(value, rules, path, found);
    else if (value !== null && typeof value === "object") validateObject(value, rules, path, found);
    return found;
  }

  function validateArray(value, rules, path, found) {
    if (rules.minItems !== undefined && value.length < rules.minItems) {
      found.push({path: path, keyword: "minItems", schema: rules, value: value});
    }
    var seen = {};
    value.forEach(function (item, i) {
      if (rules.items) validate(item, rules.items, path.concat([i]), found);
      var key = JSON.stringify(item);
      if (rules.uniqueItems && seen[key]) {
        found.push({path: path.concat([i]), keyword: "uniqueItems", schema: rules, value: item});
      }
      seen[key] = true;
    });
  }

  function validateObject(value, rules, path, found) {
    var properties = rules.properties || {};
    (rules.required || []).forEach(function (key) {
      if (!(key in value)) {
        found.push({path: path.concat([key]), keyword: "required",
                    schema: properties[key] || {}, value: undefined});
      }
    });
    Object.keys(value).forEach(function (key) {
      if (key in properties) {
        validate(value[key], properties[key], path.concat([key]), found);
      } else if (rules.additionalProperties === false) {
        found.push({path: path.concat([key]), keyword: "additionalProperties",
                    schema: {}, value: value[key]});
      }
    });
  }

  function hasType(value, type) {
    switch (type) {
      case "string": return typeof value === "string";
      case "integer": return typeof value === "number" && Math.floor(value) === value;
      case "number": return typeof value === "number" && isFinite(value);
      case "boolean": return typeof value === "boolean";
      case "array": return Array.isArray(value);
      case "object": return value !== null && typeof value === "object" && !Array.isArray(value);
      default: return true;
    }
  }

  // What a pattern cannot check (the schema's patterns say the rest).
  var FORMATS = {
    date: function (value) {
      var day = new Date(value + "T00:00:00Z");
      return !isNaN(day) && day.toISOString().slice(0, 10) === value;
    }
  };

  // The rules between fields of cityhub/content/rules.py, applied to the
  // values that passed their own checks, as the validator applies them.
  var RULE_KINDS = {
    not_before: function (rule, values) {
      var broken = rule.key in values && rule.other in values &&
                   values[rule.key] < values[rule.other];
      return broken ? [{path: [rule.key], context: values}] : [];
    },
    requires: function (rule, values) {
      var broken = holds(rule.when, values) && fails(rule.then, values);
      return broken ? [{path: [rule.when.key], context: values}] : [];
    },
    distinct: function (rule, values) {
      if (!(rule.other in values)) return [];
      var found = [];
      (values[rule.key] || []).forEach(function (item, i) {
        if (item !== values[rule.other]) return;
        var context = Object.assign({}, values);
        context[rule.key] = item;
        found.push({path: [rule.key, i], context: context});
      });
      return found;
    }
  };

  function holds(condition, values) {
    return condition.key in values &&
      (!("equals" in condition) || values[condition.key] === condition.equals);
  }

  function fails(condition, values) {
    if (!("equals" in condition)) return !(condition.key in values);
    return condition.key in values && values[condition.key] !== condition.equals;
  }

  function ruleProblems(values) {
    var found = [];
    layout.rules.forEach(function (rule) {
      RULE_KINDS[rule.kind](rule, values).forEach(function (broken) {
        found.push({path: broken.path, message: say(rule.advice, broken.context)});
      });
    });
    return found;
  }

  // A text of the build with each {key} replaced by the value it names.
  function say(text, context) {
    Object.keys(context).forEach(function (key) {
      text = text.split("{" + key + "}").join(String(context[key]));
    });
    return text;
  }

  // The raw-HTML policy of cityhub/content/bodies.py, step by step as
  // check_body takes it, for each section of the description.
  function sectionProblems(sections) {
    var found = [];
    Object.keys(sections).forEach(function (heading) {
      bodyFindings(sections[heading]).forEach(function (finding) {
        found.push({path: ["body." + heading],
                    message: say(layout.body.advice[finding.kind], finding.context)});
      });
    });
    return found;
  }

  function bodyFindings(body) {
    var found = [], fence = null;
    body.split("\n").forEach(function (line) {
      if (policy.suspect.test(line)) found = found.concat(lineFindings(line));
      var opening = policy.fence.exec(line);
      if (opening && (fence === null || opening[1].indexOf(fence) === 0)) {
        fence = fence === null ? opening[1].slice(0, 3) : null;
      } else if (fence === null && policy.level_1_heading.test(line)) {
        found.push({kind: "level_1_heading", context: {}});
      }
    });
    return found;
  }

  function lineFindings(line) {
    var found = [];
    var element = policy.element.exec(line);
    if (element) found.push({kind: "element", context: {name: element[1].toLowerCase()}});
    if ((line.match(policyTags) || []).some(function (tag) {
      return policy.event_attribute.test(tag);
    })) {
      found.push({kind: "event_attribute", context: {}});
    }
    var decoded = unescapeHTML(line), start;
    var size = layout.body.address_window;
    policyAddresses.lastIndex = 0;
    while ((start = policyAddresses.exec(decoded))) {
      var end = start.index + start[0].length;
      if (!start[0]) policyAddresses.lastIndex++;
      // The window counts characters, as Python does, not UTF-16 units.
      var head = Array.from(decoded.slice(end, end + 2 * size)).slice(0, size).join("");
      var scheme = policyScheme.exec(head.replace(policyInvisible, ""));
      if (scheme) {
        found.push({kind: "bad_link", context: {scheme: scheme[0].toLowerCase()}});
        break;
      }
    }
    return found;
  }

  // Character references decoded as Python's html.unescape decodes them, by
  // the browser's own HTML parser: on text where "<" starts no tag, after a
  // first character that keeps leading spaces in the text, and between NULs,
  // which the parser would drop.
  var parser = new DOMParser();
  function unescapeHTML(line) {
    return line.split("\0").map(function (part) {
      if (part.indexOf("&") < 0) return part;
      var text = "x" + part.replace(/</g, "&lt;");
      return parser.parseFromString(text, "text/html").body.textContent.slice(1);
    }).join("\0");
  }

  // A pattern of the build ({source, flags}), with more flags; "whole"
  // matches the whole text and "start" its start, as Python's fullmatch and match.
  function regex(pattern, flags, anchor) {
    var source = anchor === "whole" ? "^(?:" + pattern.source + ")$" :
                 anchor === "start" ? "^(?:" + pattern.source + ")" : pattern.source;
    return new RegExp(source, pattern.flags + (flags || ""));
  }

  /* Problems in plain words ---------------------------------------------- */

  function message(problem) {
    var rules = problem.schema, value = problem.value, count;
    switch (problem.keyword) {
      case "required":
        if (rules.type === "array") return rules.items && rules.items.type === "object" ?
          t("Give at least one.") : t("Choose at least one.");
        return rules.enum ? t("Choose one.") : t("Please fill this in.");
      case "minItems":
        return rules.items && rules.items.type === "object" ?
          t("Give at least %(count)s.", {count: rules.minItems}) :
          t("Choose at least %(count)s.", {count: rules.minItems});
      case "minLength":
        return t("Please fill this in.");
      case "maxLength":
        count = Array.from(value).length;
        return t("This is %(count)s characters long; at most %(most)s are allowed: shorten it by %(over)s.",
                 {count: count, most: rules.maxLength, over: count - rules.maxLength});
      case "type":
        if (rules.type === "integer") return t("Write a year as a number, such as 2019.");
        return t("This is not the kind of value expected here.");
      case "range":
        return t("Give a number between %(minimum)s and %(maximum)s.",
                 {minimum: rules.minimum, maximum: rules.maximum});
      case "enum":
        if (problem.path[0] === "city" || problem.path[0] === "partner_cities") {
          var near = nearCity(value);
          if (near) {
            return t("The hub has no city called '%(city)s'. Did you mean %(suggestion)s? Choose it from the list that opens as you type.",
                     {city: value, suggestion: near});
          }
          return t("The hub has no city called '%(city)s': choose one from the list that opens as you type.",
                   {city: value});
        }
        return t("Choose one of the given choices.");
      case "uniqueItems":
        return t("'%(value)s' is listed twice.", {value: value});
      case "pattern":
      case "format":
        if (rules.format === "email") {
          return t("Write an e-mail address such as name@example.org.");
        }
        if (rules.format === "uri") {
          var guessed = "https://" + value;
          var guess = new RegExp(rules.pattern, "u").test(guessed) && value.indexOf(".") >= 0 ?
            " " + t("Did you mean %(address)s ?", {address: guessed}) : "";
          return t("Write the whole web address, starting with https:// (or http://), without spaces.") +
                 guess;
        }
        return t("This is not written as expected.");
      default:
        return t("This field is not part of a practice.");
    }
  }

  // The form field a problem belongs to, and the words that say which item.
  function place(path) {
    var key = String(path[0]);
    if (key === "contact" && path.length > 1) return {name: "contact." + path[1], item: ""};
    var item = "";
    if (typeof path[1] === "number") {
      var values = {number: path[1] + 1};
      item = (key !== "sources" ? t("Item %(number)s: ", values) :
              path[2] === "url" ? t("Source %(number)s, address: ", values) :
              path[2] === "title" ? t("Source %(number)s, title: ", values) :
              t("Source %(number)s: ", values));
    }
    return {name: key, item: item};
  }

  /* Showing the result --------------------------------------------------- */

  function update() {
    var entry = read();
    var values = entry.values;
    values.submitted = today();
    var problems = validate(values, schema, [], []);
    var valid = Object.assign({}, values);
    problems.forEach(function (problem) { delete valid[problem.path[0]]; });
    var found = problems.map(function (problem) {
      return {path: problem.path, message: message(problem)};
    }).concat(ruleProblems(valid), sectionProblems(entry.sections));
    var licence = document.getElementById("hub-submit-licence").checked;
    showProblems(found, licence);
    var ok = found.length === 0 && licence;
    result.hidden = !ok;
    if (ok) showFile(values, entry.sections);
    return ok;
  }

  function showProblems(found, licence) {
    var byField = {};
    found.forEach(function (problem) {
      var where = place(problem.path);
      (byField[where.name] = byField[where.name] || []).push(where.item + problem.message);
    });
    var list = problemsBox.querySelector("ul");
    list.textContent = "";
    fields().forEach(function (field) {
      var name = field.getAttribute("data-field");
      var messages = byField[name] || [];
      delete byField[name];
      var error = field.querySelector(".hub-error");
      error.textContent = messages.join(" ");
      error.hidden = messages.length === 0;
      field.classList.toggle("hub-field--invalid", messages.length > 0);
      Array.prototype.forEach.call(field.querySelectorAll("input, textarea, select"),
        function (control) {
          if (messages.length) control.setAttribute("aria-invalid", "true");
          else control.removeAttribute("aria-invalid");
        });
      if (messages.length) {
        var label = field.querySelector("legend, label");
        var link = document.createElement("a");
        var target = field.querySelector("input, textarea, select");
        link.href = "#" + (target.id || field.id || "hub-submit-form");
        link.textContent = label.firstChild.textContent.trim() + ": " + messages.join(" ");
        link.addEventListener("click", function (event) {
          event.preventDefault();
          target.focus();
        });
        var item = document.createElement("li");
        item.appendChild(link);
        list.appendChild(item);
      }
    });
    Object.keys(byField).forEach(function (name) {  // a field the form does not ask for
      var item = document.createElement("li");
      item.textContent = name + ": " + byField[name].join(" ");
      list.appendChild(item);
    });
    document.getElementById("hub-submit-licence-error").hidden = licence;
    var count = list.children.length + (licence ? 0 : 1);
    document.getElementById("hub-submit-problems-count").textContent =
      tn("One thing to fix before the file can be made:",
         "%(num)d things to fix before the file can be made:", count);
    if (!licence) {
      var item = document.createElement("li");
      item.textContent = t("Licence: tick the box to agree to the licence.");
      list.appendChild(item);
    }
    problemsBox.hidden = count === 0;
  }

  function showFile(values, sections) {
    var slug = slugify(values.title);
    var path = "practices/" + slug + ".md";
    var file = practiceText(values, sections);
    document.getElementById("hub-submit-filename").textContent = path;
    document.getElementById("hub-submit-file").value = file;
    document.getElementById("hub-submit-copied").textContent = "";
    document.getElementById("hub-submit-taken").hidden = layout.taken.indexOf(slug) < 0;
    var link = newFileLink(path, file);
    document.getElementById("hub-submit-github").hidden = !link;
    document.getElementById("hub-submit-editors").hidden = Boolean(link);
    if (link) document.getElementById("hub-submit-github-link").href = link;
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.getAttribute("content").trim() : "";
  }

  // GitHub's page for creating a file, filled in: for someone without write
  // access, GitHub forks the repository and opens a pull request.
  function newFileLink(path, file) {
    var repository = meta("hub:repo-url").replace(/\/+$/, "").replace(/\.git$/, "");
    if (!/^https:\/\/github\.com\/[^\/]+\/[^\/]+$/.test(repository)) return "";
    var branch = /(?:^|\/)(?:edit|blob|tree)\/([^\/]+)\//.exec(meta("hub:edit-uri"));
    return repository + "/new/" + encodeURIComponent(branch ? branch[1] : "main") +
           "?filename=" + path + "&value=" + encodeURIComponent(file);
  }

  function copy() {
    var area = document.getElementById("hub-submit-file");
    var status = document.getElementById("hub-submit-copied");
    var done = function () { status.textContent = t("Copied."); forgetDraft(); };
    var fallback = function () {
      area.select();
      var copied = document.execCommand("copy");
      status.textContent = copied ? t("Copied.") : t("Select the text of the file and copy it.");
      if (copied) forgetDraft();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(area.value).then(done, fallback);
    } else {
      fallback();
    }
  }

  /* The file, as cityhub/contribute/scaffold.py writes it --------------------------- */

  // The transliteration of cityhub/content/transliteration.py: each
  // character of the build's table in ASCII, the others as they are.
  function transliteration(groups) {
    var table = Object.create(null);
    Object.keys(groups).forEach(function (form) {
      Array.from(groups[form]).forEach(function (c) { table[c] = form; });
    });
    return table;
  }

  function transliterate(text) {
    return text.replace(/[^\x00-\x7f]/gu, function (c) {
      return c in letters ? letters[c] : c;
    });
  }

  function slugify(value) {
    return transliterate(value).toLowerCase().replace(nonSlug, "-").replace(/^-+|-+$/g, "");
  }

  function practiceText(values, sections) {
    var lines = layout.header.slice();
    layout.fields.forEach(function (field) {
      lines.push("");
      lines = lines.concat(field.comment,
                           field.key in values ? assignment(field.key, values[field.key])
                                               : field.unset);
    });
    lines.push("---");
    var parts = [lines.join("\n")];
    // A section left empty is left out: the file is not a draft, and an
    // empty heading would be refused.
    layout.sections.forEach(function (section) {
      var body = (sections[section.heading] || "").trim();
      if (body) parts.push("## " + section.heading + "\n\n" + body);
    });
    return parts.join("\n\n") + "\n";
  }

  function assignment(key, value) {
    if (Array.isArray(value)) {
      var flat = value.every(function (item) {
        return typeof item === "number" || yamlValue(item) === item;
      });
      if (flat) return [key + ": [" + value.map(yamlValue).join(", ") + "]"];
      var lines = [key + ":"];
      value.forEach(function (item) {
        if (typeof item === "object") {
          var pairs = Object.keys(item).map(function (k) { return k + ": " + yamlValue(item[k]); });
          lines.push("  - " + pairs[0]);
          pairs.slice(1).forEach(function (pair) { lines.push("    " + pair); });
        } else {
          lines.push("  - " + yamlValue(item));
        }
      });
      return lines;
    }
    if (typeof value === "object") {
      return [key + ":"].concat(Object.keys(value).map(function (k) {
        return "  " + k + ": " + yamlValue(value[k]);
      }));
    }
    return [key + ": " + yamlValue(value)];
  }

  // A value as YAML the hub's reader reads back unchanged (scaffold.yaml_value).
  function yamlValue(value) {
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (plain.test(value) && !notText.test(value)) return value;
    return JSON.stringify(value).replace(notPrintable, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
})();
