// Photo uploads on a slow network (issue 14): a file too large or of the wrong type is refused
// here, before a single byte is sent, with the same words as the server; a good file is sent
// with a progress bar. Without this script the form posts as usual and the server checks.
(function () {
  "use strict";
  var INPUTS = "input[type=file][data-max-bytes]";

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1).replace(".", ",") + " MB";
  }

  function problemOf(input) {
    var max = Number(input.dataset.maxBytes);
    var types = (input.getAttribute("accept") || "").split(",");
    for (var i = 0; i < input.files.length; i++) {
      var file = input.files[i];
      if (types.length && types[0] && types.indexOf(file.type) === -1) {
        return "Berkas " + file.name + " bukan foto JPG, PNG atau WebP. Pilih foto lain.";
      }
      if (file.size > max) {
        return "Foto " + file.name + " " + megabytes(file.size) + ", lebih dari " +
          megabytes(max).replace(",0", "") + ". Kecilkan ukurannya lalu pilih lagi.";
      }
    }
    return "";
  }

  function show(input, text) {
    var box = input.parentNode.querySelector("[data-upload-problem]");
    if (!box) {
      box = document.createElement("p");
      box.className = "error-message";
      box.setAttribute("data-upload-problem", "");
      box.setAttribute("role", "alert");
      box.id = input.id + "_upload_problem";
      input.parentNode.insertBefore(box, input);
    }
    box.textContent = text;
    box.hidden = !text;
    var field = input.closest(".field");
    if (field) field.classList.toggle("field-error", !!text);
    if (text) input.setAttribute("aria-describedby", box.id);
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input.matches && input.matches(INPUTS)) show(input, problemOf(input));
  });

  function progressFor(form) {
    var wrap = form.querySelector("[data-upload-progress]");
    if (!wrap) {
      wrap = document.createElement("div");
      wrap.className = "upload-progress";
      wrap.setAttribute("data-upload-progress", "");
      wrap.innerHTML = '<label>Mengunggah <span aria-live="polite">0%</span></label><progress max="100" value="0"></progress>';
      form.appendChild(wrap);
    }
    wrap.hidden = false;
    return wrap;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var input = form.querySelector(INPUTS);
    if (!input) return;
    var problem = problemOf(input);
    if (problem) {
      event.preventDefault();
      show(input, problem);
      input.focus();
      return;
    }
    if (!input.files.length || !window.FormData || !window.XMLHttpRequest) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    var wrap = progressFor(form);
    var bar = wrap.querySelector("progress");
    var label = wrap.querySelector("span");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.responseType = "document";
    xhr.upload.addEventListener("progress", function (e) {
      if (!e.lengthComputable) return;
      var percent = Math.round((e.loaded / e.total) * 100);
      bar.value = percent;
      label.textContent = percent + "%";
    });
    xhr.addEventListener("load", function () {
      var page = xhr.response;
      if (!page || !page.body) {
        window.location.assign(xhr.responseURL || window.location.href);
        return;
      }
      // The answer is the page the form leads to (after its redirect): show it as it came,
      // with the style sheets and scripts its head names that this page has not loaded yet.
      document.title = page.title;
      page.head.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (old) {
        var key = old.tagName === "LINK" ? "href" : "src";
        var value = old.getAttribute(key);
        if (document.head.querySelector(old.tagName + "[" + key + '="' + value + '"]')) return;
        var fresh = document.createElement(old.tagName);
        for (var a = 0; a < old.attributes.length; a++) {
          fresh.setAttribute(old.attributes[a].name, old.attributes[a].value);
        }
        document.head.appendChild(fresh);
      });
      document.body.replaceWith(document.importNode(page.body, true));
      if (xhr.responseURL) window.history.replaceState(null, "", xhr.responseURL);
      if (window.htmx) window.htmx.process(document.body);
      var focus = document.querySelector("[autofocus]") || document.querySelector("h1");
      if (focus) focus.focus();
    });
    xhr.addEventListener("error", function () {
      wrap.hidden = true;
      if (button) button.disabled = false;
      show(input, "Unggahan terputus. Periksa sambungan internet lalu coba lagi.");
    });
    xhr.send(new FormData(form));
  });
})();
