/* Chi bộ số · Góc đảng viên: keeps an offline copy of the member's pages and the next meeting's documents. */
"use strict";
var CACHE = "chibo-me-v1";
var SCOPE = "{{ scope|escapejs }}";
self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "forget") { event.waitUntil(caches.delete(CACHE)); return; }
  if (data.type !== "offline" || !Array.isArray(data.urls)) return;
  // One at a time: on a slow connection the page the member is reading comes first.
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return data.urls.filter(function (u) { return u.indexOf(SCOPE) === 0; }).reduce(function (done, url) {
      return done.then(function () {
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (response.ok && !response.redirected) return cache.put(url, response);
        }).catch(function () {});
      });
    }, Promise.resolve());
  }));
});
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf(SCOPE) !== 0) return;
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok && !response.redirected && request.mode === "navigate") {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname).then(function (hit) {
      return hit || (request.mode === "navigate" ? caches.match(SCOPE) : undefined);
    }).then(function (hit) {
      return hit || new Response("Không có mạng / offline", {
        status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    });
  }));
});
