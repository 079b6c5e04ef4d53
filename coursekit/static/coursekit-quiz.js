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

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  /* The page's data holds only the key; the words are read from the question's own markup (its labels
     and its "Show answer" section), so each page carries them once. */
  function withWords(q, fieldset) {
    function inner(selector) { var e = fieldset.querySelector(selector); return e ? e.innerHTML : ""; }
    var base = fieldset.id;
    q.options = (q.correct || []).map(function (correct, i) {
      return { correct: correct, text: inner('label[for="' + base + "-o" + i + '"] .ck-option-text'), feedback: inner('.ck-answer dd[data-option="' + i + '"]') };
    });
    q.pairs = (q.answers || []).map(function (answer, i) {
      return { answer: answer, text: inner('label[for="' + base + "-p" + i + '"]'), feedback: inner('.ck-answer dd[data-pair="' + i + '"]') };
    });
    q.guidance = inner(".ck-answer .ck-guidance-text");
    return q;
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
    section.querySelectorAll("fieldset.ck-question").forEach(function (f) { withWords(data.questions[f.getAttribute("data-question")], f); });
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
      // A chapter counts as completed when every scored question has an answer; the first such day is kept.
      if (answered === data.graded && data.graded > 0) { if (!saved.completed) saved.completed = today(); }
      else delete saved.completed;
      saved.reflections = fieldsets.filter(function (f) { return data.questions[f.getAttribute("data-question")].kind === "reflection"; })
        .map(function (f) { var a = saved.answers[f.getAttribute("data-question")]; return (typeof a === "string" && a.trim()) ? { prompt: f.querySelector("legend").textContent.replace(/^Question \d+ of \d+/, "").trim(), text: a.trim() } : null; })
        .filter(Boolean);
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
    var record = document.querySelector(".ck-record");
    if (record) setupRecord(record, function () { return rowsNow(); });
    function rowsNow() {
      var found = [];
      for (var i = 0; i < localStorage.length; i++) {
        var k = localStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) { var v = load(k) || {}; found.push({ key: k, page: k.slice(PREFIX.length).split("#")[0], v: v }); }
      }
      return found.sort(function (a, b) { return a.key < b.key ? -1 : 1; });
    }
    document.querySelector(".ck-clear-all").addEventListener("click", function () {
      var doomed = [];
      for (var i = 0; i < localStorage.length; i++) { var k = localStorage.key(i); if (k && k.indexOf(PREFIX) === 0) doomed.push(k); }
      doomed.forEach(function (k) { localStorage.removeItem(k); });
      render();
      document.querySelector(".ck-progress-status").textContent = "All your saved answers were cleared from this browser.";
    });
    try { render(); } catch (e) { box.querySelector(".ck-progress-list").textContent = "This browser does not allow saving answers."; }
  }


  /* The completion record: made here from this browser's own answers, printed or saved as a file.
     Nothing is sent anywhere; the record says plainly that it is self-reported. */
  function esc(text) {
    return String(text).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function longDate(iso) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    var p = iso.split("-");
    return parseInt(p[2], 10) + " " + months[parseInt(p[1], 10) - 1] + " " + p[0];
  }
  function recordHtml(name, withReflections, rows, course) {
    var items = rows.map(function (r) {
      var v = r.v, chapter = (v.title || r.page).split(" \u2014 ")[0].trim();
      var status = v.completed ? "Completed " + longDate(v.completed) : "Not completed (" + (v.answered || 0) + " of " + (v.graded || 0) + " scored questions answered)";
      var refl = withReflections && v.reflections && v.reflections.length
        ? "<dl>" + v.reflections.map(function (x) { return "<dt>" + esc(x.prompt) + "</dt><dd>" + esc(x.text) + "</dd>"; }).join("") + "</dl>" : "";
      return "<tr><th scope=\"row\">" + esc(chapter) + "</th><td>" + esc(status) + "</td><td>" + esc((v.score || 0) + " out of " + (v.graded || 0)) + "</td></tr>" +
        (refl ? "<tr><td colspan=\"3\">" + refl + "</td></tr>" : "");
    }).join("");
    return "<h2>Completion record</h2>" +
      "<p><strong>Learner:</strong> " + esc(name) + "</p>" +
      "<p><strong>Course:</strong> " + esc(course) + "</p>" +
      "<p><strong>Record made:</strong> " + longDate(today()) + "</p>" +
      "<table class=\"ck-table\"><caption>Knowledge checks</caption><thead><tr><th scope=\"col\">Chapter</th><th scope=\"col\">Status</th><th scope=\"col\">Score</th></tr></thead><tbody>" + items + "</tbody></table>" +
      "<p class=\"ck-self-reported\">This record is self-reported. The learner's own browser made it from the answers saved on their device. " +
      "The course has no accounts and does not check who answered. A chapter counts as completed when every scored question in its knowledge check has an answer.</p>";
  }
  function setupRecord(record, rows) {
    var nameBox = record.querySelector(".ck-record-name"), reflBox = record.querySelector(".ck-record-reflections");
    var out = record.querySelector(".ck-record-output"), status = record.querySelector(".ck-record-status");
    // The page title reads "Your progress — <course title>"; the course title comes from course.yml.
    var course = document.title.split(" \u2014 ").slice(1).join(" \u2014 ") || document.title;
    function make() {
      var name = nameBox.value.trim();
      if (!name) { status.textContent = "Type your name first."; nameBox.focus(); return null; }
      var found = rows();
      if (!found.length) { status.textContent = "There are no saved answers in this browser yet, so there is nothing to record."; return null; }
      var body = recordHtml(name, reflBox.checked, found, course);
      out.innerHTML = body;
      out.hidden = false;
      return body;
    }
    record.querySelector(".ck-record-print").addEventListener("click", function () {
      if (!make()) return;
      status.textContent = "Your record is shown below. Your browser's print window opens; choose Save as PDF to keep a copy.";
      document.documentElement.classList.add("ck-printing-record");
      window.print();
    });
    window.addEventListener("afterprint", function () { document.documentElement.classList.remove("ck-printing-record"); });
    record.querySelector(".ck-record-download").addEventListener("click", function () {
      var body = make();
      if (!body) return;
      var page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Completion record</title>" +
        "<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;line-height:1.5}table{border-collapse:collapse;width:100%}" +
        "th,td{border:1px solid #888;padding:.4rem;text-align:left;vertical-align:top}</style></head><body>" + body + "</body></html>";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([page], { type: "text/html" }));
      link.download = "completion-record-" + today() + ".html";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
      status.textContent = "Your record was saved as a file, " + link.download + ". It was made on this device; nothing was sent anywhere.";
    });
  }

  /* Print shows every table's sources: a closed <details> prints closed, and the citation numbers
     would point to nothing. Open them for printing and put them back afterwards. */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details.ck-sources"), function (d) { return !d.open; });
    openedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  function start() {
    document.querySelectorAll("section.ck-quiz:not(.ck-aid)").forEach(setupQuiz);
    document.querySelectorAll(".ck-progress-page").forEach(setupProgress);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
