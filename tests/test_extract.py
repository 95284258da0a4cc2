"""What extraction finds in short articles written here: sites, event kinds, dates, quotes."""

from __future__ import annotations

from datetime import date

import pytest

from app.extract.pipeline import Extraction
from app.ingest.article import parse_article

PUBLISHED = "2026-02-25"  # a Wednesday


def _extract(extractor, body: str, published: str = PUBLISHED) -> tuple[Extraction, str]:
    article = parse_article(f"title: test\nsource: Test Wire\npublished: {published}\n---\n{body}\n", "test.txt")
    result = extractor.extract(article)
    for event in result.events:  # every quote is the exact text at its offsets
        assert article.body[event.quote_start:event.quote_end] == event.quote
    return result, article.body


def _events(result: Extraction) -> set[tuple[str, str]]:
    return {(e.site, e.kind) for e in result.events}


def _event(result: Extraction, site: str, kind: str):
    found = [e for e in result.events if e.site == site and e.kind == kind]
    assert found, f"no {kind} at {site}: {[(e.site, e.kind) for e in result.events]}"
    return found[0]


def _site_ids(result: Extraction) -> set[str]:
    return {s.id for s in result.sites}


def test_withdrawal_started_on_a_weekday(extractor):
    result, _ = _extract(extractor, "US troops began withdrawing from Ain al-Asad Air Base on Monday, "
                                    "Iraqi officials said.")
    event = _event(result, "ain-al-asad", "withdrawal_started")
    assert (event.date, event.precision) == (date(2026, 2, 23), "day")
    assert "on Monday" in event.quote
    site = next(s for s in result.sites if s.id == "ain-al-asad")
    assert (site.country, site.geocoder) == ("IQ", "gazetteer") and site.located


def test_handover_with_a_date(extractor):
    result, _ = _extract(extractor, "The US-led coalition handed over Camp Taji to Iraqi forces on February 3.")
    event = _event(result, "camp-taji", "handover")
    assert (event.date, event.precision) == (date(2026, 2, 3), "day")
    assert not any(e.kind in {"presence", "reinforcement"} for e in result.events)


def test_planned_withdrawal_with_a_target_date(extractor):
    result, _ = _extract(extractor, "The United States plans to withdraw its troops from the Qasrak base "
                                    "by September 2026, officials said.")
    event = _event(result, "qasrak", "withdrawal_planned")
    assert (event.target_date, event.target_precision) == (date(2026, 9, 1), "month")
    assert event.date <= date(2026, 2, 25)  # the plan is reported now; the target is not its date
    assert _events(result) == {("qasrak", "withdrawal_planned")}


@pytest.mark.parametrize("body, source, source_kind, source_date", [
    ("US forces withdrew from Harir on Sunday and will relocate to Erbil.",
     "harir-air-base", "withdrawal_completed", date(2026, 2, 22)),
    ("US troops began withdrawing from Ain al-Asad on Monday and will relocate to Erbil.",
     "ain-al-asad", "withdrawal_started", date(2026, 2, 23)),
    ("US troops left Ain al-Asad on Monday, relocating to Erbil.",
     "ain-al-asad", "withdrawal_completed", date(2026, 2, 23)),
])
def test_relocating_to_erbil_reinforces_erbil_air_base(extractor, body, source, source_kind, source_date):
    result, _ = _extract(extractor, body)
    assert _event(result, source, source_kind).date == source_date
    assert _event(result, "erbil-air-base", "reinforcement")
    erbil_kinds = {kind for site, kind in _events(result) if site == "erbil-air-base"}
    assert erbil_kinds == {"reinforcement"}
    assert (source, "reinforcement") not in _events(result)


def test_the_base_in_the_next_sentence_is_the_site_named_before(extractor):
    result, _ = _extract(extractor, "US troops are stationed at Ain al-Asad. Rockets struck the base yesterday.")
    attack = _event(result, "ain-al-asad", "attack")
    assert (attack.date, attack.precision) == (date(2026, 2, 24), "day")
    assert attack.quote == "Rockets struck the base yesterday."
    assert _site_ids(result) == {"ain-al-asad"}


def test_the_base_is_the_most_recently_named_site(extractor):
    body = ("US forces withdrew from Harir on Sunday.\n"
            "Hundreds of US troops are stationed at the al-Tanf garrison in Syria. "
            "The base was attacked by drones on Tuesday.")
    result, _ = _extract(extractor, body)
    assert _event(result, "al-tanf", "attack").date == date(2026, 2, 24)
    assert ("harir-air-base", "attack") not in _events(result)


def test_detention_camps_and_battle_sites_are_not_sites(extractor):
    body = ("US forces helped move detainees out of the al-Hol camp on Monday. "
            "US troops withdrew from the fighting near Palmyra last month. "
            "US troops remain at the al-Tanf garrison.")
    result, _ = _extract(extractor, body)
    ids = _site_ids(result) | {e.site for e in result.events}
    assert not any("hol" in i or "palmyra" in i for i in ids), ids
    names = " ".join(m for s in result.sites for m in [s.name, *s.mentions]).lower()
    assert "hol" not in names and "palmyra" not in names
    assert "al-tanf" in _site_ids(result)


@pytest.mark.parametrize("body", [
    "US troops will leave Syria by the end of the year, officials said.",
    "The United States plans to withdraw all its troops from Syria within a month.",
    "US troops will leave Syria, President Trump said on Monday.",
])
def test_a_plan_for_a_whole_country_names_no_site(extractor, body):
    result, _ = _extract(extractor, body)
    assert result.sites == [] and result.events == []


@pytest.mark.parametrize("body", [
    "Russian forces began withdrawing from the Hmeimim air base on Monday.",
    "Russian forces left the Hmeimim air base on Monday.",
    "The Russians evacuated Tartus naval base last week.",
])
def test_russian_forces_leaving_a_russian_base_is_no_event(extractor, body):
    result, _ = _extract(extractor, body)
    assert result.events == []
    assert not _site_ids(result) & {"hmeimim", "tartus-naval-facility"}


def test_an_unknown_air_base_named_after_a_town_is_placed_at_the_town(extractor):
    result, _ = _extract(extractor, "US troops withdrew from the Zarqa air base on Monday, officials said.")
    (site,) = result.sites
    assert site.name == "Zarqa" and site.located
    assert (site.geocoder, site.geocode_precision, site.country) == ("geonames", "town", "JO")
    assert _event(result, site.id, "withdrawal_completed").date == date(2026, 2, 23)


def test_an_unknown_unplaceable_base_is_kept_unlocated(extractor):
    result, _ = _extract(extractor, "US forces handed over the Foozle Wuzzle air base to the Iraqi army on Monday.")
    (site,) = result.sites
    assert site.name == "Foozle Wuzzle"
    assert not site.located and site.geocoder is None
    assert _event(result, site.id, "handover").date == date(2026, 2, 23)


@pytest.mark.parametrize("tower, known", [("Tower 22", True), ("Tower 23", False)])
def test_a_tower_outpost_is_never_dropped(extractor, tower, known):
    result, _ = _extract(extractor, f"A drone struck {tower}, a US outpost in Jordan, on Sunday.")
    (site,) = result.sites
    assert site.name.startswith(tower) or tower in site.mentions
    assert site.located is known
    attack = _event(result, site.id, "attack")
    assert attack.date == date(2026, 2, 22)


def test_quotes_are_exact_substrings_at_their_offsets(extractor):
    body = ("WASHINGTON (Test Wire) — The U.S. military said on Monday that Gen. Smith ordered the move. "
            "U.S. troops began withdrawing from Ain al-Asad Air Base on Monday, officials said.\n\n"
            "  \"It is done,\" a spokesman said. The coalition handed over Camp Taji to Iraqi forces on Feb. 3.\n"
            "Rockets struck the base yesterday, Iraqi police said. US troops are stationed at the al-Tanf garrison.")
    result, text = _extract(extractor, body)
    assert len(result.events) >= 3
    for event in result.events:
        assert text[event.quote_start:event.quote_end] == event.quote
        assert event.quote == event.quote.strip() and event.quote
    assert {("ain-al-asad", "withdrawal_started"), ("camp-taji", "handover")} <= _events(result)


def test_events_are_dated_at_or_before_publication(extractor):
    body = ("US troops began withdrawing from Ain al-Asad Air Base on Monday. "
            "The US plans to hand over Camp Taji to Iraqi forces by September 2026.")
    result, _ = _extract(extractor, body)
    assert result.events
    for event in result.events:
        assert event.date <= date(2026, 2, 25)
        if event.precision != "day":
            assert event.date.day == 1


def test_extraction_is_repeatable(extractor):
    body = "US troops began withdrawing from Ain al-Asad Air Base on Monday and will relocate to Erbil."
    first, _ = _extract(extractor, body)
    second, _ = _extract(extractor, body)
    assert first.as_json() == second.as_json()


def test_the_date_of_the_events_own_clause_wins_over_a_date_that_modifies_a_noun(extractor):
    text = ("On Sunday the coalition handed its section of Camp Taji to the Iraqi forces, "
            "in what is the largest of this year's transfers.")
    handover = _event(_extract(extractor, text, "2020-08-24")[0], "camp-taji", "handover")
    assert (handover.date.isoformat(), handover.precision) == ("2020-08-23", "day")


def test_a_background_year_in_a_relative_clause_does_not_date_the_main_clause(extractor):
    text = "Camp Taji, which US troops first used in 2003, was handed over to Iraqi forces on Sunday."
    handover = _event(_extract(extractor, text, "2020-08-24")[0], "camp-taji", "handover")
    assert handover.date.isoformat() == "2020-08-23"


def test_since_a_year_dates_the_presence_not_the_withdrawal(extractor):
    result, _ = _extract(extractor, "Camp Taji, where coalition forces have been stationed since 2017, is home to "
                                    "about 2,000 US troops.", "2020-08-25")
    presence = _event(result, "camp-taji", "presence")
    assert (presence.date.isoformat(), presence.precision) == ("2017-01-01", "year")
    result, _ = _extract(extractor, "US troops withdrew from Camp Taji on Monday, three years after they "
                                    "arrived in 2017.", "2020-08-25")
    assert _event(result, "camp-taji", "withdrawal_completed").date.isoformat() == "2020-08-24"


def test_a_habit_of_attacks_is_no_dated_attack(extractor):
    result, _ = _extract(extractor, "Camp Taji has been one of the most frequently targeted bases in the country. "
                                    "It had been the site of frequent rocket attacks by militias in recent months.")
    assert not [e for e in result.events if e.kind == "attack"]


def test_undated_past_presence_is_background_not_presence_today(extractor):
    result, _ = _extract(extractor, "Camp Taji was a big base for the coalition, and some 2,000 US personnel "
                                    "were at the base.")
    assert not [e for e in result.events if e.kind == "presence"]


def test_a_sentence_that_names_no_site_refers_to_the_one_named_before(extractor):
    result, _ = _extract(extractor, "Camp Taji was a key training hub for the coalition. "
                                    "The US handed over facilities to the Iraqis on August 23.", "2020-08-29")
    assert _event(result, "camp-taji", "handover").date.isoformat() == "2020-08-23"


def test_both_bases_are_the_two_named_before(extractor):
    result, _ = _extract(extractor, "US forces pulled out of Green Village and the Conoco base last week. "
                                    "Both bases were handed over to the SDF on Sunday.", "2025-06-02")
    assert {("green-village-al-omar", "handover"), ("mss-conoco", "handover")} <= _events(result)


def test_an_it_cleft_is_no_reference_to_a_site(extractor):
    result, _ = _extract(extractor, "Afghan officers toured Bagram Airfield on Monday. It was only at dawn, "
                                    "he said, that they could confirm the Americans had left.", "2021-07-06")
    assert ("bagram", "withdrawal_planned") not in _events(result)


def test_the_same_day_counts_from_the_date_named_just_before(extractor):
    result, _ = _extract(extractor, "Drones struck the Harir air base on Wednesday, Oct. 18. On that same day, four US "
                                    "personnel were injured in two drone attacks on US forces at Ain al-Asad air base.",
                         "2023-10-25")
    assert _event(result, "ain-al-asad", "attack").date.isoformat() == "2023-10-18"


def test_a_photo_caption_says_presence_only_where_nothing_else_does(extractor):
    caption = "FILE PHOTO: U.S. airmen climb aboard a C-17 at Balad Air Base, Iraq, on May 21, 2008."
    result, _ = _extract(extractor, caption, "2025-08-25")
    assert _event(result, "balad-air-base", "presence").date.isoformat() == "2008-05-21"
    result, _ = _extract(extractor, caption + "\n\nAbout 500 US troops are stationed at Balad Air Base.", "2025-08-25")
    assert [e.date.isoformat() for e in result.events if e.kind == "presence"] == ["2025-08-25"]


def test_two_attacks_with_their_own_days_in_one_sentence(extractor):
    result, _ = _extract(extractor, "In October a rocket landed inside Camp Taji, and on December 3 rockets were "
                                    "fired at Camp Taji from a truck.", "2024-01-10")
    assert {e.date.isoformat() for e in result.events if e.kind == "attack"} == {"2023-10-01", "2023-12-03"}


def test_a_later_conjunct_with_its_own_date_takes_that_date(extractor):
    result, _ = _extract(extractor, "Bagram Airfield was handed to the Afghan army on July 2, and Kandahar Airfield "
                                    "in May.", "2021-08-31")
    assert _event(result, "bagram", "handover").date.isoformat() == "2021-07-02"
    kandahar = _event(result, "kandahar-airfield", "handover")
    assert (kandahar.date.isoformat(), kandahar.precision) == ("2021-05-01", "month")


def test_an_attack_on_a_us_base_counts_whoever_it_hurt(extractor):
    result, _ = _extract(extractor, "On Monday, February 5, a drone slammed into a training academy inside the "
                                    "al-Omar oil field base, killing six SDF fighters.", "2024-02-11")
    assert _event(result, "green-village-al-omar", "attack").date.isoformat() == "2024-02-05"


def test_it_was_where_refers_to_the_base_named_before(extractor):
    result, _ = _extract(extractor, "US troops are stationed at Ain al-Asad Air Base. It is also where Iran fired "
                                    "more than a dozen ballistic missiles in January 2020.", "2024-01-21")
    assert _event(result, "ain-al-asad", "attack").date.isoformat() == "2020-01-01"


def test_a_base_being_left_still_had_its_presence_since_a_year(extractor):
    result, _ = _extract(extractor, "Coalition forces handed over Al Taqaddum Air Base on Saturday. About 500 coalition "
                                    "personnel are leaving the base, which has hosted U.S. Marines since 2015.", "2020-04-04")
    presence = _event(result, "al-taqaddum", "presence")
    assert (presence.date.isoformat(), presence.precision) == ("2015-01-01", "year")


def test_a_name_in_quotes_is_a_name(extractor):
    result, _ = _extract(extractor, "US troops left the “Qasrak” base on Sunday.", "2026-02-20")
    assert _event(result, "qasrak", "withdrawal_completed").date.isoformat() == "2026-02-15"


def test_villages_named_to_locate_a_base_are_not_sites(extractor):
    result, _ = _extract(extractor, "US troops patrolled the road between Tal Baydar and Rmelan on Sunday.", "2026-02-20")
    assert not result.events


def test_attacks_guarded_against_or_repeated_many_times_are_no_dated_attack(extractor):
    result, _ = _extract(extractor, "To guard against Taliban attacks, Camp Taji was reinforced on Sunday. Militias "
                                    "fired rockets at Camp Taji many times over the past five years.", "2020-08-24")
    assert not [e for e in result.events if e.kind == "attack"]


def test_a_withdrawal_that_began_and_ended_gives_both_days(extractor):
    result, _ = _extract(extractor, "The withdrawal of US forces from Air Base 101 began on May 19 and ended today.",
                         "2024-07-07")
    assert _event(result, "niger-air-base-101", "withdrawal_started").date.isoformat() == "2024-05-19"
    assert _event(result, "niger-air-base-101", "withdrawal_completed").date.isoformat() == "2024-07-07"


def test_past_another_site_and_its_own_verb_an_earlier_cue_no_longer_reaches(extractor):
    result, _ = _extract(extractor, "With the closure of the US compound on Air Base 101, US forces will now focus on "
                                    "completing the withdrawal from Air Base 201.", "2024-07-07")
    assert ("niger-air-base-201", "withdrawal_completed") not in _events(result)
    assert ("niger-air-base-201", "withdrawal_planned") in _events(result)


def test_the_base_reaches_back_further_while_the_story_has_named_one_site(extractor):
    body = ("The coalition handed Camp Taji to Iraqi forces on Sunday.\n\n"
            "The ceremony was short. Officers signed papers. Flags were lowered. Reporters watched.\n\n"
            "Some 300 soldiers are leaving the base, which has hosted US troops since 2014.")
    result, _ = _extract(extractor, body)
    presence = _event(result, "camp-taji", "presence")
    assert (presence.date, presence.precision) == (date(2014, 1, 1), "year")


def test_an_assault_somewhere_in_the_province_is_no_attack_on_the_base(extractor):
    result, _ = _extract(extractor, "Kandahar Airfield was busy last week, as aircraft flying from it helped "
                                    "Afghan troops beat back a Taliban assault in the province.")
    assert ("kandahar-airfield", "attack") not in _events(result)


def test_earlier_in_the_day_is_the_day_of_the_report(extractor):
    body = ("The coalition handed Camp Taji to Iraqi forces, the army said.\n\n"
            "A local official said the departure of the Americans was carried out earlier in the day.")
    result, _ = _extract(extractor, body)
    left = _event(result, "camp-taji", "withdrawal_completed")
    assert (left.date, left.precision) == (date(2026, 2, 25), "day")


def test_a_second_verb_shares_the_first_one_s_to_unless_it_has_its_own_subject(extractor):
    planned, _ = _extract(extractor, "A television channel reported that the coalition had decided to leave "
                                     "Camp Taji and hand it over within hours.")
    assert _events(planned) == {("camp-taji", "withdrawal_planned")}
    done, _ = _extract(extractor, "Washington agreed to move its soldiers out of the country, and they left "
                                  "Camp Taji within days, at the end of January.")
    assert ("camp-taji", "withdrawal_completed") in _events(done)


def test_read_more_links_and_newsletter_lines_are_not_the_report(extractor):
    body = ("Rockets struck near Erbil on Monday, officials said.\n\n"
            "Read more: Iraqi forces take over Camp Taji from the coalition\n\n"
            "Sign up for our newsletter on Ain al-Asad Air Base and the region")
    result, _ = _extract(extractor, body)
    assert not any(e.site in {"camp-taji", "ain-al-asad"} for e in result.events)


def test_a_date_in_a_relative_clause_dates_that_clause_not_a_past_presence(extractor):
    result, _ = _extract(extractor, "Camp Taji, which the coalition left on Sunday, had housed some 500 coalition personnel.")
    assert _events(result) == {("camp-taji", "withdrawal_completed")}
    assert _event(result, "camp-taji", "withdrawal_completed").date == date(2026, 2, 22)


def test_as_of_last_month_opens_the_sentence_rather_than_a_subordinate_clause(extractor):
    result, _ = _extract(extractor, "As of last month, American soldiers were still based at Camp Taji, officials said.")
    presence = _event(result, "camp-taji", "presence")
    assert (presence.date, presence.precision) == (date(2026, 1, 1), "month")


def test_the_place_of_a_killing_is_no_site_of_the_story(extractor):
    result, _ = _extract(extractor, "The transfers follow a vote in parliament in January calling for foreign forces to leave, "
                                    "after the US killing of Iranian general Qasem Soleimani at Baghdad airport set off rocket attacks.")
    assert "victory-base-complex" not in _site_ids(result)


def test_the_present_perfect_presence_goes_on_today(extractor):
    result, _ = _extract(extractor, "US troops have kept a presence at Camp Taji for years to train Iraqi recruits.")
    presence = _event(result, "camp-taji", "presence")
    assert (presence.date, presence.precision) == (date(2026, 2, 25), "day")
    past, _ = _extract(extractor, "US troops kept a presence at Camp Taji for years.")
    assert ("camp-taji", "presence") not in _events(past)  # past with no date: background, no news of today


def test_sites_listed_after_a_move_of_unnamed_bases_take_its_event_and_date(extractor):
    body = ("A newspaper reported on February 17 that the Pentagon would close three of its small bases in Iraq. "
            "It named Camp Taji and Ain al-Asad Air Base, along with a third, smaller site.")
    result, _ = _extract(extractor, body)
    assert _events(result) == {("camp-taji", "withdrawal_planned"), ("ain-al-asad", "withdrawal_planned")}
    plan = _event(result, "camp-taji", "withdrawal_planned")
    assert plan.date == date(2026, 2, 17) and plan.quote.startswith("It named")
    unrelated, _ = _extract(extractor, "The Pentagon would close three of its small bases. "
                                       "Camp Taji lies north of Baghdad.")
    assert ("camp-taji", "withdrawal_planned") not in _events(unrelated)


def test_a_handover_whose_verb_is_still_to_come_is_a_plan(extractor):
    result, _ = _extract(extractor, "He said the coalition's handover of Camp Taji to Iraqi forces would take place next week.")
    assert _events(result) == {("camp-taji", "withdrawal_planned")}


def test_the_year_before_a_withdrawal_noun_dates_it_and_a_year_to_come_makes_it_a_plan(extractor):
    past, _ = _extract(extractor, "Camp Taji stood empty of Americans after the 2011 withdrawal, officials recalled.")
    done = _event(past, "camp-taji", "withdrawal_completed")
    assert (done.date, done.precision) == (date(2011, 1, 1), "year")
    future, _ = _extract(extractor, "Officials are preparing Camp Taji for the 2027 withdrawal.")
    assert _events(future) == {("camp-taji", "withdrawal_planned")}
    assert _event(future, "camp-taji", "withdrawal_planned").target_date == date(2027, 1, 1)


def test_of_two_cues_of_one_kind_the_main_clause_states_the_event(extractor):
    result, _ = _extract(extractor, "The drawdown at Camp Taji started slowly on February 18 and gathered pace over the last "
                                    "two days, as convoys of trucks drove out of the base.")
    started = _event(result, "camp-taji", "withdrawal_started")
    assert (started.date, started.precision) == (date(2026, 2, 18), "day")


def test_a_near_cue_ending_in_a_preposition_speaks_of_the_place_after_it(extractor):
    result, _ = _extract(extractor, "The Pentagon would close Camp Taji, and cut the number of US troops in the country.")
    assert ("camp-taji", "presence") not in _events(result)


def test_the_evacuation_is_no_reference_to_the_base_before(extractor):
    body = ("US service members are now at Kabul airport, officials said. "
            "The evacuation began on February 14, the White House said.")
    result, _ = _extract(extractor, body)
    assert _events(result) == {("hkia", "presence")}


def test_what_the_americans_left_behind_is_no_withdrawal(extractor):
    result, _ = _extract(extractor, "Camp Taji, the base the Americans left behind, is the size of a small city.")
    assert ("camp-taji", "withdrawal_completed") not in _events(result)


def test_a_verb_does_not_reach_into_an_absolute_clause_with_its_own_subject(extractor):
    result, _ = _extract(extractor, "US soldiers vacated Camp Taji on Monday night, with the final group of personnel "
                                    "stationed at Ain al-Asad Air Base set to remain until September.")
    assert ("camp-taji", "withdrawal_completed") in _events(result)
    assert ("ain-al-asad", "withdrawal_completed") not in _events(result)


def test_a_relative_pronoun_after_an_actor_leaves_the_verb_to_every_site_it_names(extractor):
    result, _ = _extract(extractor, "The move follows earlier evacuations by the Coalition, which pulled out of Camp Taji, "
                                    "along with the Qasrak base and Ain al-Asad Air Base positions.")
    assert {site for site, kind in _events(result) if kind == "withdrawal_completed"} == {"camp-taji", "qasrak", "ain-al-asad"}


def test_another_force_named_in_a_relative_clause_does_not_act_in_the_sentence(extractor):
    result, _ = _extract(extractor, "It began withdrawing on February 23 from the Qasrak base in the northeast, "
                                    "which is still under SDF control.")
    started = _event(result, "qasrak", "withdrawal_started")
    assert started.date == date(2026, 2, 23)


def test_a_descriptive_name_followed_by_the_known_one_is_the_known_site(extractor):
    result, _ = _extract(extractor, "A large drone targeted the 'Logistics Support' base known as 'Tower 22' in Jordan on Sunday.")
    assert _site_ids(result) == {"tower-22"}
    assert _events(result) == {("tower-22", "attack")}


def test_this_base_refers_to_the_site_named_before(extractor):
    body = "Drones struck Tower 22 on Sunday. About 350 US personnel are stationed at this base, officials said."
    result, _ = _extract(extractor, body)
    assert ("tower-22", "presence") in _events(result)


def test_the_us_military_left_and_us_soldiers_sharing_a_guard_are_read(extractor):
    left, _ = _extract(extractor, "KABUL (AP) — After nearly 20 years, the U.S. military left Bagram Airfield, officials said Friday.")
    assert ("bagram", "withdrawal_completed") in _events(left)
    guard, _ = _extract(extractor, "Turkish and US soldiers currently are protecting Kabul airport.")
    assert ("hkia", "presence") in _events(guard)


def test_a_host_ordering_us_forces_to_cease_activities_at_a_base_is_a_plan(extractor):
    result, _ = _extract(extractor, "In a letter dated April 4, the host air force chief ordered the United States to cease "
                                    "its activities at Camp Taji.", "2024-04-25")
    assert _events(result) == {("camp-taji", "withdrawal_planned")}


def test_a_plan_restated_today_stays_beside_the_dated_one(extractor):
    body = ("On April 4 the host government ordered the United States to leave Camp Taji. "
            "US advisers based at Camp Taji are due to fly out within days, an official said.")
    result, _ = _extract(extractor, body, "2024-04-25")
    plans = sorted(e.date for e in result.events if e.kind == "withdrawal_planned")
    assert plans == [date(2024, 4, 4), date(2024, 4, 25)]


def test_troops_pulled_out_of_the_town_of_a_base_left_it_and_government_forces_moving_in_reinforce_nothing(extractor):
    body = ("The coalition confirmed on Tuesday that it had pulled all of its troops out of the town of Manbij, "
            "which is now controlled by government forces. "
            "Hours earlier, state media reported that government forces had moved into the center of Manbij.")
    result, _ = _extract(extractor, body, "2019-10-15")
    assert _events(result) == {("manbij", "withdrawal_completed"), ("manbij", "handover")}


def test_a_since_clause_neither_states_an_event_nor_dates_the_main_clause(extractor):
    result, _ = _extract(extractor, "Camp Taji was handed to Iraqi forces, the fourth base given up since the "
                                    "coalition withdrawal formally began on January 5, following an order on December 20.")
    assert ("camp-taji", "withdrawal_started") not in _events(result)
    event = _event(result, "camp-taji", "handover")
    assert (event.date, event.date_basis) == (date(2026, 2, 25), "publication")


def test_the_start_of_the_month_is_the_month_of_publication(extractor):
    result, _ = _extract(extractor, "Camp Taji was handed over to Iraqi forces at the start of the month.")
    event = _event(result, "camp-taji", "handover")
    assert (event.date, event.precision) == (date(2026, 2, 1), "month")


def test_a_long_apposition_between_the_site_and_the_receiver_is_still_a_handover(extractor):
    result, _ = _extract(extractor, "US troops on Monday handed Camp Taji, the sprawling training ground north of the capital "
                                    "where American advisers have schooled Iraqi officers for more than a decade, to the Iraqi army.")
    event = _event(result, "camp-taji", "handover")
    assert event.date == date(2026, 2, 23)


def test_the_lead_dates_its_act_told_again_with_the_site_named(extractor):
    result, _ = _extract(extractor, "American fighter jets arrived in Iraq on Sunday, the Air Force said. "
                                    "The jets landed at Erbil Air Base, which hosts several hundred US troops.")
    event = _event(result, "erbil-air-base", "reinforcement")
    assert (event.date, event.date_basis) == (date(2026, 2, 22), "lead")


def test_a_presence_dated_years_after_a_handover_is_a_return(extractor):
    result, _ = _extract(extractor, "Camp Taji was handed to the Iraqi army in October 2014. The base has hosted "
                                    "a few hundred US Marine advisers since 2019.")
    assert _event(result, "camp-taji", "presence").date == date(2019, 1, 1)


def test_an_attack_verb_with_it_refers_to_the_base_named_before(extractor):
    result, _ = _extract(extractor, "Rockets were fired at Ain al-Asad Air Base on Monday. Militants had targeted it "
                                    "the same way in January.")
    assert {e.date for e in result.events if e.kind == "attack"} == {date(2026, 2, 23), date(2026, 1, 1)}


def test_it_was_the_deadliest_day_is_no_reference_to_a_site(extractor):
    result, _ = _extract(extractor, "A drone struck Tower 22 on Sunday. It was the deadliest day for American forces "
                                    "in Jordan since August 2011.")
    assert all(e.date.year == 2026 for e in result.events)


def test_the_victims_of_an_attack_are_no_report_of_presence(extractor):
    result, _ = _extract(extractor, "On Monday a suicide bomber killed 13 US troops and dozens of civilians at Camp Taji's main gate.")
    assert _events(result) == {("camp-taji", "attack")}


def test_a_rough_date_restated_exactly_takes_the_exact_date(extractor):
    result, _ = _extract(extractor, "A year ago, on December 11, 2025, a car bomb exploded at the gate of Camp Taji.")
    assert _event(result, "camp-taji", "attack").date == date(2025, 12, 11)


def test_an_american_used_base_is_a_description_not_a_name(extractor):
    result, _ = _extract(extractor, "A militia said it attacked an American-used air base in Kuwait with drones on Monday.")
    assert not any("american" in s.id for s in result.sites)


def test_a_site_named_after_a_verb_with_along_with_keeps_the_verb(extractor):
    result, _ = _extract(extractor, "Ali Al Salem is one of several bases in Kuwait used by American forces, along with Camp Arifjan.")
    assert {("ali-al-salem", "presence"), ("camp-arifjan", "presence")} <= _events(result)


def test_evacuating_residents_near_a_base_is_no_withdrawal(extractor):
    result, _ = _extract(extractor, "Smoke rose near Camp Arifjan, where US troops are based, and the police began evacuating residents of the area.")
    assert not any(e.kind.startswith("withdrawal") for e in result.events)


def test_a_caption_adds_no_presence_to_a_site_the_text_reports_leaving(extractor):
    result, _ = _extract(extractor, "The last American aircraft lifted off from Camp Taji on Monday.\n\n"
                                    "FILE PHOTO: US soldiers board a C-17 at Camp Taji, Iraq, March 2025.")
    assert _events(result) == {("camp-taji", "withdrawal_completed")}


def test_a_town_that_locates_a_housing_complex_is_not_its_base(extractor):
    result, _ = _extract(extractor, "A truck bomb at the housing complex in Dhahran killed 19 US airmen in 1996.")
    assert not result.events


def test_an_attack_in_an_opening_after_clause_is_not_on_the_site_of_the_main_clause(extractor):
    result, _ = _extract(extractor, "After a car bomb killed 19 US airmen in the capital in 1996, the Air Force moved most of "
                                    "its jets from an airfield near the coast to Al Udeid Air Base.")
    assert _events(result) == {("al-udeid", "reinforcement")}


def test_a_rumoured_exit_is_no_withdrawal(extractor):
    result, _ = _extract(extractor, "Some reports on Monday suggested that Al Udeid Air Base had been vacated by US forces. "
                                    "The base hosts thousands of American personnel.")
    assert _events(result) == {("al-udeid", "presence")}


def test_attacks_on_host_forces_near_a_base_are_not_attacks_on_it(extractor):
    result, _ = _extract(extractor, "Insurgents have stepped up attacks on Afghan forces near Bagram Airfield, where US troops are based.")
    assert ("bagram", "attack") not in _events(result)


def test_another_powers_handover_is_not_a_us_event(extractor):
    result, _ = _extract(extractor, "The handover of the Adji Kossei base ended the presence of French forces in Chad on Thursday.")
    assert not result.events


def test_a_flight_leaving_loaded_with_troops_starts_a_withdrawal_from_the_southern_base(extractor):
    result, _ = _extract(extractor, "Camp Taji is the first site to be emptied. Around midnight on Monday a C-130 took off from "
                                    "the northern base loaded with munitions and departing troops.")
    assert _event(result, "camp-taji", "withdrawal_started").date == date(2026, 2, 23)


def test_the_lead_after_a_byline_and_a_dateline_dates_the_act(extractor):
    result, _ = _extract(extractor, "By our staff\n\nWASHINGTON, Feb 25 (Wire) — The Pentagon is moving some of its troops in Iraq "
                                    "from the capital to a desert air base, US officials said on Monday.\n\n"
                                    "We are repositioning some of our people from Baghdad to Ain al-Asad Air Base, a spokesman said.")
    event = _event(result, "ain-al-asad", "reinforcement")
    assert (event.date, event.date_basis) == (date(2026, 2, 23), "lead")


def test_a_claimed_attack_the_article_says_never_happened_is_no_attack(extractor):
    result, _ = _extract(extractor, "The Air Force rejected a militia's claim that it attacked a base in Kuwait. "
                                    "The group said it had launched drones at Camp Arifjan on Sunday. No such attack occurred, a spokesman said.")
    assert ("camp-arifjan", "attack") not in _events(result)


def test_a_car_bomb_headed_for_a_base_is_no_reinforcement(extractor):
    result, _ = _extract(extractor, "On Sunday a drone hit a car that officials said was packed with explosives and headed for Camp Taji, where US troops are based.")
    assert ("camp-taji", "reinforcement") not in _events(result)


def test_the_completion_means_takes_the_leads_date_not_a_background_month(extractor):
    result, _ = _extract(extractor, "NAIROBI — The US military said on Sunday that it had finished pulling its troops out of Somalia. "
                                    "Officials gave no figures. Some went to Kenya. Others went home. Nobody would say more. "
                                    "The completion means that Baledogle airfield no longer has the American trainers it housed in November.")
    event = _event(result, "baledogle", "withdrawal_completed")
    assert (event.date, event.date_basis) == (date(2026, 2, 22), "lead")


def test_a_militia_convoy_leaving_an_airport_is_no_withdrawal(extractor):
    result, _ = _extract(extractor, "The deputy head of the Popular Mobilisation Forces died when drones hit their convoy "
                                    "as it left Baghdad International Airport early on Friday.")
    assert not any(e.kind.startswith("withdrawal") for e in result.events)


def test_a_base_which_us_forces_reopened_has_them_now(extractor):
    result, _ = _extract(extractor, "More troops went to the Gulf, including forces at Prince Sultan Air Base, which American forces reopened last summer.")
    assert ("prince-sultan-air-base", "presence") in _events(result)


def test_in_the_second_takes_the_second_day_of_a_list_named_before(extractor):
    result, _ = _extract(extractor, "Militants fired rockets at Iraqi bases on January 17, 24 and 31. The first barrage hit a fuel depot. "
                                    "In the second, US troops at Ain al-Asad Air Base fired Patriot interceptors.")
    assert _event(result, "ain-al-asad", "attack").date == date(2026, 1, 24)


def test_a_relative_clause_after_a_destination_still_says_presence(extractor):
    result, _ = _extract(extractor, "The jets landed at Al Dhafra Air Base on Saturday, which hosts some 2,000 American troops.")
    assert {("al-dhafra", "reinforcement"), ("al-dhafra", "presence")} <= _events(result)


def test_an_attack_on_iraqi_and_us_forces_at_a_base_is_an_attack_on_it(extractor):
    result, _ = _extract(extractor, "Rockets were fired on Monday in an attack on Iraqi and US forces at Ain al-Asad Air Base.")
    assert ("ain-al-asad", "attack") in _events(result)


def test_a_base_hosting_troops_who_fight_islamic_state_still_hosts_them(extractor):
    result, _ = _extract(extractor, "Erbil Air Base hosts about 900 troops fighting Islamic State.")
    assert ("erbil-air-base", "presence") in _events(result)


def test_a_since_clause_that_names_the_site_still_tells_its_move(extractor):
    result, _ = _extract(extractor, "Militia activity in the desert has grown since US forces left Ain al-Asad Air Base in January.")
    event = _event(result, "ain-al-asad", "withdrawal_completed")
    assert (event.date, event.precision) == (date(2026, 1, 1), "month")


def test_the_base_which_lies_next_to_an_airport_is_the_base_named_before(extractor):
    result, _ = _extract(extractor, "The last US troops left Air Base 101 on Sunday. At a ceremony that evening Nigerien forces took control "
                                    "of the buildings the Americans had used at the base, which lies next to Diori Hamani International Airport.")
    assert ("niger-air-base-101", "handover") in _events(result)


def test_leaving_a_base_as_the_last_one_with_us_troops_is_presence_now(extractor):
    result, _ = _extract(extractor, "The last US troops left Camp Taji on Sunday, leaving Erbil Air Base as the last installation with American troops on it.")
    event = _event(result, "erbil-air-base", "presence")
    assert event.date == date(2026, 2, 25)


def test_a_gateway_through_which_troops_leave_the_country_is_not_being_left(extractor):
    result, _ = _extract(extractor, "Bagram Airfield remains the hub of the American presence and the gateway through which troops are leaving the country.")
    assert _events(result) == {("bagram", "presence")}


def test_a_time_frame_opening_the_sentence_is_no_move_at_the_site(extractor):
    result, _ = _extract(extractor, "WASHINGTON — A month into the drawdown, officials said on Tuesday that Bagram Airfield, "
                                    "the biggest US facility in the country, could pass to Afghan forces within weeks.")
    assert ("bagram", "withdrawal_started") not in _events(result)


def test_troops_based_at_a_city_with_a_known_base_are_at_that_base(extractor):
    result, _ = _extract(extractor, "As of last month, American soldiers were still based at Baledogle airbase in the Lower Shabelle region "
                                    "and at the southern port city of Kismayo.")
    assert {("baledogle", "presence"), ("kismayo", "presence")} <= _events(result)


def test_the_city_of_a_known_base_is_still_only_a_city_without_troops_based_there(extractor):
    result, _ = _extract(extractor, "Rockets struck a market in the city of Kismayo on Monday.")
    assert not result.events


def test_a_town_named_beside_a_navy_or_air_force_unit_stands_for_its_base(extractor):
    result, _ = _extract(extractor, "The US Navy keeps four destroyers homeported at Rota, on the Atlantic coast.",
                         "2022-06-28")
    assert ("naval-station-rota", "presence") in _events(result)


def test_closing_the_airspace_over_a_base_is_no_withdrawal(extractor):
    result, _ = _extract(extractor, "Turkish authorities closed the airspace above Incirlik Air Base on Saturday, "
                                    "where about 1,500 US airmen are stationed.", "2016-07-18")
    assert ("incirlik", "withdrawal_completed") not in _events(result)
    assert ("incirlik", "presence") in _events(result)


def test_a_bare_installation_name_stands_for_it_beside_us_forces(extractor):
    result, _ = _extract(extractor, "US troops have used Manas, next to the civilian airport, since December 2001.",
                         "2014-06-03")
    event = _event(result, "manas", "presence")
    assert (event.date.isoformat(), event.precision) == ("2001-12-01", "month")


def test_a_relative_clause_speaks_of_the_name_just_before_it(extractor):
    result, _ = _extract(extractor, "Those leaving will go to Camp Lemonnier in Djibouti, the main US base in Africa, and "
                                    "to Camp Simba on the Kenyan coast, where militants killed three Americans in January.",
                         "2020-12-05")
    assert ("camp-simba", "attack") in _events(result)
    assert ("camp-lemonnier", "attack") not in _events(result)


def test_a_former_name_a_named_attack_elsewhere_and_a_visitor_are_no_events(extractor):
    result, _ = _extract(extractor, "US forces began using Karshi-Khanabad in October 2001, weeks after the September 11 "
                                    "attacks. Rumsfeld, who landed at Karshi-Khanabad on Tuesday, thanked the airmen. "
                                    "The camp was known as Camp Zebulon until 1957.", "2005-11-22")
    assert ("karshi-khanabad", "attack") not in _events(result)
    assert ("karshi-khanabad", "reinforcement") not in _events(result)
    assert "camp-zebulon" not in _site_ids(result)


def test_a_unit_named_air_base_squadron_is_no_site(extractor):
    result, _ = _extract(extractor, "US airmen of the 475th Expeditionary Air Base Squadron are stationed at Camp Simba.",
                         "2020-01-06")
    assert _site_ids(result) == {"camp-simba"}


def test_forces_began_operating_from_a_base_in_a_month_is_presence_then(extractor):
    result, _ = _extract(extractor, "US forces began operating from Manta in November 1999, after Washington failed to "
                                    "agree with Panama on keeping Howard Air Force Base.", "2009-09-19")
    event = _event(result, "manta", "presence")
    assert (event.date.isoformat(), event.precision) == ("1999-11-01", "month")
    assert "howard-afb" not in {e.site for e in result.events}


def test_returning_the_installation_to_the_host_air_force_is_a_handover(extractor):
    result, _ = _extract(extractor, "The last US airmen left Manta this week. At a ceremony on Friday the Americans "
                                    "returned the installation to the Ecuadorean air force.", "2009-09-19")
    assert _event(result, "manta", "handover").date.isoformat() == "2009-09-18"


def test_a_command_opened_at_a_base_reinforces_it(extractor):
    result, _ = _extract(extractor, "US Forces Korea opened its new headquarters at Camp Humphreys on Friday. Much of "
                                    "the traffic now flows through Kadena Air Base, where the US military opened a new "
                                    "transit hub earlier this year.", "2018-07-02")
    assert _event(result, "camp-humphreys", "reinforcement").date.isoformat() == "2018-06-29"
    assert ("kadena-air-base", "reinforcement") in _events(result)


def test_a_move_routed_across_places_still_reaches_the_bases(extractor):
    result, _ = _extract(extractor, "The airlift role has been moved west, across the Rhine, to Ramstein and Spangdahlem "
                                    "air bases.", "2005-10-11")
    assert {("ramstein-air-base", "reinforcement"), ("spangdahlem-air-base", "reinforcement")} <= _events(result)


def test_a_headquarters_moved_out_starts_the_withdrawal_and_the_object_is_the_name_after_the_verb(extractor):
    result, _ = _extract(extractor, "The 2nd Infantry Division has moved its headquarters from Camp Red Cloud to Camp "
                                    "Humphreys. The Air Force will close RAF Mildenhall and hand it back to Britain, the "
                                    "Pentagon said in a review of American bases in Europe that also named RAF Lakenheath "
                                    "as the home of the F-35.", "2018-11-05")
    assert {("camp-red-cloud", "withdrawal_started"), ("camp-humphreys", "reinforcement"),
            ("raf-mildenhall", "withdrawal_planned")} <= _events(result)
    assert ("raf-lakenheath", "withdrawal_planned") not in _events(result)


def test_wounded_flown_to_a_base_and_a_base_taking_over_a_role_are_no_events(extractor):
    result, _ = _extract(extractor, "Wounded troops were flown to Ramstein Air Base for treatment on Thursday. In 2014 "
                                    "Mihail Kogalniceanu took over from the Manas Transit Center as the main transit point.",
                         "2021-08-27")
    assert ("ramstein-air-base", "reinforcement") not in _events(result)
    assert ("manas", "handover") not in _events(result)


def test_a_town_beside_a_naval_air_station_is_its_base_and_a_persons_name_is_not(extractor):
    result, _ = _extract(extractor, "The United States pulled its last service members out of Iceland on Saturday, "
                                    "shutting down the naval air station at Keflavik. The treaties signed by Jimmy Carter "
                                    "and Manas Torrijos require every US military facility to be handed over.", "2006-10-02")
    assert _event(result, "keflavik", "withdrawal_completed").date.isoformat() == "2006-09-30"
    assert "manas" not in _site_ids(result)


def test_the_last_scheduled_flight_starts_a_withdrawal_rather_than_ending_it(extractor):
    result, _ = _extract(extractor, "The last scheduled American military flight lifted off from Rhein-Main Air Base on "
                                    "Friday, September 30.", "2005-10-11")
    assert _event(result, "rhein-main-air-base", "withdrawal_started").date.isoformat() == "2005-09-30"
    assert ("rhein-main-air-base", "withdrawal_completed") not in _events(result)


def test_a_future_move_to_a_base_is_no_reinforcement_yet(extractor):
    result, _ = _extract(extractor, "Those leaving are expected to move to Camp Lemonnier in Djibouti.", "2020-12-05")
    assert ("camp-lemonnier", "reinforcement") not in _events(result)


def test_units_rotated_through_a_range_are_present(extractor):
    result, _ = _extract(extractor, "The Army has for years rotated armoured units through the Novo Selo training range, "
                                    "which American soldiers have shared with the Bulgarian army.", "2022-06-29")
    assert ("novo-selo-training-area", "presence") in _events(result)


def test_a_base_that_closed_or_was_returned_in_a_year(extractor):
    result, _ = _extract(extractor, "Clark Air Base closed in 1991 after the eruption. The United States returned "
                                    "Kadena Air Base to Japan in 1972. The Navy shut Naval Air Station Keflavik in 2006.",
                         "2022-05-15")
    assert _event(result, "clark-air-base", "withdrawal_completed").date.isoformat() == "1991-01-01"
    assert _event(result, "kadena-air-base", "handover").date.isoformat() == "1972-01-01"
    assert _event(result, "keflavik", "withdrawal_completed").date.isoformat() == "2006-01-01"


def test_troop_cuts_at_a_base_are_a_plan(extractor):
    result, _ = _extract(extractor, "The Pentagon announced troop cuts at Camp Humphreys on Monday.", "2024-06-05")
    assert _event(result, "camp-humphreys", "withdrawal_planned").date.isoformat() == "2024-06-03"


def test_aircraft_flown_from_a_base_since_a_year_and_a_town_beside_the_americans(extractor):
    result, _ = _extract(extractor, "The US Air Force began flying MQ-9 Reaper drones from Larissa air base in Greece in "
                                    "2021. The Americans handed Bagram to the Afghan army on July 2.", "2024-06-05")
    assert _event(result, "larissa-air-base", "presence").date.isoformat() == "2021-01-01"
    assert _event(result, "bagram", "handover").date.isoformat() == "2023-07-02"


def test_decommissioning_a_station_and_a_plan_to_pull_soldiers_out(extractor):
    result, _ = _extract(extractor, "The US Navy decommissioned Naval Air Station Keflavik on Sept. 8, 2006. The Pentagon "
                                    "said on Monday it would pull about 3,000 soldiers out of Spangdahlem Air Base.",
                         "2024-06-05")
    assert _event(result, "keflavik", "withdrawal_completed").date.isoformat() == "2006-09-08"
    assert _event(result, "spangdahlem-air-base", "withdrawal_planned").date.isoformat() == "2024-06-03"


def test_a_unit_at_a_base_is_presence_and_a_since_in_another_nouns_clause_does_not_date_it(extractor):
    result, _ = _extract(extractor, "The F-16 squadron at Spangdahlem Air Base stays. The shield relies on four US "
                                    "destroyers homeported at Rota in Spain and on a radar in Turkey that has been in "
                                    "service since 2011.", "2024-11-13")
    assert ("spangdahlem-air-base", "presence") in _events(result)
    assert _event(result, "naval-station-rota", "presence").date.isoformat() == "2024-11-13"


def test_the_following_year_and_that_year_count_from_the_year_named_before(extractor):
    result, _ = _extract(extractor, "The Americans pulled out of Clark Air Base in 1991, and left Subic Bay Naval Base the "
                                    "following year. The Senate rejected the treaty in September 1991, and on December 27 "
                                    "that year Manila gave the US Navy formal notice to leave Subic Bay.", "2023-04-03")
    assert _event(result, "subic-bay", "withdrawal_completed").date.isoformat() == "1992-01-01"
    assert _event(result, "subic-bay", "withdrawal_planned").date.isoformat() == "1991-12-27"


def test_a_since_clause_is_dated_by_the_date_that_ends_it(extractor):
    result, _ = _extract(extractor, "About 1,500 US airmen are stationed at Incirlik Air Base. The base has been used by "
                                    "the US-led coalition for strikes in Syria since Turkey opened it to them in July 2015.",
                         "2016-07-18")
    dates = {e.date.isoformat() for e in result.events if (e.site, e.kind) == ("incirlik", "presence")}
    assert dates == {"2016-07-18", "2015-07-01"}


def test_planes_are_no_plan_diplomats_are_no_forces_and_a_place_casualties_reach_was_not_attacked(extractor):
    result, _ = _extract(extractor, "Through the blockade of 1948 Rhein-Main Air Base was the loading point for the planes "
                                    "that kept Berlin supplied. CIA officers and diplomats based at Camp Lemonnier would "
                                    "also leave. A bomber struck the crowd on Thursday, killing 13 American service "
                                    "members, and wounded troops were flown to Ramstein Air Base.", "2021-08-27")
    assert not {("rhein-main-air-base", "withdrawal_planned"), ("camp-lemonnier", "presence"),
                ("camp-lemonnier", "withdrawal_planned"), ("ramstein-air-base", "attack")} & _events(result)


def test_a_lease_not_renewed_an_order_to_vacate_and_control_taken_back(extractor):
    result, _ = _extract(extractor, "Ecuador refused to renew the lease on Manta air base. Kyrgyzstan ordered the US "
                                    "military to vacate Manas air base by August. Japan took back control of Camp Kinser "
                                    "on Monday.", "2024-06-05")
    assert {("manta", "withdrawal_planned"), ("manas", "withdrawal_planned"), ("camp-kinser", "handover")} <= _events(result)


def test_a_move_made_a_condition_is_no_event(extractor):
    result, _ = _extract(extractor, "The paratroopers at Camp Taji are to return home once the handover is complete.")
    assert not {kind for _, kind in _events(result)} & {"handover", "withdrawal_completed"}


def test_a_plan_named_in_a_since_clause_about_another_thing_is_no_plan_for_the_site(extractor):
    result, _ = _extract(extractor, "Officials on Wednesday formally opened Camp Taji, a facility Baghdad has waited for "
                                    "since the plan was first drawn up more than 15 years ago.")
    assert ("camp-taji", "withdrawal_planned") not in _events(result)


def test_attacks_over_the_past_years_are_a_history_not_a_dated_attack(extractor):
    result, _ = _extract(extractor, "Militias fired rockets at the Camp Taji and Ain al-Asad Air Base sites many times "
                                    "over the past five years.")
    assert not any(kind == "attack" for _, kind in _events(result))


def test_a_town_named_to_place_a_base_named_before_is_not_another_site(extractor):
    result, _ = _extract(extractor, "On Saturday an armed drone hit the al-Harir airbase, a base used by US forces near Erbil.")
    assert _events(result) == {("harir-air-base", "attack"), ("harir-air-base", "presence")}


def test_a_base_expected_to_host_troops_has_none_yet_but_troops_expected_to_stay_are_there(extractor):
    later, _ = _extract(extractor, "Camp Taji is expected to host the remaining American personnel.")
    assert ("camp-taji", "presence") not in _events(later)
    staying, _ = _extract(extractor, "US soldiers are expected to stay at Camp Taji for one more year.")
    assert ("camp-taji", "presence") in _events(staying)


def test_a_base_named_as_a_town_between_towns_only_locates(extractor):
    result, _ = _extract(extractor, "Qasrak is among the largest bases the Americans have in the northeast, between the "
                                    "towns of Tal Tamr and Tal Baydar south of the M4 highway.")
    assert "tell-beydar" not in {site for site, _ in _events(result)}
    assert ("qasrak", "presence") in _events(result)


def test_troops_pulled_out_of_sites_in_a_town_left_its_base(extractor):
    result, _ = _extract(extractor, "A spokesman said on Wednesday that troops had pulled out of the Lafarge cement factory "
                                    "near Kobani and of sites in Raqqa and Tabqa.")
    assert ("tabqa-airbase", "withdrawal_completed") in _events(result)


def test_the_city_of_a_base_handed_over_is_its_base(extractor):
    result, _ = _extract(extractor, "Last week a Pentagon official said the United States had “handed over” the city of "
                                    "Manbij to Russia.", "2019-10-23")
    assert ("manbij", "handover") in _events(result)


def test_a_verb_resumes_after_a_relative_clause_in_a_parallel_phrase(extractor):
    result, _ = _extract(extractor, "US troops have operated from Camp Taji, where they set up a training range, and from "
                                    "the nearby Ain al-Asad Air Base since 2017.")
    presence = _event(result, "ain-al-asad", "presence")
    assert (presence.date, presence.precision) == (date(2017, 1, 1), "year")


def test_vehicles_that_left_a_base_did_not_empty_it(extractor):
    result, _ = _extract(extractor, "According to the agency's correspondent, the vehicles left Qasrak base and drove east.")
    assert ("qasrak", "withdrawal_completed") not in _events(result)


def test_a_base_expanded_or_a_return_of_advisers_in_a_year_is_a_reinforcement_but_growth_over_decades_is_not(extractor):
    result, _ = _extract(extractor, "Camp Taji stood empty after the 2011 withdrawal until the return of American advisers in 2014.")
    back = _event(result, "camp-taji", "reinforcement")
    assert (back.date, back.precision) == (date(2014, 1, 1), "year")
    grown, _ = _extract(extractor, "Camp Taji has been built up over almost two decades into a small city.")
    assert ("camp-taji", "reinforcement") not in _events(grown)


def test_two_weeks_into_an_evacuation_is_a_time_not_a_destination(extractor):
    result, _ = _extract(extractor, "Two weeks into its evacuation of the Qasrak base, the US military has trucked in new weapons.",
                         "2026-03-11")
    started = _event(result, "qasrak", "withdrawal_started")
    assert (started.date, started.precision) == (date(2026, 2, 1), "month")


def test_lorries_driving_into_a_base_reinforce_it(extractor):
    result, _ = _extract(extractor, "Around fifty lorries carrying arms, escorted by armoured vehicles, drove into the Qasrak "
                                    "base on Wednesday.", "2026-03-11")
    arrived = _event(result, "qasrak", "reinforcement")
    assert arrived.date == date(2026, 3, 11)


def test_where_us_trainers_worked_is_past_presence_dated_by_its_sentence(extractor):
    result, _ = _extract(extractor, "Baledogle airfield, where American troops worked with Somali commandos in November, is quiet now.")
    event = _event(result, "baledogle", "presence")
    assert (event.date, event.precision) == (date(2025, 11, 1), "month")


def test_an_african_union_base_is_not_a_us_site(extractor):
    result, _ = _extract(extractor, "In May militants overran an African Union base in the south, killing dozens of soldiers.")
    assert not result.sites and not result.events


def test_by_a_past_month_in_the_past_perfect_dates_the_act(extractor):
    result, _ = _extract(extractor, "By early January, all US soldiers at Camp Taji had left the country, officials said.")
    event = _event(result, "camp-taji", "withdrawal_completed")
    assert (event.date, event.precision) == (date(2026, 1, 1), "month")


def test_by_a_coming_month_is_still_a_target(extractor):
    result, _ = _extract(extractor, "US troops will leave Camp Taji by the end of September.")
    event = _event(result, "camp-taji", "withdrawal_planned")
    assert event.target_date == date(2026, 9, 1)


def test_the_us_military_left_a_base_and_the_next_sentence_hands_it_over_the_same_day(extractor):
    result, _ = _extract(extractor, "KABUL — After nearly 20 years, the US military left Bagram Airfield, two US officials said on Friday. "
                                    "The airfield was handed over to the Afghan army in its entirety, they said.")
    assert _event(result, "bagram", "withdrawal_completed").date == date(2026, 2, 20)
    assert _event(result, "bagram", "handover").date == date(2026, 2, 20)


def test_us_soldiers_protecting_an_airport_are_present_there(extractor):
    result, _ = _extract(extractor, "US soldiers currently are protecting Kabul's Hamid Karzai International Airport.")
    assert ("hkia", "presence") in _events(result)


def test_hours_later_is_the_day_named_just_before(extractor):
    result, _ = _extract(extractor, "Rockets hit Ain al-Asad Air Base on Tuesday. Hours later, a drone struck Erbil Air Base.")
    assert _event(result, "erbil-air-base", "attack").date == date(2026, 2, 24)


def test_a_count_of_attacks_some_words_after_the_verb_is_a_habit(extractor):
    result, _ = _extract(extractor, "Iran-backed militias have attacked US forces in Iraq and Syria more than 60 times since October, "
                                    "including at Ain al-Asad Air Base.")
    assert ("ain-al-asad", "attack") not in _events(result)


def test_troops_who_will_be_based_at_a_camp_are_not_there_yet(extractor):
    result, _ = _extract(extractor, "Around 3,000 paratroopers are heading to Kuwait, where they will be based at Camp Buehring.")
    assert ("camp-buehring", "presence") not in _events(result)


def test_the_place_of_a_us_strike_that_killed_someone_is_not_a_site_of_the_story(extractor):
    result, _ = _extract(extractor, "The Pentagon confirmed that a US strike had killed General Qassem Soleimani, the commander of "
                                    "the Quds Force, near Baghdad International Airport early on Friday.")
    assert not result.sites


def test_the_unnamed_base_of_the_lead_is_the_one_the_next_sentence_names(extractor):
    result, _ = _extract(extractor, "The US military began moving troops back into a Saudi air base in January, officials said. "
                                    "Several hundred American service members are already at Prince Sultan Air Base.")
    event = _event(result, "prince-sultan-air-base", "reinforcement")
    assert (event.date, event.precision) == (date(2026, 1, 1), "month")


def test_an_unnamed_base_in_the_lead_is_not_given_to_a_site_the_lead_names_elsewhere(extractor):
    result, _ = _extract(extractor, "Rockets hit an air base in Iraq on Monday, while Erbil Air Base was quiet. "
                                    "Camp Taji hosts US troops.")
    assert ("camp-taji", "attack") not in _events(result)


def test_the_date_of_a_start_does_not_date_an_end_told_in_the_same_sentence(extractor):
    result, _ = _extract(extractor, "The monitor said the pullout from Camp Taji began on February 18, and that Iraqi forces "
                                    "moved in as soon as the Americans were gone.")
    assert _event(result, "camp-taji", "withdrawal_started").date == date(2026, 2, 18)
    ended = [e for e in result.events if e.kind == "withdrawal_completed"]
    assert all(e.date != date(2026, 2, 18) for e in ended)


def test_the_vacated_positions_are_the_sites_named_before(extractor):
    body = ("US forces have pulled out of Camp Taji and Ain al-Asad Air Base. "
            "Iraqi commandos moved into the vacated positions as soon as the Americans left, a monitor said.")
    result, _ = _extract(extractor, body)
    assert {("camp-taji", "handover"), ("ain-al-asad", "handover")} <= _events(result)


def test_a_presence_weeks_into_a_withdrawal_is_kept_but_not_on_the_day_it_starts(extractor):
    body = ("US forces began withdrawing from Qasrak base on February 2. "
            "Qasrak is among the largest bases the Americans have in the northeast.")
    later, _ = _extract(extractor, body, "2026-03-11")
    assert ("qasrak", "presence") in _events(later)
    same_day, _ = _extract(extractor, "US forces began withdrawing from Qasrak base on Monday. "
                                      "Qasrak is among the largest bases the Americans have in the northeast.", "2026-02-23")
    assert ("qasrak", "presence") not in _events(same_day)


def test_two_references_to_the_sites_before_each_carry_their_verbs(extractor):
    body = ("US forces have pulled out of Camp Taji and Ain al-Asad Air Base, a monitor said. "
            "It said the pullout began on February 18, and that Iraqi commandos moved into the vacated positions "
            "as soon as the Americans were gone.")
    result, _ = _extract(extractor, body)
    assert _event(result, "camp-taji", "withdrawal_started").date == date(2026, 2, 18)
    assert ("ain-al-asad", "handover") in _events(result)


def test_a_place_phrase_after_a_comma_does_not_cut_the_clause_from_its_date(extractor):
    result, _ = _extract(extractor, "The army said it took formal command of the al-Qaim base on March 19, and the coalition "
                                    "handed over Qayyarah Airfield West, south of Mosul, on Thursday.", "2020-03-29")
    assert _event(result, "qayyarah-west", "handover").date == date(2020, 3, 26)
    assert _event(result, "al-qaim", "handover").date == date(2020, 3, 19)


def test_a_temporary_stay_elsewhere_in_the_sentence_does_not_make_a_withdrawal_a_precaution(extractor):
    result, _ = _extract(extractor, "American troops began leaving Camp Taji in August 2025, but the drawdown was extended after "
                                    "the prime minister said in October that a small unit would stay on temporarily.")
    assert _event(result, "camp-taji", "withdrawal_started").date == date(2025, 8, 1)


def test_a_ceremony_continues_the_day_before_and_its_gate_is_the_base_named_before(extractor):
    result, _ = _extract(extractor, "The last US airmen left Manta on Friday. At a ceremony attended by ministers, the "
                                    "Americans returned the installation to the Ecuadorean air force. Baledogle is where US "
                                    "advisers train Somali commandos. In September last year militants rammed a car bomb "
                                    "into its gate.", "2020-12-05")
    assert _event(result, "manta", "handover").date.isoformat() == "2020-12-04"
    attack = _event(result, "baledogle", "attack")
    assert (attack.date.isoformat(), attack.precision) == ("2019-09-01", "month")


def test_a_plan_decades_ago_bases_south_of_a_base_and_a_base_staying_in_use(extractor):
    result, _ = _extract(extractor, "Futenma, which the two governments agreed to close almost three decades ago, is still "
                                    "operating. Most US bases south of Kadena Air Base would be given back. Futenma will "
                                    "stay in use until the new runways are finished.", "2024-12-18")
    assert _event(result, "mcas-futenma", "withdrawal_planned").date.isoformat() == "1994-01-01"
    assert ("kadena-air-base", "presence") not in _events(result)


def test_a_plan_to_build_a_base_is_no_withdrawal_plan(extractor):
    result, _ = _extract(extractor, "Poland and the United States on Wednesday opened the American base at Redzikowo, a "
                                    "facility Warsaw has waited for since the plan was first drawn up in 2009.", "2024-11-13")
    assert ("redzikowo", "withdrawal_planned") not in _events(result)


def test_a_move_that_will_or_would_happen_reinforces_nothing_yet(extractor):
    result, _ = _extract(extractor, "Officials said the F-16s at Spangdahlem Air Base would move to Aviano Air Base in "
                                    "Italy. Those leaving are expected to go to Camp Lemonnier, the main American base in Africa.",
                         "2020-07-30")
    assert not {("aviano-air-base", "reinforcement"), ("camp-lemonnier", "reinforcement")} & _events(result)
    assert ("camp-lemonnier", "presence") in _events(result)


def test_a_town_beside_a_regiment_names_its_base(extractor):
    result, _ = _extract(extractor, "The Army will pull a Stryker regiment out of Vilseck, the Pentagon said on Wednesday.",
                         "2020-07-30")
    assert _event(result, "rose-barracks", "withdrawal_planned").date.isoformat() == "2020-07-29"


def test_plans_to_shutter_shut_or_return_a_base(extractor):
    result, _ = _extract(extractor, "The Air Force plans to shutter RAF Mildenhall. RAF Molesworth is among 15 sites to be "
                                    "returned to their host countries. Camp Kinser will be shut.", "2015-01-09")
    assert {("raf-mildenhall", "withdrawal_planned"), ("raf-molesworth", "withdrawal_planned"),
            ("camp-kinser", "withdrawal_planned")} <= _events(result)


def test_forces_still_at_a_port_city_are_at_its_base_and_an_aegis_site_names_its_base(extractor):
    result, _ = _extract(extractor, "As of last month US forces were still at the port city of Kismayo. The ships carry "
                                    "Aegis interceptors that link up with the land site at Deveselu in Romania, operated by "
                                    "the US Navy since 2016.", "2020-12-05")
    assert _event(result, "kismayo", "presence").date.isoformat() == "2020-11-01"
    assert "deveselu" in _site_ids(result)


def test_a_base_another_took_over_from_is_not_reported_present(extractor):
    result, _ = _extract(extractor, "It has been used by the US military for two decades, and in 2014 it took over from the "
                                    "Manas Transit Center as the main transit point.", "2022-06-29")
    assert "manas" not in {e.site for e in result.events}


def test_the_airport_attacked_is_the_one_named_before_not_where_the_wounded_were_flown(extractor):
    result, _ = _extract(extractor, "The evacuation at Hamid Karzai International Airport grew more dangerous. A suicide "
                                    "bomber struck a crowd at the airport's gate on Thursday evening, killing 13 American "
                                    "service members, and wounded troops were flown to Ramstein Air Base.", "2021-08-27")
    assert _event(result, "hkia", "attack").date.isoformat() == "2021-08-26"
    assert ("ramstein-air-base", "attack") not in _events(result)


def test_a_headquarters_that_will_move_out_is_no_plan_to_leave_the_base(extractor):
    result, _ = _extract(extractor, "The headquarters of US European Command will move from Patch Barracks in Stuttgart to "
                                    "Mons. All US troops will move out of Camp Kinser by 2025.", "2020-07-30")
    assert ("patch-barracks", "withdrawal_planned") not in _events(result)
    assert ("camp-kinser", "withdrawal_planned") in _events(result)


def test_its_closure_under_a_treaty_is_a_plan_of_the_treatys_year(extractor):
    result, _ = _extract(extractor, "The last US airmen left Howard Air Force Base on Monday. Its closure follows the 1977 "
                                    "treaties, which require every US military facility in the Canal Zone to be handed to "
                                    "Panama.", "1999-11-01")
    event = _event(result, "howard-afb", "withdrawal_planned")
    assert (event.date.isoformat(), event.precision) == ("1977-01-01", "year")


def test_a_handover_told_in_an_as_clause_after_the_base_is_the_bases(extractor):
    result, _ = _extract(extractor, "The flag came down for the last time at Clark Air Base on Tuesday as the United States "
                                    "formally turned over to the Philippines one of its largest installations abroad.",
                         "1991-11-26")
    assert _event(result, "clark-air-base", "handover").date.isoformat() == "1991-11-26"


def test_a_flow_of_troops_heading_through_a_hub_is_no_reinforcement(extractor):
    result, _ = _extract(extractor, "Ramstein has been a crossroads since 2001, when it became the main transit point for "
                                    "troops and cargo heading to Bagram Airfield.", "2021-08-27")
    assert ("bagram", "reinforcement") not in _events(result)


def test_camps_named_together_are_each_a_site(extractor):
    result, _ = _extract(extractor, "US Forces Korea handed back Camps Page and Hovey to South Korea on Wednesday.",
                         "2019-12-11")
    assert {("camp-page", "handover"), ("camp-hovey", "handover")} <= _events(result)


def test_a_closing_ceremony_ends_the_us_presence(extractor):
    result, _ = _extract(extractor, "Camp Page held its closing ceremony on Tuesday, ending 52 years of US presence in "
                                    "Chuncheon.", "2005-03-29")
    assert _event(result, "camp-page", "withdrawal_completed").date.isoformat() == "2005-03-29"


def test_an_assault_ship_leaving_a_base_in_a_caption_is_neither_attack_nor_presence(extractor):
    result, _ = _extract(extractor, "FILE PHOTO: Sailors and Marines line the deck of the amphibious assault ship USS "
                                    "Belleau Wood as it leaves Subic Bay, November 24, 1992.", "1992-11-25")
    assert not [e for e in result.events if e.site == "subic-bay"]


def test_the_air_force_left_a_base_a_year_ago(extractor):
    result, _ = _extract(extractor, "The Air Force left Clark Air Base, the other giant installation, a year ago.",
                         "1992-11-25")
    event = _event(result, "clark-air-base", "withdrawal_completed")
    assert (event.date.isoformat(), event.precision) == ("1991-11-01", "month")


def test_a_base_emptied_of_all_but_essential_staff_starts_its_withdrawal(extractor):
    result, _ = _extract(extractor, "The Air Force ran Clark Air Base for decades. Some 20,000 US troops lived at the "
                                    "130,000-acre base. On June 10 the base was emptied of everyone except essential "
                                    "personnel.", "1991-11-26")
    assert _event(result, "clark-air-base", "withdrawal_started").date.isoformat() == "1991-06-10"


def test_a_base_named_as_a_compass_point_is_not_what_is_handed_back(extractor):
    result, _ = _extract(extractor, "The plan calls for the return of land at Camp Kinser and other facilities south of "
                                    "Kadena Air Base.", "2012-04-27")
    assert ("camp-kinser", "withdrawal_planned") in _events(result)
    assert ("kadena-air-base", "withdrawal_planned") not in _events(result)


def test_a_town_word_in_a_persons_name_is_no_site(extractor):
    result, _ = _extract(extractor, "Gen. Wesley Clark, the NATO commander, said US troops would stay. Some 18,000 US "
                                    "airmen are based at Japan's Kadena.", "2024-06-05")
    assert "clark-air-base" not in _site_ids(result)
    assert ("kadena-air-base", "presence") in _events(result)


def test_troops_that_will_be_based_at_a_camp_are_not_there_yet_and_tanks_rolling_in_reinforce(extractor):
    result, _ = _extract(extractor, "US troops will be based at Camp Kosciuszko from next year. US troops and tanks rolled into "
                                    "Adazi, Latvia, on Tuesday.", "2024-06-05")
    assert ("camp-kosciuszko", "presence") not in _events(result)
    assert _event(result, "adazi", "reinforcement").date.isoformat() == "2024-06-04"


def test_protesters_storming_a_gate_are_no_attack(extractor):
    result, _ = _extract(extractor, "Hundreds of protesters stormed the main gate of Incirlik Air Base on Sunday.",
                         "2024-06-05")
    assert ("incirlik", "attack") not in _events(result)


def test_a_home_port_a_kept_garrison_and_training_at_a_base_are_presence(extractor):
    result, _ = _extract(extractor, "Yokosuka is the home port of the US 7th Fleet's flagship. The Americans keep about "
                                    "1,200 troops at Camp Humphreys. US special forces have been training Kenyan troops at "
                                    "Manda Bay for years.", "2024-06-05")
    assert {("yokosuka", "presence"), ("camp-humphreys", "presence"), ("camp-simba", "presence")} <= _events(result)


def test_a_naval_station_disestablished_is_left(extractor):
    body = ("Subic Bay was the Navy's largest base in the Pacific. "
            "The last dependants flew out in early September, and the naval station itself was disestablished on Sept. 30.")
    result, _ = _extract(extractor, body, "1992-11-24")
    assert _event(result, "subic-bay", "withdrawal_completed").date == date(1992, 9, 30)


def test_forces_using_a_base_and_a_country_forced_to_leave_it(extractor):
    result, _ = _extract(extractor, "The exercise began with American forces using Basa Air Base in Pampanga. The Senate "
                                    "voted in 1991 to reject a new treaty, forcing the United States to leave Subic Bay the "
                                    "following year.", "2024-04-22")
    assert ("basa-air-base", "presence") in _events(result)
    assert _event(result, "subic-bay", "withdrawal_completed").date.isoformat() == "1992-01-01"


def test_the_possessor_of_a_base_named_after_it_is_not_what_was_left(extractor):
    result, _ = _extract(extractor, "US troops left Camp Bondsteel's sister base, Camp Monteith, in 2007.", "2024-06-05")
    assert ("camp-monteith", "withdrawal_completed") in _events(result)
    assert ("camp-bondsteel", "withdrawal_completed") not in _events(result)


def test_closing_a_bases_airspace_by_name_is_no_withdrawal(extractor):
    result, _ = _extract(extractor, "Turkish authorities closed Incirlik Air Base airspace on Saturday.", "2016-07-18")
    assert ("incirlik", "withdrawal_completed") not in _events(result)


def test_a_base_handed_to_the_bundeswehr_or_the_self_defense_forces(extractor):
    result, _ = _extract(extractor, "The last US soldiers handed the keys of Coleman Barracks to the Bundeswehr on Friday. "
                                    "Camp Kinser was handed over to the Japan Self-Defense Forces on Monday.", "2024-06-05")
    assert {("coleman-barracks", "handover"), ("camp-kinser", "handover")} <= _events(result)


def test_a_town_beside_the_us_army_names_its_base(extractor):
    result, _ = _extract(extractor, "The training area at Grafenwoehr, where Elvis Presley trained in 1958, has been used "
                                    "by the US Army since 1945.", "2020-07-31")
    assert _event(result, "grafenwoehr", "presence").date.isoformat() == "1945-01-01"


def test_the_first_units_leaving_or_soldiers_clearing_out_start_a_withdrawal(extractor):
    result, _ = _extract(extractor, "The first units left Camp Red Cloud on Monday. The few hundred airmen still at "
                                    "Rhein-Main Air Base are clearing out building by building.", "2024-06-05")
    assert _event(result, "camp-red-cloud", "withdrawal_started").date.isoformat() == "2024-06-03"
    assert ("rhein-main-air-base", "withdrawal_started") in _events(result)


def test_notice_to_leave_is_for_the_base_of_the_story_and_beating_a_deadline_is_no_plan(extractor):
    result, _ = _extract(extractor, "The last US airmen left Karshi-Khanabad on Monday. Uzbekistan had given the Americans "
                                    "six months to leave on July 29. The departure came two months before the deadline.",
                         "2005-11-22")
    plans = [e for e in result.events if (e.site, e.kind) == ("karshi-khanabad", "withdrawal_planned")]
    assert [e.date.isoformat() for e in plans] == ["2005-07-29"]


def test_a_closure_under_way_since_a_month_started_then(extractor):
    result, _ = _extract(extractor, "The Pentagon has agreed the final details of Camp Taji's closure, which has been under way "
                                    "since March.", "2006-09-26")
    started = _event(result, "camp-taji", "withdrawal_started")
    assert (started.date, started.precision) == (date(2006, 3, 1), "month")


def test_forces_at_a_base_who_left_the_country_left_the_base(extractor):
    result, _ = _extract(extractor, "The remaining US armed forces at the Camp Taji base left Iraq at an official ceremony "
                                    "yesterday.", "2006-10-02")
    assert _event(result, "camp-taji", "withdrawal_completed").date == date(2006, 10, 1)


def test_a_base_housing_coalition_forces_that_was_hit_by_rockets_was_attacked(extractor):
    result, _ = _extract(extractor, "Ain al-Asad airbase in Iraq that houses the US and coalition forces was hit by multiple "
                                    "rockets during the wee hours on January 8.", "2020-01-08")
    assert _event(result, "ain-al-asad", "attack").date == date(2020, 1, 8)


def test_strikes_that_landed_at_a_base_are_an_attack_not_a_landing(extractor):
    result, _ = _extract(extractor, "The military strikes landed at the Ain al-Assad airbase on Wednesday.", "2020-01-08")
    assert _events(result) == {("ain-al-asad", "attack")}


def test_real_copy_forms_from_the_central_asian_closures(extractor):
    """Troops described by a participle are there now; a ceremony 'to hand over' the key did it; 'a month
    before the lease expired' is no date; an installation word before a town names its base."""
    stationed, _ = _extract(extractor, "About 300 US troops stationed at Manas Transit Center are to leave by July 11 under "
                                       "an agreement signed in June 2009.", "2014-06-03")
    assert _event(stationed, "manas", "presence").date == date(2014, 6, 3)
    ceremony, _ = _extract(extractor, "At a ceremony on June 3 to hand over a symbolic key to Manas Transit Center to "
                                      "Kyrgyz officials, the commander spoke.", "2014-06-04")
    assert _event(ceremony, "manas", "handover").date == date(2014, 6, 3)
    closed, _ = _extract(extractor, "The United States has officially closed the Manas air base, more than one month "
                                    "before the lease on the base was due to expire.", "2014-06-03")
    assert _event(closed, "manas", "withdrawal_completed").date == date(2014, 6, 3)
    moved, _ = _extract(extractor, "Airlift missions have now been moved to Forward Operating Site Mihail Kogalniceanu "
                                   "near the Black Sea.", "2014-03-06")
    assert "mihail-kogalniceanu" in _site_ids(moved)


def test_real_copy_forms_from_the_2025_syria_consolidation(extractor):
    """An initialism's dots end no sentence; 'shuttering three of its bases' then 'The bases are X, Y'
    is a plan for both; a base 'was shut down'; troops who 'departed' a base left it; a force things
    were handed over to did not act."""
    plan, _ = _extract(extractor, "The military is shuttering three of its eight small operating bases in the northeast. "
                                  "The bases are Mission Support Site Green Village, M.S.S. Euphrates and a third facility.",
                       "2025-04-18")
    assert {site for site, kind in _events(plan) if kind == "withdrawal_planned"} == {"green-village-al-omar", "mss-conoco"}
    shut, _ = _extract(extractor, "Mission Support Site Euphrates was handed over the Kurdish forces, while Mission Support "
                                  "Site Green Village was shut down.", "2025-06-03")
    assert {("mss-conoco", "handover"), ("green-village-al-omar", "withdrawal_completed")} <= _events(shut)
    left, _ = _extract(extractor, "According to the report, the troops departed Mission Support Site Green Village.",
                       "2025-08-05")
    assert ("green-village-al-omar", "withdrawal_completed") in _events(left)


def test_earlier_in_the_night_is_the_report_s_day_and_irbil_international_airport_is_erbil(extractor):
    body = ("Rockets struck near Erbil Air Base on Monday night, the coalition said. "
            "Earlier in the night, a statement said that two rockets landed in Irbil International Airport.")
    result, _ = _extract(extractor, body, "2021-02-16")
    assert all(e.precision == "day" for e in result.events if e.kind == "attack")
    assert ("erbil-air-base", "attack") in _events(result)


def test_each_the_base_in_a_sentence_carries_its_own_clause(extractor):
    body = ("The United States has completed its withdrawal from Kandahar Airfield, officials said on Friday. "
            "\"They have not officially handed over the base to us but I can confirm they left the base on Wednesday,\" "
            "said a spokesman for the Afghan army.")
    result, _ = _extract(extractor, body, "2021-05-14")
    assert date(2021, 5, 12) in {e.date for e in result.events if e.kind == "withdrawal_completed"}


def test_real_copy_forms_from_the_k2_eviction(extractor):
    """'the 11 September 2001 attacks' are no attack on the base; US forces permitted to use a base are
    present; officials 'have been planning to vacate X since ... July 29' planned it then."""
    used, _ = _extract(extractor, "Uzbekistan had permitted US forces to use the Karshi-Khanabad Air Base since shortly after "
                                  "the 11 September 2001 attacks on the US.", "2005-11-22")
    assert _events(used) == {("karshi-khanabad", "presence")}
    planned, _ = _extract(extractor, "US officials have been planning to vacate the Karshi-Khanabad air base since the "
                                     "government formally evicted the military on July 29.", "2005-08-27")
    assert _event(planned, "karshi-khanabad", "withdrawal_planned").date == date(2005, 7, 29)
