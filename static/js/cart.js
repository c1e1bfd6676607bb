/* Cart: when the buyer picks another delivery rate, show its totals at once (progressive enhancement).
   Without JavaScript the "update the total" button does the same through the server. */
(function () {
  "use strict";
  var targets = {
    label: "cart-delivery-label",
    feeVat: "cart-delivery-vat",
    fee: "cart-delivery-fee",
    excl: "cart-total-excl",
    vat: "cart-vat",
    total: "cart-total"
  };
  function show(radio) {
    Object.keys(targets).forEach(function (key) {
      var el = document.getElementById(targets[key]);
      if (el && radio.dataset[key] !== undefined) { el.textContent = radio.dataset[key]; }
    });
    var pay = document.getElementById("pay-amount");
    if (pay) { pay.textContent = radio.dataset.total; }
  }
  function sync() {
    var checked = document.querySelector("input[name=shipping_rate]:checked");
    if (checked) { show(checked); }
  }
  document.querySelectorAll("input[name=shipping_rate]").forEach(function (radio) {
    radio.addEventListener("change", function () { show(radio); });
  });
  document.querySelectorAll(".rate-update").forEach(function (button) { button.hidden = true; });
  window.addEventListener("pageshow", sync); /* the browser may restore another choice on back/reload */
  sync();
})();
