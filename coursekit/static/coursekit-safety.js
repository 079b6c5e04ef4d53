/* Safety on the static site: the "Leave this page quickly" button, and the practice tool.

   "Which support fits?" on the static site. The rules live in Python (coursekit/decision.py): it
   precomputes the sets below and the guidance for every kind of risk, which the page already holds
   for readers without JavaScript. This script only combines them, the way decide() does:
   any risk chosen shows that risk's guidance (most urgent first) and nothing else. */
(function () {
  "use strict";

  function setupAid(section) {
    var d = JSON.parse(section.querySelector("script.ck-aid-data").textContent);
    var out = section.querySelector(".ck-aid-result");
    var crisisSource = section.querySelector(".ck-aid-nojs .ck-aid-crisis");

    function showCrisis(risks) {
      var block = crisisSource.cloneNode(true);
      block.querySelectorAll(".ck-risk").forEach(function (card) {
        if (risks.indexOf(card.getAttribute("data-risk")) === -1) card.parentNode.removeChild(card);
      });
      /* The copy must not repeat the ids of the guidance it came from. */
      block.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      block.querySelectorAll("[aria-labelledby]").forEach(function (el) { el.removeAttribute("aria-labelledby"); });
      block.setAttribute("role", "alert");
      block.setAttribute("tabindex", "-1");
      out.innerHTML = "";
      out.appendChild(block);
      block.focus();
    }

    section.querySelector(".ck-aid-go").addEventListener("click", function () {
      var chosen = [];
      section.querySelectorAll("fieldset[data-aid] input:checked").forEach(function (input) {
        chosen.push(input.closest("fieldset").getAttribute("data-aid") + ":" + input.value);
      });
      var risks = d.risks.filter(function (pair) { return chosen.indexOf(pair[0]) !== -1; })
                         .map(function (pair) { return pair[1]; });
      if (risks.length) { showCrisis(risks); return; }
      if (!chosen.some(function (c) { return c.indexOf("safety:") === 0; })) { out.innerHTML = "<p>" + d.safetyFirst + "</p>"; return; }
      var wants = chosen.filter(function (c) { return c.indexOf("wants:") === 0; }).map(function (c) { return c.slice(6); });
      if (!wants.length) { out.innerHTML = "<p>" + d.incomplete + "</p>"; return; }
      var allowed = d.order.slice();
      chosen.forEach(function (c) {
        if (d.allowed[c]) allowed = allowed.filter(function (m) { return d.allowed[c].indexOf(m) !== -1; });
      });
      var reasons = {};
      wants.forEach(function (w) {
        d.wants[w].modalities.forEach(function (m) {
          if (allowed.indexOf(m) === -1) return;
          reasons[m] = reasons[m] || [];
          if (reasons[m].indexOf(d.wants[w].why) === -1) reasons[m].push(d.wants[w].why);
        });
      });
      var fits = d.order.filter(function (m) { return reasons[m]; });
      var html = fits.length
        ? "<p><strong>Options that may fit</strong> (for the person to choose from):</p><ul>" +
          fits.map(function (m) { return "<li><strong>" + d.names[m] + "</strong>: " + reasons[m].join(" ") + "</li>"; }).join("") + "</ul>"
        : "<p>" + d.noMatch + "</p>";
      html += "<p><strong>What you might say</strong></p>" + wants.map(function (w) { return "<blockquote><p>" + d.wants[w].say + "</p></blockquote>"; }).join("");
      html += "<p><strong>Next steps</strong></p><ul>" + d.next.map(function (s) { return "<li>" + s + "</li>"; }).join("") + "</ul>";
      out.innerHTML = html;
    });
  }

  /* Quick exit: replaces this page in the tab's history with a blank page, for someone who may be
     watched. It goes nowhere else, so the site still links to no other host by default. */
  function setupExit(button) {
    button.addEventListener("click", function () { window.location.replace("about:blank"); });
  }

  function start() {
    document.querySelectorAll("section.ck-aid").forEach(setupAid);
    document.querySelectorAll(".ck-quick-exit").forEach(setupExit);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
