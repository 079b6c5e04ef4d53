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
    if (q.kind === "multiple") return chosen.sort(function (a, b) { return a - b; });
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
    var modeBox = section.querySelector(".ck-practice-status");
    var practiseButton = section.querySelector(".ck-practise");
    var showAllButton = section.querySelector(".ck-show-all");
    var fieldsets = Array.prototype.slice.call(section.querySelectorAll("fieldset.ck-question"));
    var scored = Object.keys(data.questions).filter(function (id) { return data.questions[id].kind !== "reflection"; });
    var practising = null; /* the ids shown in "Practise the ones I missed", or null when all are shown */

    function verdict(id) {
      return Object.prototype.hasOwnProperty.call(saved.answers, id) ? grade(data.questions[id], saved.answers[id]).verdict : "unanswered";
    }
    function missed(ids) { return ids.filter(function (id) { var v = verdict(id); return v !== "unanswered" && v !== "correct"; }); }

    function updateScore(announce) {
      var answered = 0, total = 0;
      Object.keys(saved.answers).forEach(function (id) {
        var q = data.questions[id];
        if (!q || q.kind === "reflection") return;
        var r = grade(q, saved.answers[id]);
        if (r.verdict !== "unanswered") { answered++; total += r.score; }
      });
      var score = Math.round(total * 10) / 10;
      saved.score = score; saved.answered = answered; saved.graded = data.graded; saved.title = document.title; saved.quiz = data.title;
      saved.missed = missed(scored).length;
      var text = answered ? "Your score: " + score + " out of " + data.graded + " (" + answered + " of " + data.graded + " scored questions answered)."
                          : "You have not answered any of the " + data.graded + " scored questions yet.";
      if (announce || scoreBox.textContent !== text) scoreBox.textContent = text;
      updatePractice(announce);
    }

    /* Offer "Practise the ones I missed" once every scored question in view has an answer. */
    function updatePractice(announce) {
      var inView = practising || scored;
      var done = inView.every(function (id) { return verdict(id) !== "unanswered"; });
      var wrong = missed(inView);
      practiseButton.hidden = !(done && wrong.length);
      showAllButton.hidden = !practising;
      if (announce && practising && done) {
        modeBox.textContent = wrong.length
          ? "You answered them again: " + (inView.length - wrong.length) + " of " + inView.length + " right now. You can practise the rest, or show all questions."
          : "Well done: you got all " + inView.length + " right this time. Choose Show all questions to see the whole quiz.";
      }
    }

    function reset(fieldset) {
      var id = fieldset.getAttribute("data-question");
      writeAnswer(fieldset, data.questions[id], null);
      delete saved.answers[id];
      var box = fieldset.querySelector(".ck-feedback");
      box.innerHTML = ""; box.removeAttribute("data-verdict");
      fieldset.classList.remove("ck-checked");
      var retry = fieldset.querySelector(".ck-retry");
      if (retry) retry.hidden = true;
    }

    function showOnly(ids) {
      practising = ids;
      fieldsets.forEach(function (fieldset) { fieldset.hidden = !!ids && ids.indexOf(fieldset.getAttribute("data-question")) === -1; });
    }

    fieldsets.forEach(function (fieldset) {
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
        reset(fieldset);
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

    practiseButton.addEventListener("click", function () {
      var ids = missed(practising || scored);
      if (!ids.length) return;
      showOnly(ids);
      fieldsets.forEach(function (fieldset) { if (!fieldset.hidden) reset(fieldset); });
      updateScore(false);
      store(key, saved);
      modeBox.textContent = "Showing only the " + (ids.length === 1 ? "question" : ids.length + " questions") +
        " you missed, cleared so you can try again. The others are hidden until you choose Show all questions.";
      var first = fieldsets.filter(function (fieldset) { return !fieldset.hidden; })[0];
      first.setAttribute("tabindex", "-1");
      first.focus();
    });

    showAllButton.addEventListener("click", function () {
      showOnly(null);
      updateScore(false);
      modeBox.textContent = "Showing all " + fieldsets.length + " questions.";
      section.querySelector(".ck-quiz-title").focus();
    });

    section.querySelector(".ck-clear").addEventListener("click", function () {
      saved = { answers: {} };
      store(key, null);
      showOnly(null);
      modeBox.textContent = "";
      fieldsets.forEach(reset);
      updatePractice(false);
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
          rows.push({ key: k, page: k.slice(PREFIX.length).split("#")[0], title: v.title || k, quiz: v.quiz || "", score: v.score || 0, answered: v.answered || 0, graded: v.graded || 0, missed: v.missed || 0 });
        }
      }
      rows.sort(function (a, b) { return a.page === b.page ? (a.key < b.key ? -1 : 1) : (a.page < b.page ? -1 : 1); });
      var perPage = {};
      rows.forEach(function (r) { perPage[r.page] = (perPage[r.page] || 0) + 1; });
      var list = box.querySelector(".ck-progress-list");
      list.innerHTML = rows.length ? "" : "<p>No answers saved in this browser yet.</p>";
      if (rows.length) {
        var table = document.createElement("table");
        table.className = "ck-table";
        table.innerHTML = "<caption>Your saved quiz answers</caption><thead><tr><th scope=\"col\">Page</th><th scope=\"col\">Answered</th><th scope=\"col\">Score</th><th scope=\"col\">To practise</th></tr></thead><tbody></tbody>";
        rows.forEach(function (r) {
          var tr = document.createElement("tr");
          var th = document.createElement("th"); th.scope = "row";
          var a = document.createElement("a"); a.href = r.page; a.textContent = r.title.split("\u2014")[0].split(" \u2014 ")[0].trim() + (perPage[r.page] > 1 && r.quiz ? ": " + r.quiz : "");
          th.appendChild(a);
          var td1 = document.createElement("td"); td1.textContent = r.answered + " of " + r.graded;
          var td2 = document.createElement("td"); td2.textContent = r.score + " out of " + r.graded;
          var td3 = document.createElement("td"); td3.textContent = r.missed ? r.missed + " missed" : "none";
          tr.appendChild(th); tr.appendChild(td1); tr.appendChild(td2); tr.appendChild(td3);
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


  function start() {
    document.querySelectorAll("section.ck-quiz:not(.ck-aid)").forEach(setupQuiz);
    document.querySelectorAll(".ck-progress-page").forEach(setupProgress);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
