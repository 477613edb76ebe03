/*
 * The hub's search worker: Material's search, answered from an index built
 * at build time and fetched in pieces.
 *
 * It speaks the protocol of Material for MkDocs' search worker (SETUP,
 * READY, QUERY, RESULT) and returns what that worker returns, item for item:
 * the same lunr.js (this file is built after it), set up the same way, the
 * same query rewriting, scores, boosts, grouping, highlighting and
 * suggestions. What differs is where the index comes from: Material's worker
 * receives every section of every page and indexes them in the browser;
 * this one receives the index's configuration and its vocabulary
 * (cityhub/site/search_engine.py: the loader fetches it alongside this
 * script and hands it over when the worker's address names the index's
 * folder after a "#"; else the worker fetches it on set-up) and fetches,
 * for each query, the postings of the terms the query expands to, then the
 * titles and texts of the results it shows.
 *
 * The functions marked "Material" follow Material for MkDocs 9.x
 * (src/templates/assets/javascripts/integrations/search, MIT licence,
 * Copyright (c) 2016-2025 Martin Donath); a check at build time
 * (cityhub/mkdocs/search_loader.py) keeps Material's own worker whenever the
 * installed release is not the one this file follows.
 */
"use strict"

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
/* How many result groups the result carries whole: the ten Material's list
   shows at first. The other groups' items follow in messages of their own
   (ITEMS, put into the result by the loader): their addresses and titles
   at once, their texts read ahead of the list (MORE) */
var FIRST = 10
var AHEAD = 60
var ITEMS = 100, MORE = 101, VOCABULARY = 102
/* A query that needs more files of postings than this waits PATIENCE ms */
var MANY = 8, PATIENCE = 120

var root = new URL("../../../", self.location.href)
var state = null
/* The index's folder whose vocabulary the loader hands over (VOCABULARY:
   the file's bytes, or null if it could not be read), and the vocabulary */
var named = decodeURIComponent(self.location.hash.slice(1))
var vocabulary = null, handOver = null
var queue = Promise.resolve()
var asked = 0

/* ---------------------------------------------------------------------------
 * Material: text extraction, tokenizer, highlighting
 * ------------------------------------------------------------------------ */

function extract(input, fn) {
  var block = 0, start = 0, end = 0
  for (var stack = 0; end < input.length; end++) {
    if (input.charAt(end) === "<" && end > start) {
      fn(block, 1, start, start = end)
    } else if (input.charAt(end) === ">") {
      if (input.charAt(start + 1) === "/") {
        if (--stack === 0)
          fn(block++, 2, start, end + 1)
      } else if (input.charAt(end - 1) !== "/") {
        if (stack++ === 0)
          fn(block, 0, start, end + 1)
      }
      start = end + 1
    }
  }
  if (end > start)
    fn(block, 1, start, end)
}

function split(input, separator, fn) {
  separator = new RegExp(separator, "g")
  var match, index = 0
  do {
    match = separator.exec(input)
    var until = match ? match.index : input.length
    if (index < until)
      fn(index, until)
    if (match) {
      index = match.index + match[0].length
      if (match[0].length === 0)
        separator.lastIndex = match.index + 1
    }
  } while (match)
}

function tokenize(input) {
  var tokens = []
  if (typeof input === "undefined")
    return tokens
  var inputs = Array.isArray(input) ? input : [input]
  for (var i = 0; i < inputs.length; i++) {
    var table = lunr.tokenizer.table
    var total = table.length
    extract(inputs[i], function (block, type, start, end) {
      block += total
      table[block] = table[block] || []
      if (type !== 1) {
        table[block].push(start << 12 | end - start << 2 | type)
        return
      }
      var section = inputs[i].slice(start, end)
      split(section, lunr.tokenizer.separator, function (index, until) {
        if (typeof lunr.segmenter !== "undefined") {
          var subsection = section.slice(index, until)
          if (/^[MHIK]$/.test(lunr.segmenter.ctype_(subsection))) {
            var segments = lunr.segmenter.segment(subsection)
            for (var s = 0, l = 0; s < segments.length; s++) {
              table[block] = table[block] || []
              table[block].push(start + index + l << 12 | segments[s].length << 2 | type)
              tokens.push(new lunr.Token(segments[s].toLowerCase(), {
                position: block << 20 | table[block].length - 1
              }))
              l += segments[s].length
            }
            return
          }
        }
        table[block].push(start + index << 12 | until - index << 2 | type)
        tokens.push(new lunr.Token(section.slice(index, until).toLowerCase(), {
          position: block << 20 | table[block].length - 1
        }))
      })
    })
  }
  return tokens
}

function highlightAll(inputs, table, positions, full) {
  var mapping = [0]
  for (var t = 1; t < table.length; t++) {
    var prev = table[t - 1], next = table[t]
    var p = prev[prev.length - 1] >>> 2 & 0x3FF
    var q = next[0] >>> 12
    mapping.push(+(p > q) + mapping[mapping.length - 1])
  }
  return inputs.map(function (input, i) {
    var cursor = 0
    var blocks = new Map()
    positions.sort(function (a, b) { return a - b }).forEach(function (p) {
      var index = p & 0xFFFFF, block = p >>> 20
      if (mapping[block] !== i)
        return
      var group = blocks.get(block)
      if (typeof group === "undefined")
        blocks.set(block, group = [])
      group.push(index)
    })
    if (blocks.size === 0)
      return input
    var slices = []
    for (var entry of blocks) {
      var block = entry[0], indexes = entry[1]
      var t = table[block]
      var start = t[0] >>> 12
      var end = t[t.length - 1] >>> 12
      var length = t[t.length - 1] >>> 2 & 0x3FF
      if (full && start > cursor)
        slices.push(input.slice(cursor, start))
      var slice = input.slice(start, end + length)
      indexes.sort(function (a, b) { return b - a }).forEach(function (j) {
        var p = (t[j] >>> 12) - start
        var q = (t[j] >>> 2 & 0x3FF) + p
        slice = [slice.slice(0, p), "<mark>", slice.slice(p, q), "</mark>", slice.slice(q)].join("")
      })
      cursor = end + length
      if (slices.push(slice) === 2)
        break
    }
    if (full && cursor < input.length)
      slices.push(input.slice(cursor))
    return slices.join("")
  })
}

function highlight(input, table, positions, full) {
  return highlightAll([input], table, positions, full).pop()
}

/* ---------------------------------------------------------------------------
 * Material: query rewriting and analysis
 * ------------------------------------------------------------------------ */

function transform(query, fn) {
  return query
    .trim()
    .split(/"([^"]+)"/g)
      .map(function (parts, index) {
        return index & 1 ? parts.replace(/^\b|^(?![^\x00-\x7F]|$)|\s+/g, " +") : parts
      })
      .join("")
    .replace(/"|(?:^|\s+)[*+\-:^~]+(?=\s+|$)/g, "")
    .split(/\s+/g)
      .reduce(function (prev, term) {
        var next = fn(term)
        return prev.concat(Array.isArray(next) ? next : [next])
      }, [])
      .map(function (term) { return /([~^]$)/.test(term) ? term + "1" : term })
      .map(function (term) { return /(^[+-]|[~^]\d+$)/.test(term) ? term : term + "*" })
      .join(" ")
}

function transformSearchQuery(query) {
  return transform(query, function (part) {
    var terms = []
    var lexer = new lunr.QueryLexer(part)
    lexer.run()
    lexer.lexemes.forEach(function (lexeme) {
      var type = lexeme.type, term = lexeme.str, start = lexeme.start, end = lexeme.end
      if (type === "FIELD") {
        if (["title", "text", "tags"].indexOf(term) < 0)
          part = [part.slice(0, end), " ", part.slice(end + 1)].join("")
      } else if (type === "TERM") {
        split(term, lunr.tokenizer.separator, function (from, until) {
          terms.push([part.slice(0, start), term.slice(from, until), part.slice(end)].join(""))
        })
      }
    })
    return terms
  })
}

function parseSearchQuery(value) {
  var query = new lunr.Query(["title", "text", "tags"])
  var parser = new lunr.QueryParser(value, query)
  parser.parse()
  query.clauses.forEach(function (clause) {
    clause.usePipeline = true
    if (clause.term.startsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.LEADING
      clause.term = clause.term.slice(1)
    }
    if (clause.term.endsWith("*")) {
      clause.wildcard = lunr.Query.wildcard.TRAILING
      clause.term = clause.term.slice(0, -1)
    }
  })
  return query.clauses
}

function getSearchQueryTerms(query, terms) {
  var clauses = new Set(query)
  var result = {}
  for (var t = 0; t < terms.length; t++)
    for (var clause of clauses)
      if (terms[t].startsWith(clause.term)) {
        result[clause.term] = true
        clauses.delete(clause)
      }
  for (var rest of clauses)
    if (lunr.stopWordFilter && lunr.stopWordFilter(rest.term))
      result[rest.term] = false
  return result
}

function segment(query, known) {
  var segments = new Set()
  var wordcuts = new Uint16Array(query.length)
  for (var i = 0; i < query.length; i++)
    for (var j = i + 1; j < query.length; j++)
      if (known(query.slice(i, j)))
        wordcuts[i] = j - i
  var stack = [0]
  for (var s = stack.length; s > 0;) {
    var p = stack[--s]
    for (var q = 1; q < wordcuts[p]; q++)
      if (wordcuts[p + q] > wordcuts[p] - q) {
        segments.add(query.slice(p, p + q))
        stack[s++] = p + q
      }
    var end = p + wordcuts[p]
    if (wordcuts[end] && end < query.length - 1)
      stack[s++] = end
    segments.add(query.slice(p, end))
  }
  if (segments.has(""))
    return new Set([query])
  return segments
}

/* ---------------------------------------------------------------------------
 * Set-up: lunr configured as Material configures it, the vocabulary loaded
 * ------------------------------------------------------------------------ */

function difference(a, b) {
  return a.filter(function (value) { return b.indexOf(value) < 0 })
}

function setupLanguages(config) {
  var base = "../lunr", scripts = []
  config.lang.forEach(function (lang) {
    if (lang === "ja") scripts.push(base + "/tinyseg.js")
    if (lang === "hi" || lang === "th") scripts.push(base + "/wordcut.js")
    if (lang !== "en") scripts.push(base + "/min/lunr." + lang + ".min.js")
  })
  if (config.lang.length > 1)
    scripts.push(base + "/min/lunr.multi.min.js")
  if (scripts.length)
    importScripts.apply(self, [base + "/min/lunr.stemmer.support.min.js"].concat(scripts))
}

function fetchJSON(path) {
  return fetch(new URL(path, root)).then(function (response) {
    if (!response.ok)
      throw new Error("search: " + path + " answered " + response.status)
    return response.json()
  })
}

/* The vocabulary as lunr's TokenSet: the same words and, node by node, the
   same edges in the same order as TokenSet.fromArray makes them (the terms
   come sorted as JavaScript sorts strings, so the words under a node are a
   run of the list), so expansions are listed alike. A node's edges are made
   when lunr first reads them: setting up costs nothing, and a query makes
   only the nodes it visits */
function trie(words, from, until, depth) {
  var node = new lunr.TokenSet(), edges = null
  node.final = from < until && words[from].length === depth
  Object.defineProperty(node, "edges", {
    get: function () {
      if (!edges) {
        edges = {}
        for (var i = node.final ? from + 1 : from; i < until;) {
          var edge = words[i].charAt(depth), j = i + 1
          while (j < until && words[j].charAt(depth) === edge) j++
          edges[edge] = trie(words, i, j, depth + 1)
          i = j
        }
      }
      return edges
    },
    set: function (value) { edges = value }
  })
  return node
}

/* Where a term stands in the sorted vocabulary, or -1 */
function positionOf(term) {
  var terms = state.hub.terms, low = 0, high = terms.length
  while (low < high) {
    var middle = (low + high) >>> 1
    if (terms[middle] < term) low = middle + 1
    else high = middle
  }
  return low < terms.length && terms[low] === term ? low : -1
}

/* The file of postings that holds the term at a position */
function shardOf(position) {
  var starts = state.hub.shards, low = 0, high = starts.length
  while (low < high) {
    var middle = (low + high) >>> 1
    if (starts[middle] <= position) low = middle + 1
    else high = middle
  }
  return low - 1
}

/* The vocabulary of the index in a folder, read once */
function vocabularyOf(path) {
  if (!vocabulary || vocabulary.path !== path)
    vocabulary = { path: path, words: fetchJSON(path + "v.json") }
  return vocabulary.words
}

function handedOver(bytes) {
  if (!handOver)
    return
  var waiting = handOver
  handOver = null
  try {
    if (!bytes)
      throw new Error("search: the index's vocabulary could not be read")
    waiting.resolve(JSON.parse(new TextDecoder().decode(bytes)))
  } catch (err) {
    waiting.reject(err)  /* the set-up fails: the page falls back to Material's search */
  }
}

function setup(data) {
  var config = data.config
  if (!config.hub || config.hub.version !== 3)
    throw new Error("search: this index was not built for this worker")
  return vocabularyOf(config.hub.path).then(function (words) {
    prepare(data, Object.assign({}, config.hub, words))
  })
}

function prepare(data, hub) {
  var config = data.config
  setupLanguages(config)
  var pipeline = null
  var empty = lunr(function () {
    this.metadataWhitelist = ["position"]
    this.b(0)
    if (config.lang.length === 1 && config.lang[0] !== "en")
      this.use(lunr[config.lang[0]])
    else if (config.lang.length > 1)
      this.use(lunr.multiLanguage.apply(lunr, config.lang))
    this.tokenizer = tokenize
    lunr.tokenizer.separator = new RegExp(config.separator)
    lunr.segmenter = "TinySegmenter" in lunr ? new lunr.TinySegmenter() : undefined
    var fns = difference(["trimmer", "stopWordFilter", "stemmer"], config.pipeline)
    var builder = this
    config.lang.map(function (language) {
      return language === "en" ? lunr : lunr[language]
    }).forEach(function (lang) {
      fns.forEach(function (fn) {
        builder.pipeline.remove(lang[fn])
        builder.searchPipeline.remove(lang[fn])
      })
    })
    this.ref("location")
    for (var name in config.fields)
      this.field(name, config.fields[name])
    pipeline = this.pipeline
  })
  var fields = Object.keys(config.fields)
  state = {
    config: config, hub: hub, fields: fields, pipeline: pipeline,
    /* what lunr's index holds besides its postings: the vocabulary as its
       token set, and its search pipeline */
    tokenSet: trie(hub.terms, 0, hub.terms.length, 0), searchPipeline: empty.pipeline,
    postings: new Map(), byNumber: new Map(),
    options: data.options || {},
    shards: new Map(), heads: new Map(), texts: new Map(), docs: new Map(), text: new Map(),
    base: hub.path
  }
}

/* ---------------------------------------------------------------------------
 * Loading: postings, headings and texts, each file once
 * ------------------------------------------------------------------------ */

function once(cache, key, load) {
  var found = cache.get(key)
  if (!found) {
    found = load()
    cache.set(key, found)
    found.catch(function () { cache.delete(key) })
  }
  return found
}

/* A file of postings: for each of its terms, lunr's number for the term and,
   field by field, the documents it occurs in (ascending) and its weight in
   each, the value lunr puts in that document's field vector */
function loadShard(number) {
  return once(state.shards, number, function () {
    return fetchJSON(state.base + "p/" + number + ".json").then(function (shard) {
      for (var term in shard) {
        var posting = { index: state.hub.numbers[positionOf(term)], documents: [], weights: [] }
        shard[term].forEach(function (flat) {
          var documents = new Array(flat.length / 2), weights = new Array(flat.length / 2)
          for (var i = 0, number = 0; i < flat.length; i += 2) {
            number += flat[i]
            documents[i / 2] = number
            weights[i / 2] = flat[i + 1]
          }
          posting.documents.push(documents)
          posting.weights.push(weights)
        })
        state.postings.set(term, posting)
        state.byNumber.set(posting.index, posting)
      }
    })
  })
}

/* A file of headings, by its number */
function loadHeads(file) {
  return once(state.heads, file, function () {
    return fetchJSON(state.base + "h/" + file + ".json").then(function (heads) {
      heads.forEach(function (entry, i) {
        var number = file * state.hub.heads + i
        if (!state.docs.has(number))
          state.docs.set(number, headOf(entry))
      })
    })
  })
}

/* A document's address, title and tags, from an entry of a file */
function headOf(entry) {
  var doc = { location: entry[0], title: entry[1] }
  if (entry[2]) doc.tags = entry[2]
  return doc
}

/* The headings of documents not loaded yet */
function loadHeadsOf(numbers) {
  var files = new Set()
  numbers.forEach(function (number) {
    if (!state.docs.has(number)) files.add(Math.floor(number / state.hub.heads))
  })
  return Promise.all(Array.from(files).map(loadHeads))
}

function pageOf(number) {
  return number - state.hub.up[number]
}

function loadTexts(page) {
  return once(state.texts, page, function () {
    return fetchJSON(state.base + "t/" + page + ".json")
  })
}

/* The terms a query expands to, as lunr's Index.query expands them */
function expansions(fn, into) {
  var query = new lunr.Query(state.fields)
  fn.call(query, query)
  query.clauses.forEach(function (clause) {
    eachExpansion(clause, function (expanded) {
      expanded.forEach(function (term) { into.add(term) })
    })
  })
  return query
}

/* A clause's words through the search pipeline and, word by word, the terms
   of the vocabulary each expands to, as lunr's Index.query expands them: it
   stops after a required word that expands to nothing */
function eachExpansion(clause, fn) {
  var words = clause.usePipeline
    ? state.searchPipeline.runString(clause.term, { fields: clause.fields })
    : [clause.term]
  for (var m = 0; m < words.length; m++) {
    var copy = Object.assign({}, clause, { term: words[m] })
    var expanded = state.tokenSet.intersect(lunr.TokenSet.fromClause(copy)).toArray()
    fn(expanded)
    if (expanded.length === 0 && clause.presence === lunr.Query.presence.REQUIRED)
      break
  }
}

/* The postings of terms, once the query is still the last one asked. A
   query that needs many files (a word's first letter matches thousands of
   terms) waits a moment first: while the visitor types on, it is
   overtaken and never loaded */
function loadTerms(terms, ticket) {
  var shards = new Set()
  terms.forEach(function (term) {
    var position = positionOf(term)
    if (!state.postings.has(term) && position >= 0)
      shards.add(shardOf(position))
  })
  var files = Array.from(shards).filter(function (shard) { return !state.shards.has(shard) })
  var waited = files.length > MANY
    ? new Promise(function (resolve) { setTimeout(resolve, PATIENCE) })
    : Promise.resolve()
  return waited.then(function () {
    return ticket === asked && Promise.all(Array.from(shards).map(loadShard))
  })
}

/* A promise kept in a task of its own: the messages that arrived meanwhile
   (the next letter typed) are read first, so that a query they overtook is
   dropped before lunr runs it, and fetches nothing more */
function nextTask() {
  return new Promise(function (resolve) { setTimeout(resolve, 0) })
}

/* ---------------------------------------------------------------------------
 * lunr.js: Index.query, over the postings loaded
 *
 * lunr's own steps in lunr's order (lunr.js 2.3.9, MIT licence, Copyright
 * (c) 2020 Oliver Nightingale), over arrays of postings instead of an object
 * per document and field: the same documents, the same scores (the same
 * floating-point operations, in the same order), the same order of equal
 * scores and the same matched terms, with a fraction of the objects lunr
 * makes and collects at thousands of matches
 * ------------------------------------------------------------------------ */

/* lunr.Set: null for the set of everything */
function union(a, b) {
  var all = new Set(a)
  b.forEach(function (value) { all.add(value) })
  return all
}

function intersection(a, b) {
  if (a === null) return b
  if (b === null) return a
  return new Set(Array.from(a).filter(function (value) { return b.has(value) }))
}

/* Match data: per term, the fields it was found in (lunr.MatchData's
   metadata, whose objects have no prototype). A field of a document, and a
   document, collect their matches as a path of a tree: the same matches
   in the same order reach the same node, whose match data is made once and
   shared, as the result only reads it */
var paths = 0

function path() {
  return { id: paths++, next: new Map(), steps: [], data: null }
}

function extend(node, key, value) {
  var next = node.next.get(key)
  if (!next) {
    next = path()
    next.steps = node.steps.concat([value])
    node.next.set(key, next)
  }
  return next
}

function addMatch(metadata, term, field) {
  var fields = metadata[term] || (metadata[term] = Object.create(null))
  if (!(field in fields)) fields[field] = Object.create(null)
}

/* A document's match data: its fields' matches, each field's terms in the
   order found, fields in the order lunr combined them (the same keys in the
   same order as lunr's MatchData after combine) */
function matchDataOf(node) {
  if (!node.data) {
    var metadata = Object.create(null)
    node.steps.forEach(function (found) {
      found.node.steps.forEach(function (term) { addMatch(metadata, term, found.field) })
    })
    node.data = { metadata: metadata }
  }
  return node.data
}

/* Each document's dot product of the query's vector with its field vector
   in a field, summed as lunr sums it: from 0, one product a term, in the
   order of the terms' numbers (a document without the term adds nothing) */
function dotProducts(vector, f) {
  var elements = vector.elements
  var products = new Float64Array(state.hub.count)
  for (var i = 0; i < elements.length; i += 2) {
    var posting = state.byNumber.get(elements[i]), value = elements[i + 1]
    var documents = posting.documents[f], weights = posting.weights[f]
    for (var d = 0; d < documents.length; d++)
      products[documents[d]] += value * weights[d]
  }
  return products
}

function runQuery(fn) {
  var fields = state.fields
  var parsed = new lunr.Query(fields)
  fn.call(parsed, parsed)
  var vectors = Object.create(null), termFields = new Set()
  var required = Object.create(null), prohibited = Object.create(null)
  /* the fields of documents matched, in the order lunr meets them, and
     where each is in that order, by field and document */
  var refDocuments = [], refFields = [], refTerms = [], terms = path()
  var refOf = fields.map(function () { return new Int32Array(state.hub.count).fill(-1) })
  fields.forEach(function (field) { vectors[field] = new lunr.Vector() })
  parsed.clauses.forEach(function (clause) {
    var clauseMatches = new Set()
    eachExpansion(clause, function (expanded) {
      if (expanded.length === 0 && clause.presence === lunr.Query.presence.REQUIRED)
        clause.fields.forEach(function (field) { required[field] = new Set() })
      expanded.forEach(function (term) {
        var posting = state.postings.get(term)
        clause.fields.forEach(function (field) {
          var f = fields.indexOf(field), documents = posting.documents[f]
          if (clause.presence === lunr.Query.presence.REQUIRED) {
            documents.forEach(function (number) { clauseMatches.add(number) })
            if (!(field in required)) required[field] = null
          }
          if (clause.presence === lunr.Query.presence.PROHIBITED) {
            var prohibits = prohibited[field] || (prohibited[field] = new Set())
            documents.forEach(function (number) { prohibits.add(number) })
            return
          }
          vectors[field].upsert(posting.index, clause.boost, function (a, b) { return a + b })
          if (termFields.has(term + "/" + field))
            return
          var refs = refOf[f]
          for (var d = 0; d < documents.length; d++) {
            var ref = refs[documents[d]]
            if (ref < 0) {
              ref = refs[documents[d]] = refDocuments.length
              refDocuments.push(documents[d])
              refFields.push(f)
              refTerms.push(terms)
            }
            refTerms[ref] = extend(refTerms[ref], term, term)
          }
          termFields.add(term + "/" + field)
        })
      })
    })
    if (clause.presence === lunr.Query.presence.REQUIRED)
      clause.fields.forEach(function (field) {
        required[field] = intersection(required[field], clauseMatches)
      })
  })
  var allRequired = null, allProhibited = new Set()
  fields.forEach(function (field) {
    if (field in required) allRequired = intersection(allRequired, required[field])
    if (field in prohibited) allProhibited = union(allProhibited, prohibited[field])
  })
  if (parsed.isNegated()) {
    /* every field of every document, each with no match data */
    refDocuments = []
    refFields = []
    refTerms = []
    for (var number = 0; number < state.hub.count; number++)
      fields.forEach(function (field, f) {
        refDocuments.push(number)
        refFields.push(f)
        refTerms.push(terms)
      })
  }
  var products = fields.map(function (field, f) { return dotProducts(vectors[field], f) })
  var magnitudes = fields.map(function (field) { return vectors[field].magnitude() })
  var results = [], matched = new Int32Array(state.hub.count).fill(-1), found = path()
  for (var r = 0; r < refDocuments.length; r++) {
    var doc = refDocuments[r], f = refFields[r], node = refTerms[r]
    if (allRequired !== null && !allRequired.has(doc))
      continue
    if (allProhibited.has(doc))
      continue
    var score = products[f][doc] / magnitudes[f] || 0
    var match
    if (matched[doc] < 0) {
      match = { ref: doc, score: score, found: found }
      matched[doc] = results.push(match) - 1
    } else {
      match = results[matched[doc]]
      match.score += score
    }
    match.found = extend(match.found, node.id * fields.length + f, { field: fields[f], node: node })
  }
  results.forEach(function (match) { match.matchData = matchDataOf(match.found) })
  return results.sort(function (a, b) { return b.score - a.score })
}

/* Where each matched term occurs in a document's field, as lunr records it
   when it indexes the document with Material's tokenizer */
function tablesOf(number, doc) {
  if (doc.tables)
    return doc.tables
  var tables = {}, positions = {}
  state.fields.forEach(function (field) {
    if (typeof doc[field] === "undefined")
      return
    tables[field] = lunr.tokenizer.table = []
    var terms = state.pipeline.run(tokenize(doc[field]))
    var found = positions[field] = Object.create(null)
    terms.forEach(function (token) {
      var term = token.toString()
      ;(found[term] || (found[term] = [])).push(token.metadata.position)
    })
  })
  doc.tables = tables
  doc.positions = positions
  return tables
}

/* ---------------------------------------------------------------------------
 * Material: Search.search, over the documents loaded for it
 * ------------------------------------------------------------------------ */

function present(number, matchData, terms, score) {
  var source = documentOf(number)
  var doc = { location: source.location, title: source.title }
  if (source.tags) doc.tags = source.tags.slice()
  if (typeof source.text !== "undefined") doc.text = source.text
  var tables = tablesOf(number, source)
  state.fields.forEach(function (field) {
    if (typeof doc[field] === "undefined")
      return
    var positions = []
    for (var term in matchData.metadata)
      if (typeof matchData.metadata[term][field] !== "undefined") {
        var found = source.positions[field][term]
        if (found) positions.push.apply(positions, found)
      }
    if (!positions.length)
      return
    var fn = Array.isArray(doc[field]) ? highlightAll : highlight
    doc[field] = fn(doc[field], tables[field], positions, field !== "text")
  })
  doc.score = score
  doc.terms = terms
  return doc
}

function search(query, ticket) {
  query = query.replace(/\p{sc=Han}+/gu, function (value) {
    return Array.from(segment(value, function (word) {
      return positionOf(word) >= 0
    })).join("* ")
  })
  query = transformSearchQuery(query)
  if (!query)
    return Promise.resolve({ type: RESULT, data: { items: [] }, hub: ticket })
  var clauses = parseSearchQuery(query).filter(function (clause) {
    return clause.presence !== lunr.Query.presence.PROHIBITED
  })
  var needed = new Set()
  var parsed = expansions(function (q) { new lunr.QueryParser(query, q).parse() }, needed)
  var suggest = function (builder) {
    clauses.forEach(function (clause) {
      builder.term(clause.term, {
        fields: ["title"],
        presence: lunr.Query.presence.REQUIRED,
        wildcard: lunr.Query.wildcard.TRAILING
      })
    })
  }
  if (state.options.suggest)
    expansions(suggest, needed)
  return loadTerms(needed, ticket).then(nextTask).then(function () {
    if (ticket !== asked)
      return null
    var matches = runQuery(function (q) { new lunr.QueryParser(query, q).parse() })
    /* Documents that matched the same terms share their terms and their
       share of the query found: at ten thousand pages, most of a common
       word's results (and the result message copies a shared object once);
       documents that share their match data share them without asking */
    var found = new Map(), shared = new Map()
    var items = matches.map(function (match) {
      var number = +match.ref, known = shared.get(match.matchData)
      if (!known) {
        var matched = Object.keys(match.matchData.metadata)
        var key = matched.join("\u0000")
        known = found.get(key)
        if (!known) {
          var terms = getSearchQueryTerms(clauses, matched)
          known = { terms: terms, share: Object.values(terms).filter(function (t) {
            return t
          }).length / Object.keys(terms).length }
          found.set(key, known)
        }
        shared.set(match.matchData, known)
      }
      var boost = +(state.hub.up[number] === 0) + known.share
      return { number: number, score: match.score * (1 + Math.pow(boost, 2)),
               terms: known.terms, matchData: match.matchData }
    }).sort(function (a, b) { return b.score - a.score })
    /* the first groups' pages are read while the rest is grouped */
    firstPages(items).forEach(function (page) { withTexts(page).catch(function () {}) })
    var groups = new Map()
    items.forEach(function (item) {
      var page = pageOf(item.number)
      var group = groups.get(page)
      if (!group) groups.set(page, group = [])
      group.push(item)
    })
    groups.forEach(function (group, page) {
      if (!group.find(function (item) { return item.number === page }))
        group.push({ number: page, score: 0, terms: {}, matchData: null })
    })
    var suggestions
    if (state.options.suggest) {
      var titles = runQuery(suggest)
      suggestions = titles.length ? Object.keys(titles[0].matchData.metadata) : []
    }
    return answer(Array.from(groups.entries()), suggestions, ticket)
  })
}

/* The pages of the first groups, as grouping the items will order them */
function firstPages(items) {
  var pages = new Set()
  for (var i = 0; i < items.length && pages.size < FIRST; i++)
    pages.add(pageOf(items[i].number))
  return Array.from(pages)
}

/* The result message: the first groups whole, the others' items as
   placeholders with their scores and terms (packed, in "rest"); their
   addresses and titles follow at once, their texts as the list grows
   (later) */
function answer(groups, suggestions, ticket) {
  var first = groups.slice(0, FIRST).map(function (entry) { return entry[0] })
  return Promise.all(first.map(withTexts)).then(function () {
    if (ticket !== asked)
      return null
    var items = groups.slice(0, FIRST).map(function (entry) { return entry[1].map(show) })
    var data = { items: items }
    if (typeof suggestions !== "undefined")
      data.suggest = suggestions
    var message = { type: RESULT, data: data, hub: ticket, rest: packed(groups.slice(FIRST)) }
    /* After the result is posted: items must not arrive before their result */
    if (groups.length > FIRST) {
      message.more = true
      setTimeout(function () { later(groups, ticket) }, 0)
    }
    return message
  })
}

/* A page's sections, headings and texts, from its file */
function withTexts(page) {
  return loadTexts(page).then(function (entries) {
    for (var key in entries) {
      var number = +key
      if (!state.docs.has(number))
        state.docs.set(number, headOf(entries[key]))
      if (!state.text.has(number))
        state.text.set(number, entries[key][3])
    }
  })
}

/* A document's heading, with its text once that is loaded */
function documentOf(number) {
  var doc = state.docs.get(number)
  if (typeof doc.text === "undefined" && state.text.has(number)) {
    doc.text = state.text.get(number)
    delete doc.tables
  }
  return doc
}

/* An item as Material's worker sends it; a text not loaded yet is empty */
function show(item) {
  var shown
  if (item.matchData) {
    shown = present(item.number, item.matchData, item.terms, item.score)
  } else {
    var doc = documentOf(item.number)
    shown = { location: doc.location, title: doc.title }
    if (typeof doc.text !== "undefined") shown.text = doc.text
    if (doc.tags) shown.tags = doc.tags.slice()
    shown.score = 0
    shown.terms = {}
  }
  if (typeof shown.text === "undefined")
    shown.text = ""
  return shown
}

/* The items of groups whose documents are not loaded yet, whose ranks are
   known and whose headings and texts follow: for each group its number of
   items, for each item its score and which of the result's terms objects it
   shares (-1 for a page that did not match: no terms, score 0). Arrays of
   numbers, which the message hands over instead of copying an object an
   item; the loader unpacks them into Material's items (unpack in
   search_loader.js) */
function packed(groups) {
  var count = 0
  groups.forEach(function (entry) { count += entry[1].length })
  var sizes = new Int32Array(groups.length), scores = new Float64Array(count)
  var kinds = new Int32Array(count), terms = [], known = new Map(), at = 0
  groups.forEach(function (entry, g) {
    sizes[g] = entry[1].length
    entry[1].forEach(function (item) {
      if (item.matchData) {
        var kind = known.get(item.terms)
        if (kind === undefined) {
          known.set(item.terms, kind = terms.length)
          terms.push(item.terms)
        }
        scores[at] = item.score
        kinds[at++] = kind
      } else {
        kinds[at++] = -1
      }
    })
  })
  return { sizes: sizes, scores: scores, kinds: kinds, terms: terms }
}

/* What the loader puts into an item of the result: all but the rank */
function patchOf(item) {
  var shown = show(item)
  var patch = { location: shown.location, title: shown.title, text: shown.text }
  if (shown.tags) patch.tags = shown.tags
  return patch
}

/* The groups past the first: every item's heading at once, then the texts,
   read ahead of the result list: the loader says how far the list has got
   (MORE), the worker sends the items of the groups up to there (ITEMS), for
   the loader to put into the items the list has not shown yet */
function later(groups, ticket) {
  var pending = state.later = {
    ticket: ticket, groups: groups, sent: FIRST, wanted: AHEAD, busy: null
  }
  var numbers = []
  groups.slice(FIRST).forEach(function (entry) {
    entry[1].forEach(function (item) { numbers.push(item.number) })
  })
  return run(pending, loadHeadsOf(numbers).then(function () {
    if (!current(pending))
      return
    send(pending, FIRST, groups.length, false)
    return step(pending)
  }))
}

/* Whether the items a result is waiting for are still wanted */
function current(pending) {
  return state.later === pending && pending.ticket === asked
}

function more(ticket, upto) {
  var pending = state.later
  if (!pending || pending.ticket !== ticket || ticket !== asked)
    return Promise.resolve()
  pending.wanted = Math.max(pending.wanted, upto)
  return pending.busy || run(pending, step(pending))
}

/* A file of a result's later items that cannot be read hands search back to
   Material, which answers the query again: its items must not stay empty */
function run(pending, work) {
  pending.busy = work.then(function () { pending.busy = null }, function (err) {
    pending.busy = null
    console.warn(err)
    postMessage({ type: "hub-failed" })
  })
  return pending.busy
}

function send(pending, from, until, done) {
  var patch = []
  for (var g = from; g < until; g++)
    pending.groups[g][1].forEach(function (item, i) {
      patch.push([g, i, patchOf(item)])
    })
  postMessage({ type: ITEMS, hub: pending.ticket, data: patch, done: done })
}

function step(pending) {
  if (!current(pending))
    return Promise.resolve()
  var from = pending.sent
  var until = Math.min(pending.groups.length, pending.wanted, from + 20)
  if (from >= until)
    return Promise.resolve()
  var pages = pending.groups.slice(from, until).map(function (entry) { return entry[0] })
  return Promise.all(pages.map(withTexts)).then(function () {
    if (!current(pending))
      return
    send(pending, from, until, until >= pending.groups.length)
    pending.sent = until
    return step(pending)
  })
}

/* ---------------------------------------------------------------------------
 * Messages: each once the set-up is done; a query does not wait for the one
 * before it, and one overtaken by a newer query is dropped
 * ------------------------------------------------------------------------ */

if (named)
  vocabulary = { path: named, words: new Promise(function (resolve, reject) {
    handOver = { resolve: resolve, reject: reject }
  }) }

addEventListener("message", function (ev) {
  var message = ev.data
  /* at once: the set-up waits for it */
  if (message.type === VOCABULARY)
    return handedOver(message.data)
  var ticket = message.type === QUERY ? ++asked : asked
  var handled = queue.then(function () {
    if (message.type === SETUP)
      return setup(message.data).then(function () { return { type: READY } })
    if (message.type === QUERY) {
      if (ticket !== asked)
        return null
      return search(message.data, ticket)
    }
    if (message.type === MORE) {
      more(message.hub, message.upto)
      return null
    }
    throw new TypeError("Invalid message type")
  }).then(function (reply) {
    if (reply && reply.rest)
      postMessage(reply, [reply.rest.sizes.buffer, reply.rest.scores.buffer,
                          reply.rest.kinds.buffer])
    else if (reply)
      postMessage(reply)
  }, function (err) {
    /* A query lunr cannot parse finds nothing, as in Material's worker; a
       missing or unreadable index file hands search back to Material */
    console.warn(err)
    if (message.type === QUERY && err instanceof lunr.QueryParseError) {
      if (ticket === asked)
        postMessage({ type: RESULT, data: { items: [] }, hub: ticket })
    } else {
      postMessage({ type: "hub-failed" })
    }
  })
  if (message.type === SETUP)
    queue = handled
})
