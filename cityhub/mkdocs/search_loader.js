/*
 * The hub's search loader: Material's search box, answered by the hub's
 * worker from an index built once at build time, fetched only when asked.
 *
 * Material's bundle requests search/search_index.json (every section of
 * every page) and starts its search worker on every page view. This script
 * runs before the bundle and changes three things behind Material's search
 * box, result list, highlighting and suggestions, which stay Material's own:
 *
 * - the bundle's request for the index goes to the prebuilt index's small
 *   set-up file (the configuration, under a content-hashed address), and is
 *   sent only when the visitor focuses or types in the search box (or
 *   arrives from a search result, whose words the page highlights);
 * - the worker started is the hub's (cityhub/mkdocs/search_worker.js),
 *   handed the index's vocabulary (fetched with the worker's script and the
 *   set-up file), which fetches the pieces of the index each query needs;
 * - the results past the first screen, whose addresses, titles and texts the
 *   hub's worker sends after the result, are put into the result the list is
 *   showing before the list shows them.
 *
 * If the hub's worker cannot set up (an index file missing, a network
 * error), Material's own worker is started with Material's own index, as if
 * this script were not there. What this relies on in Material's bundle is
 * checked at build time by cityhub/mkdocs/search_loader.py, which leaves
 * stock search in place when a Material release changes it.
 */
(function () {
  "use strict"
  var INDEX = "__HUB_SEARCH_INDEX__"
  var HUB_WORKER = "__HUB_SEARCH_WORKER__"
  var element = document.getElementById("__config")
  if (!element || !window.XMLHttpRequest || !window.Worker || !window.EventTarget ||
      !window.Promise || !window.fetch)
    return
  var config = JSON.parse(element.textContent)
  var base = new URL(config.base, location.href)
  var stock = new URL("search/search_index.json", base).href
  var index = new URL(INDEX, base).href
  var worker = new URL(config.search, location.href).href
  /* the index's vocabulary, fetched with the worker's script and the set-up
     file and handed to the worker, whose address names the index's folder */
  var folder = INDEX.replace(/[^/]*$/, "")
  var vocabulary = new URL(folder + "v.json", base).href
  var hubWorker = new URL(HUB_WORKER, base).href + "#" + encodeURIComponent(folder)

  var ask
  var asked = new Promise(function (resolve) { ask = resolve })
  function inSearch(target) {
    return target && target.closest && target.closest("[data-md-component=search]")
  }
  document.addEventListener("focusin", function (ev) { if (inSearch(ev.target)) ask() })
  document.addEventListener("input", function (ev) { if (inSearch(ev.target)) ask() })
  document.addEventListener("change", function (ev) {
    if (ev.target && ev.target.id === "__search" && ev.target.checked) ask()
  })
  if (new URLSearchParams(location.search).has("h")) ask()

  function address(url) { return new URL(String(url), location.href).href }

  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  XMLHttpRequest.prototype.open = function (method, url) {
    var args = Array.prototype.slice.call(arguments)
    this.hubSearchIndex = address(url) === stock
    if (this.hubSearchIndex) {
      args[1] = index
      watch(this)
    }
    return open.apply(this, args)
  }
  /* The prebuilt index's set-up file cannot be read: the request goes where
     the bundle sent it, to Material's own index, before the bundle hears of
     the failure (this listener comes first: it is added as the bundle opens
     the request, before the bundle adds its own) */
  function watch(request) {
    var reopened = false
    function failed(ev) {
      if (reopened || (ev.type === "load" && request.status >= 200 && request.status < 300))
        return
      ev.stopImmediatePropagation()
      reopened = true
      open.call(request, "GET", stock)
      send.call(request)
    }
    request.addEventListener("load", failed)
    request.addEventListener("error", failed)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this, args = arguments
    if (!request.hubSearchIndex)
      return send.apply(request, args)
    asked.then(function () {
      if (request.readyState === XMLHttpRequest.OPENED)
        send.apply(request, args)
    })
  }

  /* The hub's worker sends the items of the groups past the first screen
     packed: each group's size, each item's score and its terms (an index
     into the result's terms objects, or -1 for a page that did not match).
     They become the items Material's list expects, their headings and texts
     empty until the worker sends them */
  function unpack(rest, items) {
    for (var g = 0, at = 0; g < rest.sizes.length; g++) {
      var group = new Array(rest.sizes[g])
      for (var i = 0; i < group.length; i++, at++) {
        var kind = rest.kinds[at]
        group[i] = { location: "", title: "", text: "", score: kind < 0 ? 0 : rest.scores[at],
                     terms: kind < 0 ? {} : rest.terms[kind] }
      }
      items.push(group)
    }
  }

  var Worker = window.Worker
  function SearchWorker(url, options) {
    if (address(url) !== worker)
      return new Worker(url, options)
    var target = new EventTarget(), started = null, fellBack = false
    var setup = null, shown = null, lastQuery = null
    function deliver(data) {
      target.dispatchEvent(new MessageEvent("message", { data: data }))
    }
    function listen(running) {
      running.addEventListener("message", function (ev) {
        var message = ev.data
        if (running !== started)
          return
        if (message && message.type === "hub-failed")
          return fallBack()
        if (message && message.type === 100) {
          /* Results the list has not shown yet: their addresses, titles and
             texts, put into its items */
          if (shown && shown.hub === message.hub)
            message.data.forEach(function (patch) {
              var item = shown.data.items[patch[0]][patch[1]]
              if (item) Object.assign(item, patch[2])
            })
          return
        }
        if (message && message.type === 3) {
          if (message.rest) {
            unpack(message.rest, message.data.items)
            delete message.rest
          }
          shown = message
        }
        /* Material's worker, once ready, answers the query the hub's could not */
        if (message && message.type === 1 && fellBack && lastQuery)
          running.postMessage(lastQuery)
        deliver(message)
      })
      running.addEventListener("error", function () {
        if (running === started && !fellBack) fallBack()
      })
    }
    function start() {
      if (!started) {
        started = new Worker(hubWorker, options)
        listen(started)
        watchList()
        handOver(started)
      }
      return started
    }
    /* The vocabulary as bytes, moved to the worker, which reads them: the
       page neither parses nor copies it; null if it cannot be read */
    function handOver(running) {
      fetch(vocabulary).then(function (response) {
        if (!response.ok)
          throw new Error("search: " + vocabulary + " answered " + response.status)
        return response.arrayBuffer()
      }).then(function (bytes) {
        running.postMessage({ type: 102, data: bytes }, [bytes])
      }, function () {
        running.postMessage({ type: 102, data: null })
      })
    }
    /* As the result list shows more results, the worker reads their texts ahead */
    function watchList() {
      var list = document.querySelector(".md-search-result__list")
      if (!list || !window.MutationObserver)
        return
      new MutationObserver(function () {
        if (shown && !fellBack && started)
          started.postMessage({ type: 101, hub: shown.hub, upto: list.children.length + 40 })
      }).observe(list, { childList: true })
    }
    function withDocuments(message) {
      return !!(message && message.data && message.data.docs && message.data.docs.length)
    }
    /* Material's own worker and index, as the bundle would have loaded them */
    function fallBack() {
      if (fellBack)
        return
      fellBack = true
      if (started)
        started.terminate()
      started = new Worker(url, options)
      listen(started)
      var running = started
      if (withDocuments(setup))
        return running.postMessage(setup)
      fetch(stock).then(function (response) { return response.json() }).then(function (data) {
        running.postMessage({ type: 0, data: {
          config: data.config, docs: data.docs, options: setup ? setup.data.options : {}
        } })
      })
    }
    /* The worker's script loads while the set-up file downloads */
    asked.then(start)
    target.postMessage = function (message) {
      if (message && message.type === 0) {
        setup = message
        /* Material's own index, read because the prebuilt one could not be */
        if (withDocuments(message))
          return fallBack()
        if (fellBack) return
      }
      if (message && message.type === 2)
        lastQuery = message
      start().postMessage(message)
    }
    target.terminate = function () { if (started) started.terminate() }
    return target
  }
  SearchWorker.prototype = Worker.prototype
  window.Worker = SearchWorker
})()
