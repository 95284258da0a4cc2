"""Event kinds read from one sentence about the sites it names.

Cues are phrases, one list per kind, in data/lexicon/event_cues.yaml. A withdrawal-family kind (planned,
started, completed, handover) is chosen once per site and sentence, the most
advanced stage the sentence states. Reinforcement goes to the site that troops
move *to*; withdrawal kinds to the sites they move *from*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extract.clauses import in_subordinate_clause
from app.extract.lexicon import NEAR_PRESENCE as NEAR_PRESENCE_GROUP
from app.extract.lexicon import cue_patterns
from app.extract.sites import SiteMention


CUES: dict[str, re.Pattern] = {kind: pattern for kind, pattern in cue_patterns().items() if kind != NEAR_PRESENCE_GROUP}
# Generic phrases that speak of presence only right beside the site's name:
# "the US base of al-Tanf", "US troops at Camp Taji".
NEAR_PRESENCE = cue_patterns()[NEAR_PRESENCE_GROUP]
NEAR_CHARS = 30
PRECAUTION = re.compile(r"\b(?:as a precaution|precautionar\w*|temporar\w*|for safety|out of caution)\b", re.IGNORECASE)
# "one of the most frequently targeted bases", "frequent rocket attacks": a habit, not a dated attack.
HABITUAL = re.compile(
    r"\b(?:frequent(?:ly)?|repeated(?:ly)?|regular(?:ly)?|routine(?:ly)?|often|constant(?:ly)?|persistent(?:ly)?|recurring|"
    r"(?:a|one|two|three|several|a few|\d+)?\s*dozens?(?: of)? times|(?:scores|hundreds) of times|\d+ times|more than \w+ times|"
    r"(?:many|numerous|several|countless|multiple) times|time and again|again and again|"
    r"one of the most|(?:over|in|during) the (?:past|last) (?:\w+ )?(?:years|decades))\b", re.IGNORECASE)
HABIT_WINDOW = (60, 70)  # characters before and after an attack cue
# "to guard against Taliban attacks", "the threat of drone strikes": attacks feared, not made.
FEARED = re.compile(r"\b(?:(?:guard|protect|defend|shield|defen[cs]es?)\s+(?:\w+\s+){0,3}against|threats?\s+(?:of|from)|fears?\s+of|risk\s+of|"
                    r"prevent(?:ing)?|deter(?:ring)?|warn\w*\s+of|to\s+counter)\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
# "beat back a Taliban assault in the province": an attack placed somewhere wider than a base.
ELSEWHERE = re.compile(r"^\s+(?:\w+\s+){0,2}(?:in|across|throughout) (?:the|that|this|a) (?:province|region|district|countryside|area|valley|north|south|east|west)\b", re.IGNORECASE)
# "decided to leave the site and hand it over": the second verb shares the first one's "to".
SHARED_INFINITIVE = re.compile(r"\bto\s+(?:leave|withdraw|pull|vacate|close|exit|depart|evacuate|quit|abandon|move|transfer)\b[^;]{0,60}\band\s+$", re.IGNORECASE)
OWN_SUBJECT = re.compile(r"(?:they|it|he|she|we|the|its|their|US|American|troops|forces|soldiers|personnel)\b", re.IGNORECASE)
# "the handover of the base would take place next week": a noun whose own verb is still to come.
FUTURE_PREDICATE = re.compile(r"[^.;,]{0,60}?\b(?:will|would|is to|are to|is expected to|are expected to|is set to|is due to|is scheduled to)\s+"
                              r"(?:\w+\s+)?(?:take place|happen|begin|start|be completed|be finished|conclude|occur|come|follow|be carried out)\b", re.IGNORECASE)
ENDS_IN_PREPOSITION = re.compile(r"\b(?:at|in|of|on|near)$", re.IGNORECASE)
# "evacuating residents", "evacuated civilians and diplomats": the people moved are not forces.
CIVILIANS_MOVED = re.compile(r"\s+(?:the\s+|some\s+|thousands of\s+|hundreds of\s+)?(?:\w+\s+)?(?:residents|civilians|citizens|families|"
                             r"diplomats|embassy staff|nationals|refugees|villagers|people|evacuees)\b", re.IGNORECASE)
# "After a bomb killed 19 airmen in 1996, ...": a clause that opens the sentence to set the scene.
OPENING_CLAUSE = re.compile(r"^(?:[A-Z][A-Z .,'’()-]+\s*[—–-]+\s*)?\W*(?:After|Before|Since|Although|Though|Because|Following)\b[^,;]*,")
HEDGED = re.compile(r"\b(?:reports?|rumou?rs?|speculation)\s+(?:\w+\s+){0,3}(?:suggested|suggest|suggests|claimed|hinted)\b|\bunconfirmed\b", re.IGNORECASE)
ON_OTHERS = re.compile(r"\s+(?:on|against)\s+(?:the\s+)?(?:Afghan|Iraqi|Syrian|Somali|Kurdish|Nigerien|Malian|Yemeni|Saudi|Emirati|government|"
                       r"civilian|civilians|police|pro-government|security|army|military)\b"
                       r"(?![^.;]{0,25}\b(?:US|American|coalition)\b)"  # "on Iraqi and US forces": ours too
                       r"(?!(?:\s+[\w-]+){0,2}\s+(?:base|bases|air\s*base|airbase|airfield|installation|facility|camp)s?\b)",  # "on Iraqi bases"
                       re.IGNORECASE)
BOMB_MOVING = re.compile(r"\b(?:(?:packed|laden|loaded|rigged) with explosives|explosives?-laden|car bomb|suicide bomber|bomb-laden)\b[^.;]{0,25}$",
                         re.IGNORECASE)
LEFT_AS = re.compile(r"\s+(?:as|in charge|in place)\b", re.IGNORECASE)
DATELINE_PREFIX = r"^(?:[A-Z][A-Z .,'’()-]+\s*[—–-]+\s*)?"  # "WASHINGTON —" before the sentence proper
TIME_FRAME_OPENING = re.compile(DATELINE_PREFIX + r"\W*(?:[\w-]+\s+){1,2}(?:days?|weeks?|months?|years?)\s+into\b[^,;]*,", re.IGNORECASE)
LEAVING_A_COUNTRY = re.compile(r"\s+(?:the\s+(?:country|region|kingdom|emirate)|Afghanistan|Iraq|Syria|Niger|Chad|Somalia|Kuwait|Qatar|"
                               r"Saudi Arabia|Jordan|Bahrain|the Middle East|the Sahel)\b(?!\s+(?:from|through|via)\b)")
# "the September 11 attacks": an attack known by its date, elsewhere, not one on the site.
NAMED_ATTACK = re.compile(r"\b(?:(?:September|Sept\.?)\s+11(?:th)?|11(?:th)?\s+(?:of\s+)?September)(?:,?\s+2001)?\s+$|\b9/11\s+$", re.IGNORECASE)
# "The headquarters of US European Command will move from Patch Barracks": a unit moving out of a
# base that stays in use is a partial move (taxonomy), not a plan to leave the base.
MOVE_VERB = re.compile(r"^(?:will|would|to|is to|are to)?\s*(?:\w+\s+)?(?:move|moving|relocat\w*|shift\w*|transfer\w*)\b", re.IGNORECASE)
UNIT_SUBJECT = re.compile(r"^(?!.*\b(?:all|every|last|remaining|entire)\b)[^.;]*\b(?:headquarters|command|squadron|wing|regiment|brigade|battalion|"
                          r"division|detachment|fleet|unit)s?\b[^.;,]*$", re.IGNORECASE)
# "wounded troops were being flown to Ramstein": casualties or evacuees carried out, not a reinforcement.
CARRIED_OUT = re.compile(r"\b(?:wounded|injured|casualties|evacuees|refugees|bodies|remains|patients)\b[^.;,]{0,30}$", re.IGNORECASE)
# "facilities south of Kadena Air Base": a base named as a landmark for other places.
COMPASS_POINT = re.compile(r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# "US troops will be based at Camp Kosciuszko": a stay yet to come.
FUTURE_STAY = re.compile(r"\b(?:will|would|shall|(?<!have )(?<!has )(?<!had )(?<!need )(?<!needs )to)\s+(?:\w+\s+)?be\s+(?:permanently\s+)?$",
                         re.IGNORECASE)  # not "missions have to be flown from X": a need now
# "expected to move to", "would redeploy to": the verb of a move yet to come.
# (Not "will": "withdrew from Harir and will relocate to Erbil" reads as the move under way.)
FUTURE_MOVE = re.compile(r"\b(?:(?:expected|due|set|scheduled|slated|likely)\s+to|would|(?-i:may)|might|could)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "CIA officers and diplomats based at the airport": people who are not the military.
CIVILIAN_SUBJECT = re.compile(r"\b(?:diplomats|CIA officers|CIA officials|CIA personnel|embassy staff|aid workers|journalists|"
                              r"tourists|students|civilians)\b[^.;,]{0,80}$", re.IGNORECASE)
# "the main transit point for troops and cargo heading to Bagram": a flow described, not a move made.
PARTICIPLE = re.compile(r"^(?:heading|headed|bound|going|flying|travell?ing|en route)\b", re.IGNORECASE)
PASSING_THROUGH = re.compile(r"\bfor\s+(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
# "Protesters stormed the gate of the base": a protest, not an attack.
PROTESTERS = re.compile(r"\b(?:protesters|protestors|demonstrators|activists|rioters|crowds? of (?:protesters|demonstrators))\b[^.;,]{0,30}$",
                        re.IGNORECASE)
BEAT_THE_DEADLINE = re.compile(r"\b(?:before|ahead of|well before|in time for)\s+(?:the|its|their|a)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "Rumsfeld, who landed at the base": a visitor's arrival, not troops moved in.
VISITOR = re.compile(r"\bwho\s+(?:had\s+|has\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
CONDITION = re.compile(r"\b(?:once|unless|if)\s+(?:the\s+|its\s+|their\s+)?[^,;.]{0,40}$", re.IGNORECASE)
STAYING = re.compile(r"(?:stay|remain|continu|keep)", re.IGNORECASE)
PARALLEL_PHRASE = re.compile(r",\s*(?:and|as well as)\s+(?:also\s+)?(?:from|out of|at|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
IN_PLACE_REINFORCEMENT = re.compile(r"(?:return of|expanded|enlarged|beefed up|built up|bolstered)\b", re.IGNORECASE)
# "built up over almost two decades", "expanded in recent years": growth told as history, no dated move
LONG_SPAN = re.compile(r"\b(?:in recent years|over the years|over (?:the (?:past|last) |almost |nearly |more than )?(?:\w+ )?(?:years|decades))\b", re.IGNORECASE)
THROUGH_THE_SITE = re.compile(r"\b(?:through|via|by way of)\s+(?:which|it|the base|the airfield|the airport)\b", re.IGNORECASE)
# "coalition forces was hit by rockets": the US word before the verb is the target, not the attacker.
VICTIM_VERB = re.compile(r"(?:hit by|struck by|targeted|attacked|came under|shelled|bombarded)\b", re.IGNORECASE)
WEAPONS_ARRIVING = re.compile(r"\b(?:strikes|missiles?|rockets?|drones?|shells?|mortars?|projectiles?)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
STATE_PARTICIPLE = re.compile(r"\b(?:stationed|based|deployed|garrisoned)\b", re.IGNORECASE)
CEREMONY_PURPOSE = re.compile(r"\bceremony\s+(?:[\w,]+\s+){0,4}to\s+$", re.IGNORECASE)
MODAL_WORD = re.compile(r"\b(?:will|would|could|might|shall)\b", re.IGNORECASE)
# Who acts: a Russian unit landing at a base reinforces nothing of ours.
NON_US_SUBJECT = re.compile(r"\b(?:Russian|Russians|Russia|Iranian|Turkish|Wagner|Taliban|French|Syrian army|Syrian Arab Army|Syrian government|SDF|Syrian Democratic Forces|Iraqi army|Iraqi forces|Afghan forces|Nigerien forces|militia|militias|government forces|government troops|regime forces|regime troops)\b[^.;,]{0,40}$", re.IGNORECASE)
US_STRIKE = re.compile(r"\b(?:US|U\.S\.|American|coalition|Israeli)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r";|—|\s–\s|\b(?:while|whereas|but|leaving|although|though)\b", re.IGNORECASE)
# "vacated their base in Niamey, with the last group set to remain at X": a verb does not reach
# into an absolute clause that has a subject of its own.
WITH_CLAUSE = re.compile(r",\s+with\b", re.IGNORECASE)
# "began operating from Manta in November 1999, after Washington failed to keep Howard": the
# cue's verb does not reach into a subordinate clause that follows it.
SUBORDINATE_AFTER = re.compile(r",\s+(?:after|before|because|since|although|though|when)\b", re.IGNORECASE)
# "left X as the army moved into Y": an "as" clause after the verb is a new scene; before it ("the flag came
# down at Clark on Tuesday as the United States formally turned over ...") it tells what happened there.
AS_THE = re.compile(r"\bas the\b(?!\s+(?:last|only|sole|first|largest|biggest|main)\b)", re.IGNORECASE)
MOTION = re.compile(r"\b(?:took over|taken over|replac\w*|mov\w*|convoys?|withdr\w*|pull\w*|left|leav\w*|depart\w*|relocat\w*|redeploy\w*|fl[eoy]\w*|drove|driv\w*|came|arriv\w*|"
                    r"transferr?\w*|ship\w*|evacuat\w*|rolled|trucks?|vehicles?|headed|heading)\b", re.IGNORECASE)
# "handed to the Afghan army on July 2, and Kandahar Airfield in May": a new conjunct, not the verb's object.
COORDINATION = re.compile(r",\s*(?:and|or|while|along with|together with|as well as|alongside)\b|;")
POINTING_BACK = re.compile(r"\s*(?:both|they|it|each|the base|the site|the facility|the two)\b", re.IGNORECASE)
# A relative clause after a name speaks of that name ("Kandahar Airfield, which troops left");
# one before it belongs to another noun.
PAIRED = re.compile(r"\s*,?\s*(?:and|or)\s+(?:the\s+|at\s+|in\s+)?", re.IGNORECASE)
RELATIVE = re.compile(r"\b(?:which|whose|where)\b", re.IGNORECASE)
PARTIAL = re.compile(r"\b(?:most|some|many|half|part|a few|several|dozens|hundreds) of (?:the |its |their )?(?:\w+\s+){0,2}(?:Americans|troops|forces|soldiers|personnel|service members)\b", re.IGNORECASE)
MODAL = re.compile(
    r"\b(?:will|would|could|(?-i:may)|might|should|shall|to be|to|plans? to|planned to|expected to|set to|due to|is to|are to|"
    r"agreed to|intends? to|going to|likely to|scheduled to|preparing to|ready to)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
PROGRESS = ("withdrawal_completed", "withdrawal_started", "withdrawal_planned")
FAMILY = frozenset({"handover", *PROGRESS})
MOVE_TO = re.compile(r"\b(?:(?<!referring )(?<!according )(?<!close )(?<!next )(?<!due )(?<!belonging )(?<!compared )(?<!similar )to(?!\s+(?:leave|withdraw|pull|exit|depart|vacate|hand|close|stay|be|remain|keep|abandon|evacuate|give|cease|halt|stop|end|suspend|quit|renew|extend|shut|shutter|relinquish|return|reduce|cut|divest|consolidate)\b)|(?<!weeks )(?<!week )(?<!days )(?<!months )(?<!month )(?<!years )into|towards?|bound for|head(?:ed|ing)?\s+(?:\w+\s+)?(?:for|to)|(?:arriv\w+|land\w+|drove|rolled|touch\w* down)\s+(?:at|in|into))\s+(?:the\s+)?(?:[\w'’-]+[\s,]+){0,4}$", re.IGNORECASE)
MOVE_FROM = re.compile(
    r"\b(?:from|out of)\s+(?:the\s+)?(?:[\w'’-]+[\s,]+){0,6}$|\b(?:left|leave|leaving|quit|vacated|abandoned)\s+(?:the\s+|their\s+|its\s+)?(?:[\w'’-]+[\s,]+){0,2}$",
    re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|denied|deny|denies|without|neither|nor)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
US_FORCES = re.compile(r"\b(?:US|American|Americans|[Cc]oalition|US-led|United States|Pentagon|CENTCOM|AFRICOM|CJTF|Washington)\b|\bU\.S\.")
NON_US_ACTOR = re.compile(
    r"\b(?:Russian|Russia|Russia's|Russians|Iranian|Turkish|Turkey's|Wagner|Africa Corps|Syrian (?:army|troops|forces|government)|"
    r"Iraqi (?:army|troops|forces)|SDF|Kurdish(?:-led)? forces|Hezbollah|Taliban|French|France|"
    r"Popular Mobili[sz]ation (?:Forces|Units)|PMF|Hashd|(?:government|regime|pro-government) (?:forces|troops|units))\b"
)
AUXILIARY = re.compile(r"\b(?:(?P<present>is|are|remains?|stays?|hosts|houses|has|have|operates|continues|serves|keeps|maintains|lives|works)|"
                       r"(?P<past>was|were|had|hosted|housed|remained|operated|served|stayed|worked|lived|trained)|(?P<modal>will|would|could|(?-i:may)|might))\b",
                       re.IGNORECASE)
TENSE_WINDOW = 40  # characters before a cue in which its auxiliary verb is looked for
PAST_TENSE = re.compile(r"^(?:hosted|housed|kept|maintained|remained|operated|worked|stayed|served|parked|lined)\b", re.IGNORECASE)
# "began operating from Manta in November 1999": the start of a stay, a past act with its own date.
PAST_MARKER = re.compile(r"\b(?:once|formerly|previously|historically|used to|until (?:its|their|the) (?:departure|withdrawal|exit))\b[^,;]{0,30}$"
                         r"|\b(?:began|begun|started|commenced)\s+$", re.IGNORECASE)
PRESENT_TENSE = re.compile(
    r"^(?:housing|hosting|hosts?|houses|home to|is|are|remain|remains|still|stay|stays|staying|with a base|maintain|"
    r"maintains|keeps?|operates|operating|remaining|US base|American base|coalition base|where|based at|stationed|works?|working|"
    r"most of them|concentrated|continues?|remains the hub|serves?|(?:installation|base|facility|site|outpost)s? (?:with|housing|hosting))\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int
    end: int
    text: str = ""
    near_only: bool = False

    past_marker: bool = False  # "once", "formerly", "historically" just before the cue
    tense: str | None = None  # of the nearest auxiliary verb before or in the cue: "present", "past"

    @property
    def present_tense(self) -> bool:
        # "300 US troops stationed at the base are to leave": a participle with no verb of its own is now
        return not self.past_tense and (bool(PRESENT_TENSE.match(self.text)) or self.tense == "present"
                                        or self.tense is None and bool(STATE_PARTICIPLE.search(self.text)))

    @property
    def past_tense(self) -> bool:
        # "have kept a presence there", "has hosted US troops": the present perfect goes on today.
        return self.past_marker or self.tense == "past" or bool(PAST_TENSE.match(self.text)) and self.tense != "present"


@dataclass(frozen=True)
class KindAssignment:
    kind: str
    cue: Cue
    secondary: bool = False  # an earlier stage beside a later one: kept only with a date of its own


def _modal(sentence: str, start: int) -> bool:
    """A modal earlier in the same clause: "would withdraw from X and hand the base over"."""
    clause = re.split(r"[;—]|,\s+(?:but|while|after|as)\b", sentence[max(0, start - 70):start])[-1]
    if CEREMONY_PURPOSE.search(clause[-60:]):
        return False  # "at a ceremony on June 3 to hand over the key": the ceremony did it
    return bool(MODAL.search(clause[-40:])) or bool(MODAL_WORD.search(clause)) or _shares_infinitive(sentence, clause, start)


def _shares_infinitive(sentence: str, clause: str, start: int) -> bool:
    """"to leave the site and hand it over" shares the "to"; "to move them, and they left" has a
    subject of its own and does not."""
    return bool(SHARED_INFINITIVE.search(clause)) and not OWN_SUBJECT.match(sentence[start:])


def _joint_with_us(before: str, cue_text: str) -> bool:
    """"Turkish and US soldiers are protecting the airport": US forces share the subject."""
    return bool(re.search(r"\band\s+$", before)) and bool(US_FORCES.match(cue_text))


def _tense(sentence: str, start: int, end: int) -> str | None:
    """The tense of the last auxiliary verb in the cue's clause up to the cue's end."""
    window = re.split(r"[;,—]", sentence[max(0, start - TENSE_WINDOW):start])[-1] + sentence[start:end]
    if re.match(r"(?i)where\b", sentence[start:end]):  # "where American troops worked": the verb comes after
        window += re.split(r"[;,—]", sentence[end:end + 25])[0]
    verbs = list(AUXILIARY.finditer(window))
    return verbs[-1].lastgroup if verbs else None


def find_cues(sentence: str) -> list[Cue]:
    cues = []
    for kind, pattern in [*CUES.items(), ("presence", NEAR_PRESENCE)]:
        for match in pattern.finditer(sentence):
            before = sentence[max(0, match.start() - 50):match.start()]
            if NEGATION.search(before[-30:]):
                continue
            if CONDITION.search(before):
                continue  # "to return home once the handover is complete": a condition, not an event
            if kind == "attack" and US_STRIKE.search(before[-25:]) and not VICTIM_VERB.match(match.group()):
                continue  # "a US drone strike at Baghdad airport": not an attack on a US site
            if kind == "attack" and ELSEWHERE.search(sentence[match.end():match.end() + 50]):
                continue
            if kind == "attack" and (FEARED.search(before) or NAMED_ATTACK.search(before) or PROTESTERS.search(before)):
                continue
            if kind == "reinforcement" and (VISITOR.search(before) or CARRIED_OUT.search(before)
                                            or (PARTICIPLE.match(match.group()) and PASSING_THROUGH.search(before))):
                continue
            if kind == "presence" and FUTURE_MOVE.search(before) and not STAYING.match(match.group()):
                continue  # "are expected to host the remaining personnel": a stay still to come ("to stay": here now)
            if kind == "attack" and HABITUAL.search(sentence[max(0, match.start() - HABIT_WINDOW[0]):match.end() + HABIT_WINDOW[1]]):
                continue
            if kind in ("reinforcement", "presence") and NON_US_SUBJECT.search(before) and not _joint_with_us(before, match.group()):
                continue
            if kind == "reinforcement" and WEAPONS_ARRIVING.search(before[-40:]):
                continue  # "the strikes landed at the base": an attack, not a unit arriving
            if kind == "reinforcement" and BOMB_MOVING.search(before):
                continue  # "a vehicle packed with explosives and headed for the airport": a threat, not troops
            if kind == "presence" and FUTURE_STAY.search(before[-30:]):
                continue  # "US troops will be based at Camp X": not there yet (taxonomy: future relocations)
            if kind != "attack" and CIVILIAN_SUBJECT.search(sentence[max(0, match.start() - 100):match.start()]):
                continue  # "CIA officers and diplomats based at the airport": not the military
            if kind == "withdrawal_planned" and BEAT_THE_DEADLINE.search(before) and match.group().lower() == "deadline":
                continue  # "the departure came two months before the deadline": the plan was met, not made
            if kind == "withdrawal_planned" and MOVE_VERB.match(match.group()) and UNIT_SUBJECT.search(sentence[max(0, match.start() - 120):match.start()]):
                continue  # "the headquarters ... will move from Patch Barracks": a unit leaves, the base stays (taxonomy: partial moves)
            if kind in ("withdrawal_completed", "withdrawal_started") and PRECAUTION.search(sentence[max(0, match.start() - 60):match.end() + 60]):
                continue  # aircraft dispersed or staff evacuated for safety is no withdrawal
            if kind in ("withdrawal_completed", "withdrawal_started") and CIVILIANS_MOVED.match(sentence, match.end()):
                continue  # "began evacuating residents of the area": civilians moved, not troops leaving
            if kind in ("withdrawal_completed", "withdrawal_started") and LEAVING_A_COUNTRY.match(sentence, match.end()) \
                    and THROUGH_THE_SITE.search(before):
                continue  # "the gateway through which troops are leaving the country": the country is left, not the site
            if kind in ("withdrawal_completed", "withdrawal_started") and HEDGED.search(sentence[:match.start()]):
                continue  # "some reports suggested that X no longer hosted": a rumour, not a reported exit
            if kind == "attack" and ON_OTHERS.match(sentence, match.end()):
                continue  # "stepped up attacks on Afghan forces in Kandahar": not an attack on a US site
            if kind in ("handover", "withdrawal_completed", "withdrawal_started") and (
                    _modal(sentence, match.start()) or FUTURE_PREDICATE.match(sentence, match.end())):
                kind_here = "withdrawal_planned"  # "will hand over", "expected to complete": still a plan
            else:
                kind_here = kind
            if kind_here == "withdrawal_completed" and PARTIAL.search(sentence[:match.end()]):
                kind_here = "withdrawal_started"  # "most of the Americans have moved out": not yet all
            cues.append(Cue(kind_here, match.start(), match.end(), match.group(), pattern is NEAR_PRESENCE,
                            bool(PAST_MARKER.search(before)),
                            None if pattern is NEAR_PRESENCE else _tense(sentence, match.start(), match.end())))
    return cues


def _role(sentence: str, mention: SiteMention) -> str:
    """"from" for a site left ("withdrew from X"), "to" for one arrived at ("moved to X"), else "here"."""
    before = sentence[max(0, mention.start - 60):mention.start]
    came_from, went_to = MOVE_FROM.search(before), MOVE_TO.search(before)
    if came_from and LEFT_AS.match(sentence, mention.end) and re.match(r"(?i)leav|left", came_from.group()):
        return "here"  # "leaving Air Base 201 as the last installation with US troops": left behind, not left
    if came_from and (not went_to or came_from.start() >= went_to.start()):
        return "from"
    return "to" if went_to else "here"


def _distance(cue: Cue, mention: SiteMention) -> int:
    if cue.start < mention.end and mention.start < cue.end:
        return 0
    return min(abs(cue.start - mention.end), abs(mention.start - cue.end))


def _nearest(cues: list[Cue], mention: SiteMention) -> Cue:
    return min(cues, key=lambda c: _distance(c, mention))


def _main_clause_first(sentence: str, cues: list[Cue], mention: SiteMention) -> Cue:
    """"the drawdown started on May 18 ..., as convoys drove out": of two cues of one kind, the
    main clause's states the event; the subordinate one describes it."""
    return min(cues, key=lambda c: (in_subordinate_clause(c.start, sentence), _distance(c, mention)))


def _usable(sentence: str, cue: Cue, mention: SiteMention) -> bool:
    """A cue speaks of a site in its own clause: not inside the name, not across "while", ";", "which"."""
    if mention.start <= cue.start and cue.end <= mention.end:
        return False
    if cue.near_only and ENDS_IN_PREPOSITION.search(cue.text) and mention.start < cue.end:
        return False  # "US troops in ...": the place is what follows
    if cue.near_only:  # "X as the largest base of the coalition": right beside the name, no clause between
        return _distance(cue, mention) <= NEAR_CHARS and not re.search(r"[;—]", sentence[min(cue.end, mention.end):max(cue.start, mention.start)])
    opening = OPENING_CLAUSE.match(sentence)
    if cue.kind == "attack" and opening and cue.end <= opening.end() <= mention.start:
        return False  # "After a truck bomb in Dhahran killed 19 airmen, the military moved to X": not an attack on X
    frame = TIME_FRAME_OPENING.match(sentence)
    if frame and cue.end <= frame.end() <= mention.start:
        return False  # "A month into the drawdown, ... Bagram could pass to Afghan forces": a time frame, not a move at Bagram
    if cue.end <= mention.start:
        between = sentence[cue.end:mention.start]
        if PARALLEL_PHRASE.search(between):
            return True  # "operated from X, where they set up Y, and from the nearby Z": the verb resumes
        return not (CLAUSE_BREAK.search(between) or RELATIVE.search(between) or WITH_CLAUSE.search(between)
                    or SUBORDINATE_AFTER.search(between) or AS_THE.search(between))
    between = sentence[mention.end:cue.start]
    breaks = list(CLAUSE_BREAK.finditer(between))
    # "X and Y; both were vacated in January": the next clause opens by pointing back.
    return not breaks or bool(POINTING_BACK.match(between[breaks[-1].end():]))


def kinds_for(sentence: str, mention: SiteMention, cues: list[Cue],
              others: list[SiteMention] = ()) -> list[KindAssignment]:
    """The event kinds `sentence` states about one site mention (`others`: the sentence's other sites)."""
    if _possessor_of_another(sentence, mention, others):
        return []  # "left Camp Bondsteel's sister base, Camp Monteith": the possessor is not the object
    role = _role(sentence, mention)
    landmark = bool(COMPASS_POINT.search(sentence[max(0, mention.start - 30):mention.start]))
    by_kind: dict[str, list[Cue]] = {}
    for cue in cues:
        if _usable(sentence, cue, mention) and not _belongs_elsewhere(sentence, cue, mention, others) \
                and not _overruled(cue, mention, cues, others):
            if role == "to" and cue.kind in FAMILY - {"handover"} and cue.end <= mention.start:
                continue  # "withdrew from X to Y": Y is where they went, not what they left
            if landmark and (cue.kind in FAMILY or cue.kind == "reinforcement"):
                continue  # "the return of facilities south of Kadena Air Base": a landmark, not the object
            by_kind.setdefault(cue.kind, []).append(cue)
    assigned: list[KindAssignment] = []
    reinforcement = _reinforcement(sentence, mention, by_kind.get("reinforcement", []), role)
    # "Those leaving are expected to move to Camp Lemonnier": a future relocation is no event yet (taxonomy)
    future_move = bool(reinforcement) and bool(FUTURE_MOVE.search(sentence[max(0, reinforcement.start - 50):reinforcement.start]))
    if reinforcement and not future_move:
        assigned.append(KindAssignment("reinforcement", reinforcement))
    if "handover" in by_kind:
        assigned.append(KindAssignment("handover", _nearest(by_kind["handover"], mention)))
    progress = next((kind for kind in PROGRESS if kind in by_kind), None)
    if progress:
        assigned.append(KindAssignment(progress, _main_clause_first(sentence, by_kind[progress], mention)))
    if progress == "withdrawal_completed" and "withdrawal_started" in by_kind:
        # "began on May 19 and ended today": the pipeline keeps the start if its clause dates it apart
        assigned.append(KindAssignment("withdrawal_started", _nearest(by_kind["withdrawal_started"], mention), secondary=True))
    if "attack" in by_kind and role != "from" and not CARRIED_TO.search(sentence[max(0, mention.start - 60):mention.start]):
        # Each attack cue may name its own day ("a rocket landed in October, and on December 3
        # 15 rockets were fired at it"); the pipeline keeps those whose clause dates them apart.
        for cue in sorted(by_kind["attack"], key=lambda c: _distance(c, mention)):
            assigned.append(KindAssignment("attack", cue))
    presence = _presence(sentence, by_kind.get("presence", []), mention, assigned, role)
    if presence and future_move and role == "to" and _distance(presence, mention) > NEAR_CHARS:
        presence = None  # "others would redeploy to Erbil": a destination, unless described beside its name
    if presence:
        assigned.append(KindAssignment("presence", presence))
    return assigned


POSSESSOR = re.compile(r"^['’]s\s+(?:[\w-]+\s+){0,3}?(?:base|camp|garrison|outpost|facility|airfield|installation|station)\s*,?\s*$",
                       re.IGNORECASE)


def _possessor_of_another(sentence: str, mention: SiteMention, others: list[SiteMention]) -> bool:
    """"Camp Bondsteel's sister base, Camp Monteith": a name owning the base named right after it."""
    return any(o.start > mention.end and POSSESSOR.match(sentence[mention.end:o.start]) for o in others)


def _belongs_elsewhere(sentence: str, cue: Cue, mention: SiteMention, others: list[SiteMention]) -> bool:
    """A verb's object is the name right after it ("when it gave up Camp Taji"), and a verb
    inside a relative clause ("X, which the army took over") speaks of the name before it."""
    if cue.end <= mention.start:
        far = mention.start - cue.end > 25
        return far and (_relative_of_a_site(sentence, cue, others) or _object_named_first(sentence, cue, mention, others))
    if _relative_of_a_later_name(sentence, cue, mention, others):
        return True
    return any(o.start >= cue.end and o.start - cue.end <= 40 and o.site_id != mention.site_id
               and not COORDINATION.search(sentence[cue.end:o.start]) for o in others)


def _relative_of_a_site(sentence: str, cue: Cue, others: list[SiteMention]) -> bool:
    """"Camp Taji, which the army took over": the verb speaks of the site the relative pronoun
    follows; "the Coalition, which pulled out of X and Y" names no site before it."""
    window_start = max(0, cue.start - 45)
    pronoun = None
    for pronoun in RELATIVE.finditer(sentence, window_start, cue.start):
        pass
    return pronoun is not None and any(o.end <= pronoun.start() and pronoun.start() - o.end <= 60 for o in others)


OBJECT_GAP = 10  # characters from a verb to the name that is its object
LIST_REACH = 80  # characters from that object over which a list of names may run
NEW_SUBJECT = re.compile(r"\b(?:that|which|who|whose)\b", re.IGNORECASE)
PRONOUN_OBJECT = re.compile(r"\b(?:it|them)\b", re.IGNORECASE)


def _object_named_first(sentence: str, cue: Cue, mention: SiteMention, others: list[SiteMention]) -> bool:
    """"will close RAF Mildenhall ... and hand it back, in a review that also named RAF Lakenheath
    as the home of the F-35": the verb's object is the name right after it; a name far beyond it,
    past a clause of its own, is no part of a list of objects."""
    if PRONOUN_OBJECT.search(cue.text) and NEW_SUBJECT.search(sentence[cue.end:mention.start]):
        return any(o.end <= cue.start and o.site_id != mention.site_id for o in others)  # "hand it back": it is the name before
    return any(o.site_id != mention.site_id and 0 <= o.start - cue.end <= OBJECT_GAP
               and mention.start - o.end > LIST_REACH and NEW_SUBJECT.search(sentence[o.end:mention.start]) for o in others)


def _relative_of_a_later_name(sentence: str, cue: Cue, mention: SiteMention, others: list[SiteMention]) -> bool:
    """"to Camp Lemonnier in Djibouti, and to the Manda Bay base, where militants killed three
    Americans": a relative clause speaks of the name just before it, unless the two names are
    joined as one pair ("X and Y, where US troops are based")."""
    for other in others:
        if mention.end <= other.start and other.end <= cue.start and other.site_id != mention.site_id \
                and RELATIVE.search(sentence[other.end:cue.start]) \
                and not PAIRED.fullmatch(sentence[mention.end:other.start]):
            return True
    return False


def _overruled(cue: Cue, mention: SiteMention, cues: list[Cue], others: list[SiteMention]) -> bool:
    """"With the closure of Air Base 101, forces will now focus on completing the withdrawal from
    Air Base 201": past another site and a verb of its own, an earlier cue no longer reaches."""
    if cue.end > mention.start or cue.near_only:
        return False
    between = [o for o in others if cue.end <= o.start and o.end <= mention.start and o.site_id != mention.site_id]
    return any(o.end <= c.start and c.end <= mention.start and not c.near_only and c.kind != "presence"
               for o in between for c in cues)


# "wounded troops were flown to Ramstein": the place they were carried to was not the one attacked.
CARRIED_TO = re.compile(r"\b(?:flown|flew|taken|sent|evacuated|airlifted|transferred|brought|rushed)\s+(?:\w+\s+){0,3}to\s+(?:the\s+)?$",
                        re.IGNORECASE)
# "opened its new headquarters at Camp Humphreys", "X, where the US military opened a new transit
# hub": a command or hub set up at the site, read where the cue stands beside the name.
OPENED = re.compile(r"^open", re.IGNORECASE)
OPENED_AT = re.compile(r"^\s+(?:at|in)\s+(?:the\s+)?$", re.IGNORECASE)
OPENED_WHERE = re.compile(r"\bwhere\b(?![^.;]*\b(?:which|whose|where)\b)", re.IGNORECASE)


def _opened_here(sentence: str, mention: SiteMention, cue: Cue) -> bool:
    """"opened its new headquarters at X", "X, where ... opened a new hub"."""
    if not OPENED.match(cue.text):
        return False
    if cue.end <= mention.start:
        return bool(OPENED_AT.match(sentence[cue.end:mention.start]))
    return bool(OPENED_WHERE.search(sentence[mention.end:cue.start]))


def _reinforcement(sentence: str, mention: SiteMention, cues: list[Cue], role: str) -> Cue | None:
    toward = [c for c in cues if c.end <= mention.start and role == "to"]
    toward += [c for c in cues if _opened_here(sentence, mention, c)]
    # "the base was reinforced", "X received reinforcements"
    toward += [c for c in cues if 0 <= c.start - mention.end <= 25
               and re.match(r"\s+(?:was|were|has been|have been|had been|received|got|is being|are being)\b", sentence[mention.end:c.start] + " ")]
    # "the base was expanded again", "the return of American advisers in 2014": no direction to read
    toward += [c for c in cues if role == "here" and IN_PLACE_REINFORCEMENT.match(c.text)]
    if LONG_SPAN.search(sentence):
        toward = [c for c in toward if not IN_PLACE_REINFORCEMENT.match(c.text)]
    return _nearest(toward, mention) if toward else None


def _presence(sentence: str, cues: list[Cue], mention: SiteMention, assigned: list[KindAssignment], role: str) -> Cue | None:
    if not cues:
        return None
    nearest = _nearest(cues, mention)
    own_clause = nearest.start > mention.end and RELATIVE.search(sentence[mention.end:nearest.start])
    if role == "to" and any(a.kind == "reinforcement" for a in assigned) and not own_clause:
        return None  # "jets landed at X, which hosts 2,000 US troops": the relative clause still says presence
    if role == "from" and not own_clause and not re.search(r"(?:from|out of)$", nearest.text) \
            and MOTION.search(sentence[max(0, mention.start - 60):mention.start]):
        return None  # "a convoy from X": movement, not presence; "flying from X" is presence
    if any(a.kind == "attack" for a in assigned) and _distance(nearest, mention) > 2 * NEAR_CHARS:
        return None  # "a drone killed US soldiers at X": the victims, not a report of presence
    if any(a.kind == "attack" and a.cue.start <= nearest.start < a.cue.end for a in assigned):
        return None  # "a bomber killed 13 US troops ... at X": the victims named inside the attack
    return nearest
