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
