/*
 * The hub's search loader: Material's search, fetched only when a visitor asks.
 *
 * Material's bundle requests search/search_index.json and starts its search
 * worker on every page view. This script runs before the bundle and holds
 * both back until the visitor focuses or types in the search box (or arrives
 * from a search result, whose words the page highlights): the index request
 * is sent then, to the index's content-hashed address, and the worker is
 * started at the same moment. The search box, the
 * results, highlighting and suggestions are Material's own, unchanged.
 *
 * What it relies on in Material's bundle (the request by XMLHttpRequest to
 * search/search_index.json under __config.base, the worker started with
 * `new Worker(__config.search)`) is checked at build time by
 * cityhub/mkdocs/search_loader.py, which leaves stock search in place when a
 * Material release changes it. Anything unexpected here does the same.
 */
(function () {
  "use strict"
  var INDEX = "__HUB_SEARCH_INDEX__"
  var element = document.getElementById("__config")
  if (!element || !window.XMLHttpRequest || !window.Worker || !window.EventTarget)
    return
  var config = JSON.parse(element.textContent)
  var base = new URL(config.base, location.href)
  var stock = new URL("search/search_index.json", base).href
  var index = new URL(INDEX, base).href
  var worker = new URL(config.search, location.href).href

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
    if (this.hubSearchIndex)
      args[1] = index
    return open.apply(this, args)
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

  var Worker = window.Worker
  function SearchWorker(url, options) {
    if (address(url) !== worker)
      return new Worker(url, options)
    var target = new EventTarget(), started = null
    function start() {
      if (!started) {
        started = new Worker(url, options)
        started.addEventListener("message", function (ev) {
          target.dispatchEvent(new MessageEvent("message", { data: ev.data }))
        })
      }
      return started
    }
    /* The worker's script loads while the index downloads */
    asked.then(start)
    target.postMessage = function (message) { start().postMessage(message) }
    target.terminate = function () { if (started) started.terminate() }
    return target
  }
  SearchWorker.prototype = Worker.prototype
  window.Worker = SearchWorker
})()
