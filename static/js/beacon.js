// Cookie-less page counting and sales attribution (shop.audience). Reads nothing from storage and writes nothing:
// it sends the page, the referrer and the utm_* tags of the address once per page view, and fills the
// add-to-cart form's source fields when the reader submits it. DNT and Global Privacy Control turn both off.
(function () {
  "use strict";
  if (navigator.doNotTrack === "1" || navigator.globalPrivacyControl === true) {
    return;
  }
  var here = new URL(window.location.href);
  var params = new URLSearchParams();
  params.set("p", here.pathname);
  params.set("r", document.referrer || "");
  ["utm_source", "utm_medium", "utm_campaign"].forEach(function (name) {
    var value = here.searchParams.get(name);
    if (value) {
      params.set(name, value);
    }
  });
  if (navigator.sendBeacon) {
    navigator.sendBeacon("/hit", params);
  }

  // The page that brought the reader: this one when it came from elsewhere or carries campaign tags, otherwise the
  // page of ours they came from (a press review linking to the book, say).
  function sourceFields() {
    var referrer = null;
    try {
      referrer = document.referrer ? new URL(document.referrer) : null;
    } catch (error) {
      referrer = null;
    }
    var tagged = here.search.indexOf("utm_") !== -1;
    if (referrer && referrer.origin === here.origin && !tagged) {
      return { a_page: referrer.pathname + referrer.search, a_ref: "" };
    }
    return { a_page: here.pathname + here.search, a_ref: document.referrer || "" };
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !/\/panier\/ajouter$/.test(form.getAttribute("action") || "")) {
      return;
    }
    var fields = sourceFields();
    Object.keys(fields).forEach(function (name) {
      var input = form.querySelector('input[name="' + name + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.appendChild(input);
      }
      input.value = fields[name];
    });
  });
})();
