/* Berdaya offline (ADR 0010): registers the service worker, shows the "offline" banner, and keeps
   forms marked data-offline="queue" on the phone when there is no connection, to send them when
   it returns. A kept form carries its one-time key (once_token): sent twice, the server applies
   it once. Loaded with defer on every page (templates/base.html). */
(function () {
  "use strict";
  var script = document.currentScript;
  var ACCOUNT = (script && script.dataset.account) || "";
  var SW_URL = script && script.dataset.sw;
  var QUEUE_FIELD = "offline_queue";
  var SERVER_TRIES = 10;  // 5xx answers before a kept form is handed back to be checked
  var TOKEN_FIELD = "once_token";
  var area = document.getElementById("offline-area");
  var banner = area && area.querySelector(".offline-banner");
  var keptAt = document.body.getAttribute("data-offline-copy");
  var notice = "";
  // The offline page is the same for everyone: it does not know who is signed in.
  var ACCOUNT_KNOWN = !document.getElementById("saved-pages");

  if ("serviceWorker" in navigator && SW_URL) {
    navigator.serviceWorker.register(SW_URL, { scope: "/" }).catch(function () {});
  }

  // --- the outbox (IndexedDB "berdaya", store "outbox"; the service worker adds to it too) ----
  function db() {
    return new Promise(function (resolve, reject) {
      var open = indexedDB.open("berdaya", 1);
      open.onupgradeneeded = function () {
        open.result.createObjectStore("outbox", { keyPath: "id", autoIncrement: true });
      };
      open.onsuccess = function () { resolve(open.result); };
      open.onerror = function () { reject(open.error); };
    });
  }
  function withStore(mode, work) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var tx = conn.transaction("outbox", mode);
        var result = work(tx.objectStore("outbox"));
        tx.oncomplete = function () { conn.close(); resolve(result && "value" in result ? result.value : result); };
        tx.onerror = function () { conn.close(); reject(tx.error); };
      });
    });
  }
  function allItems() {
    return withStore("readonly", function (store) {
      var box = { value: [] };
      store.openCursor().onsuccess = function (e) {
        var cursor = e.target.result;
        if (cursor) { box.value.push(cursor.value); cursor.continue(); }
      };
      return box;
    });
  }
  function update(id, change) {
    // Read and write in one transaction: two tabs never both claim the same item.
    return withStore("readwrite", function (store) {
      var box = { value: null };
      store.get(id).onsuccess = function (e) {
        var item = e.target.result;
        if (!item) return;
        var changed = change(item);
        if (changed === "delete") { store.delete(id); box.value = item; }
        else if (changed) { store.put(changed); box.value = changed; }
      };
      return box;
    });
  }

  // --- the banner --------------------------------------------------------------------------
  function when(iso) {
    var date = iso ? new Date(iso) : null;
    if (!date || isNaN(date)) return "";
    return date.toLocaleString("id-ID", { day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }
  function showBanner() {
    if (!banner) return;
    var parts = [];
    if (!navigator.onLine) {
      parts.push("Anda sedang offline.");
      parts.push(keptAt ? "Ini salinan halaman yang tersimpan di ponsel (" + when(keptAt) + ")." : "Halaman yang pernah dibuka tetap bisa dilihat.");
    } else if (keptAt) {
      parts.push("Koneksi terputus atau lambat: ini salinan halaman yang tersimpan di ponsel (" + when(keptAt) + "). Muat ulang untuk versi terbaru.");
    }
    if (notice) parts.push(notice);
    banner.textContent = parts.join(" ");
    area.classList.toggle("is-offline", !navigator.onLine || !!keptAt);
    area.classList.toggle("has-text", parts.length > 0);
    area.classList.toggle("is-done", !!notice && navigator.onLine && !keptAt);
  }

  // What happened to a kept form and what to do, in words for a phone user (issue 14).
  function describe(item) {
    if (item.state === "check") {
      return "Tidak diterima" + (item.reason ? ": " + item.reason.replace(/[.\s]+$/, "") : "") +
        ". Buka formulirnya, periksa isiannya, lalu kirim lagi.";
    }
    if (ACCOUNT_KNOWN && item.account && item.account !== ACCOUNT) {
      return "Belum terkirim: masuk dengan akun yang mengisinya, lalu isian ini dikirim otomatis.";
    }
    if (item.state === "sending") return "Sedang dikirim...";
    if (item.serverErrors) {
      return "Belum terkirim: server sedang bermasalah. Dicoba lagi otomatis, tidak perlu mengisi ulang.";
    }
    return "Belum terkirim: menunggu sinyal internet. Dikirim otomatis saat tersambung, tidak perlu mengisi ulang.";
  }
  function showOutbox() {
    if (!area) return Promise.resolve();
    return allItems().then(function (items) {
      var old = area.querySelector(".outbox");
      if (old) old.remove();
      if (!items.length) return;
      var box = el("section", { "class": "outbox", "aria-labelledby": "outbox-title" });
      box.appendChild(el("h2", { id: "outbox-title" }, items.length + " isian tersimpan di ponsel ini, belum terkirim"));
      var list = el("ul");
      items.forEach(function (item) {
        var li = el("li", { "class": "outbox-" + item.state });
        li.appendChild(el("strong", {}, item.label || item.page));
        li.appendChild(document.createTextNode(" · diisi " + when(new Date(item.createdAt).toISOString()) + ". " + describe(item) + " "));
        if (item.state === "check") {
          if (item.page === location.pathname + location.search && formFor(item)) {
            var fill = el("button", { type: "button", "class": "link-button" }, "Masukkan isian ini ke formulir di halaman ini");
            fill.addEventListener("click", function () { refill(item); });
            li.appendChild(document.createTextNode(" "));
            li.appendChild(fill);
          }
          else li.appendChild(el("a", { href: item.page }, "Buka formulir untuk diperiksa"));
          var drop = el("button", { type: "button", "class": "link-button" }, "Hapus isian ini");
          drop.addEventListener("click", function () {
            if (!window.confirm("Hapus isian ini dari ponsel? Isian yang dihapus tidak bisa dikembalikan.")) return;
            update(item.id, function () { return "delete"; }).then(showOutbox);
          });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(drop);
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      area.appendChild(box);
    }).catch(function () {});
  }

  // --- forms kept on the phone -------------------------------------------------------------
  function freshToken() {
    var bytes = new Uint8Array(18);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function renewToken(form) {
    var field = form.querySelector('input[name="' + TOKEN_FIELD + '"]');
    if (field) field.value = freshToken();
  }
  function labelOf(form) {
    var heading = document.querySelector("main h1");
    return form.getAttribute("data-offline-label") || (heading ? heading.textContent.trim() : document.title);
  }
  function formFor(item) {
    var forms = document.querySelectorAll('form[data-offline="queue"]');
    for (var i = 0; i < forms.length; i++) {
      if (new URL(forms[i].action, location.href).pathname === item.url.split("?")[0]) return forms[i];
    }
    return null;
  }
  function say(form, text) {
    var holder = form.parentElement;
    var inRow = holder && getComputedStyle(holder).display === "flex";  // a row: below it
    var old = (inRow ? holder : form).querySelector(".offline-saved");
    if (old) old.remove();
    var message = el("p", { "class": "offline-saved", role: "status" }, text);
    if (inRow) form.after(message); else form.appendChild(message);
  }

  function keep(form, submitter, why) {
    var data = new FormData(form, submitter);
    var fields = [];
    data.forEach(function (value, name) {
      if (typeof value === "string" && name !== QUEUE_FIELD) fields.push([name, value]);
    });
    var action = new URL(form.action, location.href);
    renewToken(form);  // a second, deliberate submit of this page is a new one
    return withStore("readwrite", function (store) {
      store.add({
        url: action.pathname + action.search, fields: fields, page: location.pathname + location.search,
        label: labelOf(form), account: ACCOUNT, createdAt: Date.now(), state: "pending",
      });
    }).then(function () {
      say(form, why || "Tersimpan di ponsel, akan dikirim saat tersambung.");
      return showOutbox();
    });
  }

  function prepare(form) {
    if (form.querySelector('input[type="file"]')) {
      form.setAttribute("data-offline-files", "");
      return;
    }
    var marker = form.querySelector('input[name="' + QUEUE_FIELD + '"]') || el("input", { type: "hidden", name: QUEUE_FIELD });
    marker.value = JSON.stringify({ page: location.pathname + location.search, label: labelOf(form), account: ACCOUNT });
    form.appendChild(marker);
    // A copy of a page carries the key of a form sent back then: this is a new submission.
    if (keptAt) renewToken(form);
  }
  document.querySelectorAll('form[data-offline="queue"]').forEach(prepare);

  // Before htmx or the browser sends it (capture phase): offline, the form stays on the phone.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-offline="queue"]')) return;
    if (navigator.onLine) { form.removeAttribute("data-refilled"); return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (form.hasAttribute("data-offline-files")) {
      say(form, "Anda sedang offline. Foto dan berkas tidak bisa disimpan di ponsel: kirim formulir ini saat tersambung.");
      return;
    }
    keep(form, event.submitter);
  }, true);

  // htmx sent it but the network failed (a weak signal that still says "online"), or the server
  // could not take it (5xx): kept on the phone, sent again later with the same one-time key.
  function queuedFormOf(event) {
    var form = event.detail && event.detail.elt && event.detail.elt.closest('form[data-offline="queue"]');
    return form && !form.hasAttribute("data-offline-files") ? form : null;
  }
  document.addEventListener("htmx:sendError", function (event) {
    var form = queuedFormOf(event);
    if (form) keep(form, null, "Sinyal tidak cukup untuk mengirim. Tersimpan di ponsel, akan dikirim otomatis saat tersambung.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var form = queuedFormOf(event);
    var status = event.detail && event.detail.xhr ? event.detail.xhr.status : 0;
    if (form && status >= 500) keep(form, null, "Server sedang bermasalah. Tersimpan di ponsel, akan dikirim lagi otomatis.");
  });

  function refill(item) {
    var form = formFor(item);
    if (!form) return;
    var skip = ["csrfmiddlewaretoken", TOKEN_FIELD, QUEUE_FIELD];
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (box) {
      if (skip.indexOf(box.name) < 0) box.checked = false;
    });
    item.fields.forEach(function (pair) {
      if (skip.indexOf(pair[0]) >= 0) return;
      form.querySelectorAll('[name="' + CSS.escape(pair[0]) + '"]').forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") { if (field.value === pair[1]) field.checked = true; }
        else if (field.type !== "hidden" && field.type !== "submit") field.value = pair[1];
      });
    });
    update(item.id, function () { return "delete"; }).then(showOutbox);
    form.scrollIntoView();
    say(form, "Isian dikembalikan ke formulir. Periksa, lalu kirim.");
  }

  // --- sending ----------------------------------------------------------------------------
  function post(item) {
    return fetch(item.url, {
      method: "POST", body: new URLSearchParams(item.fields), credentials: "same-origin",
      redirect: "manual", headers: { "X-Berdaya-Outbox": "1" },
    });
  }
  function freshCsrf(item) {
    return fetch(item.page, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var field = doc.querySelector('input[name="csrfmiddlewaretoken"]');
      return field ? field.value : null;
    });
  }
  function send(item) {
    return post(item).then(function (response) {
      if (response.status !== 403) return response;
      // The CSRF token rotated (signed in again): take a fresh one, keep the one-time key.
      return freshCsrf(item).then(function (token) {
        if (!token) return response;
        item.fields = item.fields.map(function (p) { return p[0] === "csrfmiddlewaretoken" ? [p[0], token] : p; });
        return post(item);
      });
    }).then(function (response) {
      if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) return { outcome: "sent" };
      if (response.status >= 500) return { outcome: "server" };
      // The form came back (a problem to fix) or was refused: say why, as the server said it.
      return response.text().then(function (html) {
        return { outcome: "check", reason: refusal(response.status, html) };
      }, function () { return { outcome: "check", reason: refusal(response.status, "") }; });
    }, function () { return { outcome: "later" }; });  // no answer: the network, not the form
  }
  // Why the server did not accept a form, from its answer: the form's own error summary (the
  // messages beside the fields), else a page's alert, else a plain reason per status.
  function refusal(status, html) {
    var doc = html ? new DOMParser().parseFromString(html, "text/html") : null;
    var problems = [];
    [".error-summary li", ".errorlist li", "main [role=alert], main .notice-error"].some(function (selector) {
      problems = doc ? Array.prototype.map.call(doc.querySelectorAll(selector), function (node) {
        return node.textContent.replace(/\s+/g, " ").trim();
      }).filter(function (text, i, all) { return text && all.indexOf(text) === i; }) : [];
      return problems.length > 0;
    });
    if (problems.length) {
      var text = problems.join("; ");
      return text.length > 300 ? text.slice(0, 297) + "..." : text;
    }
    if (status === 403) return "akun Anda tidak boleh mengirim formulir ini (mungkin Anda sudah keluar atau masuk dengan akun lain)";
    if (status === 404) return "formulirnya sudah tidak ada di server";
    if (status === 200) return "server mengembalikan formulirnya tanpa menyimpan";
    return "server menolaknya";
  }
  function claim(item) {
    var now = Date.now();
    return update(item.id, function (current) {
      if (current.state === "check") return null;
      if (current.state === "sending" && current.lockedUntil > now) return null;
      current.state = "sending";
      current.lockedUntil = now + 60000;
      return current;
    });
  }
  var flushing = false;
  function flushAll() {
    return allItems().then(function (items) {
      var mine = items.filter(function (item) { return !item.account || item.account === ACCOUNT; });
      var sent = 0, refused = 0;
      return mine.reduce(function (chain, item) {
        return chain.then(function () {
          if (!navigator.onLine) return null;
          return claim(item).then(function (claimed) {
            if (!claimed) return null;
            return send(claimed).then(function (result) {
              if (result.outcome === "sent") sent += 1;
              if (result.outcome === "check") refused += 1;
              return update(item.id, function (current) {
                if (result.outcome === "sent") return "delete";
                current.state = result.outcome === "check" ? "check" : "pending";
                current.lockedUntil = 0;
                if (result.reason) current.reason = result.reason;
                if (result.outcome === "server") {
                  // The server failed to take it: tried again (the one-time key keeps it single),
                  // but not forever; a form it keeps failing on goes back to the person.
                  current.serverErrors = (current.serverErrors || 0) + 1;
                  if (current.serverErrors >= SERVER_TRIES) {
                    current.state = "check";
                    current.reason = "server gagal memprosesnya " + SERVER_TRIES + " kali";
                  }
                }
                return current;
              });
            });
          });
        });
      }, Promise.resolve()).then(function () { return { sent: sent, refused: refused }; });
    });
  }
  function flush() {
    if (flushing || !navigator.onLine || !window.indexedDB) return;
    flushing = true;
    var run = navigator.locks ? navigator.locks.request("berdaya-outbox", flushAll) : flushAll();
    run.then(function (result) {
      var saved = document.querySelectorAll(".offline-saved");
      if (result.sent) {
        notice = result.sent + " isian tersimpan sudah terkirim. Muat ulang halaman untuk melihat hasilnya.";
        saved.forEach(function (p) { p.textContent = "Terkirim."; });
      }
      if (result.refused && !result.sent) {
        saved.forEach(function (p) { p.textContent = "Tidak diterima server: lihat keterangannya di daftar isian tersimpan di atas."; });
      }
    }).catch(function () {}).then(function () {
      flushing = false;
      showBanner();
      return showOutbox();
    });
  }

  // Items the service worker kept while this page loaded (a form sent with no network).
  function announceFresh() {
    return allItems().then(function (items) {
      var fresh = items.filter(function (item) { return item.fresh; });
      if (!fresh.length) return;
      notice = fresh.some(function (item) { return item.serverErrors; })
        ? "Server sedang bermasalah, jadi isian Anda belum terkirim. Tersimpan di ponsel, akan dikirim lagi otomatis."
        : "Sinyal tidak cukup untuk mengirim. Tersimpan di ponsel, akan dikirim otomatis saat tersambung.";
      return Promise.all(fresh.map(function (item) {
        return update(item.id, function (current) { delete current.fresh; return current; });
      }));
    });
  }

  // On the offline page: the pages kept on this phone (by the service worker), newest first.
  var saved = document.getElementById("saved-pages");
  if (saved && window.caches) {
    caches.open("berdaya-pages").then(function (cache) {
      return cache.keys().then(function (keys) {
        return Promise.all(keys.reverse().map(function (request) {
          return cache.match(request).then(function (response) {
            var title = decodeURIComponent(response.headers.get("X-Berdaya-Title") || "");
            return { url: request.url, title: title.replace(/ · Berdaya$/, "") || new URL(request.url).pathname };
          });
        }));
      });
    }).then(function (pages) {
      if (!pages.length) return;
      var list = saved.querySelector("ul");
      pages.forEach(function (p) {
        var li = el("li");
        li.appendChild(el("a", { href: p.url }, p.title));
        list.appendChild(li);
      });
      saved.hidden = false;
    }).catch(function () {});
  }

  window.addEventListener("online", function () {
    notice = keptAt ? "Tersambung kembali. Muat ulang halaman untuk versi terbaru." : "Tersambung kembali.";
    keptAt = null;
    showBanner();
    flush();
  });
  window.addEventListener("offline", showBanner);
  setInterval(flush, 30000);
  if (window.indexedDB) {
    announceFresh().catch(function () {}).then(function () { showBanner(); return showOutbox(); }).then(flush);
  } else {
    showBanner();
  }
})();
