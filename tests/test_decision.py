"""The "Which support fits?" practice tool: rules as data, decided case by case, risk always first."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import coursekit as ck
from coursekit.decision import DecisionAid, decide, load_decision_rules
from helpers import dump_yaml, load_yaml


@pytest.fixture(scope="module")
def rules():
    return load_decision_rules()


def all_other_answers(rules):
    wants = [o.id for o in rules.question("wants").options]
    subsets = [list(c) for n in range(len(wants) + 1) for c in itertools.combinations(wants, n)]
    for chosen_wants, fmt, cost in itertools.product(subsets, [o.id for o in rules.question("format").options], [o.id for o in rules.question("cost").options]):
        yield {"wants": chosen_wants, "format": fmt, "cost": cost}


def risk_options(rules):
    return [o for o in rules.question("safety").options if o.crisis]


def test_every_risk_answer_goes_to_its_own_guidance_whatever_else_was_answered(rules) -> None:
    options = risk_options(rules)
    assert {"suicidal-thoughts", "suicide-plan-or-acted", "self-harm", "harm-to-others", "domestic-abuse", "safeguarding", "overdose", "withdrawal", "cannot-keep-safe", "not-sure"} <= {o.id for o in options}
    checked = 0
    for option in options:
        for with_none in ([option.id], ["none", option.id]):
            for others in all_other_answers(rules):
                decision = decide({"safety": with_none, **others}, rules)
                assert decision.kind == "crisis" and not decision.fits and not decision.say, (option.id, others)
                assert decision.risks == (option.risk,), (option.id, decision.risks)
                assert decision.crisis_triggers == (f"safety:{option.id}",)
                checked += 1
    assert checked == len(options) * 2 * 2 ** 7 * 4 * 3


def flat(html_or_text: str) -> str:
    return " ".join(BeautifulSoup(html_or_text, "html.parser").get_text(" ").split())


def test_the_guidance_differs_by_kind_of_risk(rules) -> None:
    """Each risk answer shows its own risk's guidance, and no other risk's."""
    aid = DecisionAid(rules)
    data = ck.load_safety()
    shown = {}
    for option in risk_options(rules):
        html = aid.result_html(decide({"safety": [option.id]}, rules))
        text = flat(html)
        risk = data.risk(option.risk)
        assert risk.title in text and all(flat(step) in text for step in risk.do_now), option.id
        titles = [" ".join(h.get_text(" ").split()) for h in BeautifulSoup(html, "html.parser").select(".ck-risk h3")]
        assert titles == [risk.title], option.id
        shown[option.id] = text
    assert len(set(shown.values())) == len(shown)
    # Domestic abuse leads to a domestic abuse line, a threat to others to the emergency number, not to a suicide line.
    abuse_lines = {line.number for line in data.lines_of("domestic-abuse") if line.number}
    assert any(n in shown["domestic-abuse"] for n in abuse_lines)
    assert "Are you thinking about suicide?" not in shown["domestic-abuse"]
    assert "911" in shown["harm-to-others"] and not any(line.number in shown["harm-to-others"] for line in data.lines_of("crisis", "US") if line.number)


def test_several_risks_are_shown_most_urgent_first(rules) -> None:
    decision = decide({"safety": ["withdrawal", "suicidal-thoughts", "overdose"]}, rules)
    assert decision.risks == ("overdose", "suicidal-thoughts", "withdrawal")
    urgency = {r.id: r.urgency for r in ck.load_safety().rules.risks}
    for a, b in itertools.combinations([o.risk for o in risk_options(rules)], 2):
        risks = decide({"safety": [a, b]}, rules).risks
        assert set(risks) == {a, b}
        assert ["emergency", "now", "today"].index(urgency[risks[0]]) <= ["emergency", "now", "today"].index(urgency[risks[1]])


def test_safety_must_be_answered_first(rules) -> None:
    decision = decide({"wants": ["information"], "format": "any", "cost": "any"}, rules)
    assert decision.kind == "incomplete" and "safety" in decision.message.lower()


def test_no_risk_and_no_wants_asks_for_more(rules) -> None:
    assert decide({"safety": ["none"], "wants": [], "format": "any", "cost": "any"}, rules).kind == "incomplete"


def names(decision) -> list[str]:
    return [f.modality for f in decision.fits]


def test_information_points_to_psychoeducation(rules) -> None:
    decision = decide({"safety": ["none"], "wants": ["information"], "format": "any", "cost": "any"}, rules)
    assert decision.kind == "suggestions" and "psychoeducation" in names(decision)
    assert "psychotherapy" not in names(decision)
    assert decision.say == (rules.suggestions["information"].say,)


def test_treatment_never_puts_advice_in_the_supporters_mouth(rules) -> None:
    decision = decide({"safety": ["none"], "wants": ["treatment"], "format": "any", "cost": "any"}, rules)
    assert names(decision) == ["psychotherapy", "group-therapy"]
    assert "can't say what treatment is right" in decision.say[0]


def test_substances_and_free_leaves_the_free_mutual_aid_groups(rules) -> None:
    decision = decide({"safety": ["none"], "wants": ["substances"], "format": "any", "cost": "free"}, rules)
    assert set(names(decision)) == {m for m in ["twelve-step", "smart-recovery", "peer-support-group", "psychotherapy", "moud", "harm-reduction"] if ck.course_data().modalities.at[m, "cost_band"] == "free"}
    assert {"twelve-step", "smart-recovery"} <= set(names(decision))


def test_format_preference_filters_by_the_modalities_formats(rules) -> None:
    data = ck.course_data()
    decision = decide({"safety": ["none"], "wants": ["connection", "change"], "format": "group", "cost": "any"}, rules)
    assert decision.fits and all("group" in data.modalities.at[m, "formats"] for m in names(decision))
    assert "peer-support-one-to-one" not in names(decision)


def test_reasons_come_from_every_want_that_points_there(rules) -> None:
    decision = decide({"safety": ["none"], "wants": ["information", "self-paced"], "format": "any", "cost": "any"}, rules)
    self_help = next(f for f in decision.fits if f.modality == "self-help")
    assert self_help.reasons == (rules.suggestions["information"].why, rules.suggestions["self-paced"].why)


def test_nothing_fits_says_so(rules) -> None:
    decision = decide({"safety": ["none"], "wants": ["family"], "format": "online", "cost": "free"}, rules)
    assert decision.kind == "suggestions" and not decision.fits and decision.message == rules.no_match


def test_unknown_answer_is_refused(rules) -> None:
    with pytest.raises(ValueError, match="not an option of question 'wants'"):
        decide({"safety": ["none"], "wants": ["magic"]}, rules)


def test_unknown_modality_in_the_rules_names_file_id_and_field(data_copy: Path) -> None:
    path = data_copy / "decision_aid.yml"
    content = load_yaml(path)
    content["suggestions"]["family"]["modalities"].append("horse-whispering")
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError) as caught:
        load_decision_rules(data_copy)
    assert "decision_aid.yml, id 'family', field 'suggestions.modalities': unknown modality 'horse-whispering'" in str(caught.value)


def test_a_want_without_a_suggestion_is_refused(data_copy: Path) -> None:
    path = data_copy / "decision_aid.yml"
    content = load_yaml(path)
    del content["suggestions"]["self-paced"]
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError, match="id 'self-paced', field 'suggestions'"):
        load_decision_rules(data_copy)


def test_live_widget_routes_risk_to_crisis() -> None:
    aid = DecisionAid()
    box = aid.widget()
    box.controls["wants"]["information"].value = True
    box.button.click()
    assert "Start with safety" in box.output.value
    box.controls["safety"]["none"].value = True
    box.button.click()
    assert "Options that may fit" in box.output.value
    box.controls["safety"]["domestic-abuse"].value = True
    box.button.click()
    assert "Safety comes first" in box.output.value and "Options that may fit" not in box.output.value
    assert ck.load_safety().risk("domestic-abuse").title in box.output.value


def test_static_rendering_has_labelled_controls_and_the_caveat() -> None:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(DecisionAid().static_html(), "html.parser")
    assert "For learning only." in soup.get_text()
    for control in soup.select("input"):
        assert soup.find("label", attrs={"for": control["id"]})
    crisis_inputs = {i["value"] for i in soup.select("input[data-crisis]")}
    assert crisis_inputs == {o for _, o in load_decision_rules().crisis_options}


def test_an_unknown_risk_in_the_tool_names_file_id_and_field(data_copy: Path) -> None:
    path = data_copy / "decision_aid.yml"
    content = load_yaml(path)
    content["questions"][0]["options"][1]["risk"] = "sadness"
    dump_yaml(path, content)
    with pytest.raises(ck.CourseDataError) as caught:
        load_decision_rules(data_copy)
    assert "decision_aid.yml, id 'safety:suicidal-thoughts', field 'risk': unknown risk 'sadness'" in str(caught.value)
