/* Course quizzes on the static site: no framework, no other host, nothing sent anywhere.
   Grading mirrors coursekit/quiz/grading.py (the tests check that both agree).
   Answers are kept in this browser's localStorage, per page, so learners can come back later. */
(function () {
  "use strict";
  document.documentElement.classList.add("ck-js");
  var PREFIX = "coursekit:v1:";

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* storage off or full: the quiz still works, it just forgets */ }
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function grade(q, answer) {
    var i, parts = [], right = 0;
    if (q.kind === "reflection") {
      return (typeof answer === "string" && answer.trim()) ? { verdict: "recorded", score: 0, parts: [] } : { verdict: "unanswered", score: 0, parts: [] };
    }
    if (q.kind === "multiple") {
      if (!answer || !answer.length) return { verdict: "unanswered", score: 0, parts: [] };
      for (i = 0; i < q.options.length; i++) {
        var chosen = answer.indexOf(i) !== -1;
        parts.push({ label: q.options[i].text, feedback: q.options[i].feedback, right: chosen === q.options[i].correct, chosen: chosen });
      }
    } else if (q.kind === "matching") {
      var any = false;
      for (i = 0; i < q.pairs.length; i++) {
        var pick = answer && answer[i];
        if (pick) any = true;
        parts.push({ label: q.pairs[i].text, feedback: q.pairs[i].feedback, right: pick === q.pairs[i].answer, chosen: !!pick });
      }
      if (!any) return { verdict: "unanswered", score: 0, parts: [] };
    } else {
      if (answer === null || answer === undefined || answer === "") return { verdict: "unanswered", score: 0, parts: [] };
      for (i = 0; i < q.options.length; i++) {
        parts.push({ label: q.options[i].text, feedback: q.options[i].feedback, right: q.options[i].correct, chosen: i === answer });
      }
      var ok = q.options[answer].correct;
      return { verdict: ok ? "correct" : "incorrect", score: ok ? 1 : 0, parts: parts };
    }
    parts.forEach(function (p) { if (p.right) right++; });
    return { verdict: right === parts.length ? "correct" : (right ? "partial" : "incorrect"), score: right / parts.length, parts: parts };
  }

  function readAnswer(fieldset, q) {
    if (q.kind === "reflection") return fieldset.querySelector("textarea").value;
    if (q.kind === "matching") {
      var picks = {};
      fieldset.querySelectorAll("select").forEach(function (s) { if (s.value) picks[s.getAttribute("data-pair")] = s.value; });
      return picks;
    }
    var chosen = [];
    fieldset.querySelectorAll("input:checked").forEach(function (input) { chosen.push(parseInt(input.value, 10)); });
    if (q.kind === "multiple") return chosen.sort();
    return chosen.length ? chosen[0] : null;
  }

  function writeAnswer(fieldset, q, answer) {
    if (q.kind === "reflection") { fieldset.querySelector("textarea").value = answer || ""; return; }
    if (q.kind === "matching") {
      fieldset.querySelectorAll("select").forEach(function (s) { s.value = (answer && answer[s.getAttribute("data-pair")]) || ""; });
      return;
    }
    fieldset.querySelectorAll("input").forEach(function (input) {
      var i = parseInt(input.value, 10);
      input.checked = q.kind === "multiple" ? !!answer && answer.indexOf(i) !== -1 : answer === i;
    });
  }

  var ICONS = { correct: "\u2713 ", incorrect: "\u2717 ", partial: "\u25D0 ", recorded: "\u270E ", unanswered: "" };

  function showFeedback(fieldset, q, result, words) {
    var box = fieldset.querySelector(".ck-feedback");
    var html = '<p><span class="ck-verdict"><span aria-hidden="true">' + ICONS[result.verdict] + "</span>" + words[result.verdict] + "</span>";
    if ((q.kind === "multiple" || q.kind === "matching") && (result.verdict === "partial" || result.verdict === "incorrect")) {
      var right = result.parts.filter(function (p) { return p.right; }).length;
      html += " " + right + " of " + result.parts.length + " right.";
    }
    html += "</p>";
    var shown = result.parts.filter(function (p) { return p.chosen; });
    if (shown.length) {
      html += "<ul>" + shown.map(function (p) {
        return "<li><strong>" + (p.right ? "Right" : "Not right") + ":</strong> " + p.label + ". " + p.feedback + "</li>";
      }).join("") + "</ul>";
    }
    if (result.verdict === "recorded" && q.guidance) html += '<div class="ck-guidance"><p><strong>Points to think about:</strong></p>' + q.guidance + "</div>";
    box.setAttribute("data-verdict", result.verdict);
    box.innerHTML = html;
    var retry = fieldset.querySelector(".ck-retry");
    if (retry) retry.hidden = result.verdict === "unanswered";
    fieldset.classList.toggle("ck-checked", result.verdict !== "unanswered");
  }

  function setupQuiz(section) {
    var data = JSON.parse(section.querySelector("script.ck-quiz-data").textContent);
    var key = PREFIX + location.pathname + "#" + data.quiz;
    var saved = load(key) || { answers: {} };
    var scoreBox = section.querySelector(".ck-score");

    function updateScore(announce) {
      var answered = 0, total = 0;
      Object.keys(saved.answers).forEach(function (id) {
        var q = data.questions[id];
        if (!q || q.kind === "reflection") return;
        var r = grade(q, saved.answers[id]);
        if (r.verdict !== "unanswered") { answered++; total += r.score; }
      });
      var score = Math.round(total * 10) / 10;
      saved.score = score; saved.answered = answered; saved.graded = data.graded; saved.title = document.title;
      var text = answered ? "Your score: " + score + " out of " + data.graded + " (" + answered + " of " + data.graded + " scored questions answered)."
                          : "You have not answered any of the " + data.graded + " scored questions yet.";
      if (announce || scoreBox.textContent !== text) scoreBox.textContent = text;
    }

    section.querySelectorAll("fieldset.ck-question").forEach(function (fieldset) {
      var id = fieldset.getAttribute("data-question");
      var q = data.questions[id];
      fieldset.querySelector(".ck-check").addEventListener("click", function () {
        var answer = readAnswer(fieldset, q);
        var result = grade(q, answer);
        showFeedback(fieldset, q, result, data.words);
        if (result.verdict !== "unanswered") { saved.answers[id] = answer; store(key, saved); }
        updateScore(true);
        store(key, saved);
      });
      var retry = fieldset.querySelector(".ck-retry");
      if (retry) retry.addEventListener("click", function () {
        writeAnswer(fieldset, q, null);
        delete saved.answers[id];
        fieldset.querySelector(".ck-feedback").innerHTML = "";
        fieldset.querySelector(".ck-feedback").removeAttribute("data-verdict");
        fieldset.classList.remove("ck-checked");
        retry.hidden = true;
        updateScore(true);
        store(key, saved);
        var first = fieldset.querySelector("input, select, textarea");
        if (first) first.focus();
      });
      if (Object.prototype.hasOwnProperty.call(saved.answers, id)) {
        writeAnswer(fieldset, q, saved.answers[id]);
        showFeedback(fieldset, q, grade(q, saved.answers[id]), data.words);
      }
    });

    section.querySelector(".ck-clear").addEventListener("click", function () {
      saved = { answers: {} };
      store(key, null);
      section.querySelectorAll("fieldset.ck-question").forEach(function (fieldset) {
        writeAnswer(fieldset, data.questions[fieldset.getAttribute("data-question")], null);
        var box = fieldset.querySelector(".ck-feedback");
        box.innerHTML = ""; box.removeAttribute("data-verdict");
        fieldset.classList.remove("ck-checked");
        var retry = fieldset.querySelector(".ck-retry");
        if (retry) retry.hidden = true;
      });
      scoreBox.textContent = "Your answers for this quiz were cleared from this browser.";
    });
    updateScore(false);
  }

  /* The progress page lists every quiz this browser remembers. */
  function setupProgress(box) {
    function render() {
      var rows = [];
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) {
          var v = load(k) || {};
          rows.push({ key: k, page: k.slice(PREFIX.length).split("#")[0], title: v.title || k, score: v.score || 0, answered: v.answered || 0, graded: v.graded || 0 });
        }
      }
      rows.sort(function (a, b) { return a.page < b.page ? -1 : 1; });
      var list = box.querySelector(".ck-progress-list");
      list.innerHTML = rows.length ? "" : "<p>No answers saved in this browser yet.</p>";
      if (rows.length) {
        var table = document.createElement("table");
        table.className = "ck-table";
        table.innerHTML = "<caption>Your saved quiz answers</caption><thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Answered</th><th scope=\"col\">Score</th></tr></thead><tbody></tbody>";
        rows.forEach(function (r) {
          var tr = document.createElement("tr");
          var th = document.createElement("th"); th.scope = "row";
          var a = document.createElement("a"); a.href = r.page; a.textContent = r.title.split("\u2014")[0].split(" \u2014 ")[0];
          th.appendChild(a);
          var td1 = document.createElement("td"); td1.textContent = r.answered + " of " + r.graded;
          var td2 = document.createElement("td"); td2.textContent = r.score + " out of " + r.graded;
          tr.appendChild(th); tr.appendChild(td1); tr.appendChild(td2);
          table.tBodies[0].appendChild(tr);
        });
        list.appendChild(table);
      }
    }
    box.querySelector(".ck-clear-all").addEventListener("click", function () {
      var doomed = [];
      for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i); if (k && k.indexOf(PREFIX) === 0) doomed.push(k); }
      doomed.forEach(function (k) { localStorage.removeItem(k); });
      render();
      box.querySelector(".ck-progress-status").textContent = "All your saved answers were cleared from this browser.";
    });
    try { render(); } catch (e) { box.querySelector(".ck-progress-list").textContent = "This browser does not allow saving answers."; }
  }


  /* "Which support fits?": the sets come precomputed from coursekit/decision.py; this only combines
     them the way decide() does. Any risk answer shows the crisis guidance and nothing else. */
  function setupAid(section) {
    var d = JSON.parse(section.querySelector("script.ck-aid-data").textContent);
    var out = section.querySelector(".ck-aid-result");
    var crisisBlock = section.querySelector(".ck-aid-crisis").outerHTML;
    section.querySelector(".ck-aid-go").addEventListener("click", function () {
      var chosen = [];
      section.querySelectorAll("fieldset[data-aid] input:checked").forEach(function (input) {
        chosen.push(input.closest("fieldset").getAttribute("data-aid") + ":" + input.value);
      });
      if (chosen.some(function (c) { return d.crisis.indexOf(c) !== -1; })) {
        out.innerHTML = crisisBlock;
        out.firstChild.setAttribute("tabindex", "-1");
        out.firstChild.focus();
        return;
      }
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

  function start() {
    document.querySelectorAll("section.ck-quiz:not(.ck-aid)").forEach(setupQuiz);
    document.querySelectorAll("section.ck-aid").forEach(setupAid);
    document.querySelectorAll(".ck-progress-page").forEach(setupProgress);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
