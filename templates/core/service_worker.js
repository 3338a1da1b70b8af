/* Berdaya's service worker (served at /sw.js by berdaya.core.pwa; ADR 0010).

   - Static files: cache-first when the name carries a content hash (they never change), network
     first otherwise (development). The look, the scripts and the offline page are precached.
   - Pages (GET navigations): network first; when the network fails, or has not answered within a
     few seconds and a copy exists, the copy kept from the user's last visit of that page, marked
     so that offline.js shows the "offline" banner; otherwise the offline page.
   - Kept pages belong to one signed-in session: the copies are deleted on signing in, on
     signing out, and whenever the sign-in page is opened (a session that ended). Sign-in,
     password, admin pages and resume links are never kept.
   - A form marked data-offline="queue" whose POST does not get through (no answer, or a 5xx
     answer from the server or a proxy) is kept in the phone's outbox (IndexedDB, shared with
     offline.js, which sends it later with its one-time key) and the browser is sent back to the
     form's page.
   - Nothing answered to a POST is ever cached. */
"use strict";

const CONFIG = {{ config|safe }};
const STATIC_CACHE = "berdaya-static-" + CONFIG.version;
const PAGE_CACHE = "berdaya-pages";
const MAX_PAGES = 60;
const WAIT_BEFORE_COPY_MS = 4000;
const HASHED = /\.[0-9a-f]{12}\.[a-z0-9]+$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => {
      const offline = new Request(CONFIG.offline, { credentials: "omit" });
      return cache.addAll(CONFIG.precache.concat([offline]));
    }).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(
      names
        .filter((name) => name.startsWith("berdaya-static-") && name !== STATIC_CACHE)
        .map((name) => caches.delete(name))
    )).then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGE_CACHE));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (request.mode === "navigate") event.respondWith(postNavigation(request));
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith(CONFIG.static)) {
    event.respondWith(staticFile(request, url));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event, url));
  }
});

// --- static files ------------------------------------------------------------------------------
async function staticFile(request, url) {
  const cache = await caches.open(STATIC_CACHE);
  if (HASHED.test(url.pathname)) {
    const hit = await cache.match(request);
    if (hit) return hit;
  }
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(request, response.clone());
    return response;
  } catch (error) {
    return (await cache.match(request)) || Response.error();
  }
}

// --- pages -------------------------------------------------------------------------------------
function kept(url) {
  return !CONFIG.notKept.some((prefix) => url.pathname.startsWith(prefix))
    && url.pathname !== CONFIG.offline;
}

async function forgetPages() {
  await caches.delete(PAGE_CACHE);
}

async function page(event, url) {
  const request = event.request;
  if (url.pathname === CONFIG.login) await forgetPages();
  const keep = kept(url);
  const copy = keep ? await (await caches.open(PAGE_CACHE)).match(request.url) : undefined;
  const network = fetch(request).then((response) => {
    if (keep && worthKeeping(response)) event.waitUntil(keepPage(request.url, response.clone()));
    return response;
  });
  if (!copy) return network.catch(() => offlinePage());
  return new Promise((resolve) => {
    let settled = false;
    const finish = (response) => {
      if (!settled) { settled = true; clearTimeout(timer); resolve(response); }
    };
    const timer = setTimeout(() => finish(markedCopy(copy)), WAIT_BEFORE_COPY_MS);
    network.then(finish, () => finish(markedCopy(copy)));
  });
}

function worthKeeping(response) {
  return response.status === 200 && response.type === "basic"
    && (response.headers.get("Content-Type") || "").startsWith("text/html");
}

async function keepPage(key, response) {
  const html = await response.text();
  const title = (html.match(/<title>([^<]*)<\/title>/) || ["", ""])[1].trim();
  const cache = await caches.open(PAGE_CACHE);
  await cache.put(key, new Response(html, {
    headers: {
      "Content-Type": response.headers.get("Content-Type"),
      "X-Berdaya-Kept-At": new Date().toISOString(),
      "X-Berdaya-Title": encodeURIComponent(title),
    },
  }));
  const keys = await cache.keys();  // oldest first: a page kept again moves to the end
  await Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map((k) => cache.delete(k)));
}

async function markedCopy(copy) {
  const html = await copy.text();
  const when = copy.headers.get("X-Berdaya-Kept-At") || "";
  const marked = html.replace("<body", '<body data-offline-copy="' + when + '"');
  return new Response(marked, { headers: { "Content-Type": copy.headers.get("Content-Type") } });
}

async function offlinePage() {
  const cache = await caches.open(STATIC_CACHE);
  const page = await cache.match(CONFIG.offline);
  if (page) return page;
  return new Response(
    '<!doctype html><html lang="id"><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
    + "<h1>Anda sedang offline</h1><p>Halaman ini belum tersimpan di ponsel. Sambungkan ke internet "
    + "(data seluler atau Wi-Fi), lalu muat ulang halaman.</p>", {
    status: 503, headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}

// --- form posts ---------------------------------------------------------------------------------
// A kept form (data-offline="queue") that does not get through, although the phone says it is
// online: no answer (a weak signal), or the server or a proxy answers 5xx. It goes to the outbox
// with its one-time key, to be sent again by offline.js; never lost, never applied twice.
async function postNavigation(request) {
  const path = new URL(request.url).pathname;
  if (path === CONFIG.login || path === CONFIG.logout) await forgetPages();
  const type = request.headers.get("Content-Type") || "";
  const body = type.startsWith("application/x-www-form-urlencoded") ? request.clone() : null;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    return (await keepForLater(request, path, body, 0)) || offlinePage();
  }
  if (response.status >= 500) return (await keepForLater(request, path, body, 1)) || response;
  return response;
}

async function keepForLater(request, path, body, serverErrors) {
  const fields = body ? Array.from((await body.formData()).entries()) : [];
  const marker = fields.find(([name]) => name === CONFIG.queueField);
  if (!marker) return null;
  let about = {};
  try { about = JSON.parse(marker[1]); } catch (ignored) { /* a damaged marker: defaults */ }
  await outboxAdd({
    url: path + new URL(request.url).search,
    fields: fields.filter(([name, value]) => name !== CONFIG.queueField && typeof value === "string"),
    page: about.page || path,
    label: about.label || "",
    account: about.account || "",
    createdAt: Date.now(),
    state: "pending",
    serverErrors: serverErrors,
    fresh: true,
  });
  return Response.redirect(about.page || path, 303);
}

// The outbox, as offline.js opens it (same database, version and store).
function outboxAdd(item) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open("berdaya", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction("outbox", "readwrite");
      tx.objectStore("outbox").add(item);
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => { open.result.close(); reject(tx.error); };
    };
  });
}
