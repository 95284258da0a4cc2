"""Event kinds read from one sentence about the sites it names.

Cues are phrases; each kind has its own. A withdrawal-family kind (planned,
started, completed, handover) is chosen once per site and sentence, the most
advanced stage the sentence states. Reinforcement goes to the site that troops
move *to*; withdrawal kinds to the sites they move *from*.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.extract.sites import SiteMention


def _cues(*phrases: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.IGNORECASE)


_LEAVE = r"(?:withdraw\w*|pull\w*[\s-]?out|pulling out|pullouts?|leav\w*|left|exit\w*|depart\w*|evacuat\w*|drawdown|draw\w* down|redeploy\w*|relocat\w*)"
_FORCE = r"(?:US|U\.S\.|American|coalition|US-led|[Aa]merican-led)?\s*(?:troops|forces|soldiers|personnel|service members|marines|military|contingent|advisers|advisors)"
_HOST = r"(?:Iraqi|Syrian|Afghan|Nigerien|Chadian|Kurdish|Jordanian|host[- ]nation|local|government|national|ANDSF|Niger|Iraq's|Syria's|Afghanistan's|Niger's|Chad's)"

CUES: dict[str, re.Pattern] = {
    "handover": _cues(
        r"hand(?:ed|s|ing)?[\s-]+(?:over|back)", r"handover", r"turn(?:ed|s|ing)? over",
        r"transfer(?:red|s|ring)?\s+(?:full\s+)?(?:control|authority|responsibility|ownership)",
        rf"transfer(?:red|s|ring)?\s+(?:the|its|their)?\s*(?:base|facility|airfield|site|camp|garrison)\w*\s+to\s+(?:the\s+)?{_HOST}",
        r"(?:took|take|taken|taking|takes|gained|gain|assumed|assume|assuming|seized|assum\w+)\s+(?:full\s+|over\s+|formal\s+)*(?:control|charge|command|possession)",
        r"took over", r"taken over", r"take over", r"takes over",
        rf"(?:under|into)\s+(?:the\s+)?(?:full\s+)?(?:control|command)\s+of\s+(?:the\s+)?{_HOST}",
        rf"returned\s+to\s+(?:the\s+)?{_HOST}", r"transition(?:ed)? to (?:Iraqi|Afghan|host)",
    ),
    "withdrawal_completed": _cues(
        r"complet(?:ed|es|ion of)\s+(?:the\s+|its\s+|their\s+|a\s+|US\s+|American\s+)*(?:full\s+|final\s+)?(?:withdraw\w*|pull\w*|departure|exit|evacuation|drawdown|redeployment)",
        r"complet(?:ed|ion)\b(?!\s+(?:by|within|in the coming))",
        rf"(?:has|have|had)\s+(?:now\s+|already\s+|since\s+)?(?:fully\s+|completely\s+|officially\s+|formally\s+|finally\s+)?(?:left|withdrawn|vacated|departed|pulled out|evacuated|abandoned|quit|exited)",
        r"withdrew\b", r"pulled out of", r"vacated", r"abandoned", r"evacuated\b",
        r"(?:last|final)\s+(?:US\s+|American\s+|coalition\s+)?(?:troops|soldiers|forces|personnel|service members|aircraft|plane|flight|convoy)\s+(?:\w+\s+){0,2}(?:left|departed|flew out|took off|rolled out)",
        r"no longer (?:hosts?|houses?|has|have)", r"(?:former|ex-)\s*(?:US|American|coalition)\s+(?:base|garrison|outpost|facility)",
        r"former base", r"closed (?:the|its|their|down)", r"closure of", r"left (?:the|their|its)\b",
        r"departure of the last", r"(?:fully|completely) withdrawn", r"end(?:ed)? (?:its|their|the) (?:presence|mission) at",
    ),
    "withdrawal_started": _cues(
        rf"(?:began|begun|begin|begins|beginning|started|start|starts|starting|commenced|commence|commences|initiated|launched|kicked off)\s+(?:\w+\s+){{0,4}}{_LEAVE}",
        rf"{_LEAVE}\s+(?:\w+\s+){{0,4}}(?:began|begun|started|commenced|got under way|is under way|was under way|underway|under way)",
        r"(?:is|are|were|was)\s+(?:now\s+|currently\s+|still\s+|gradually\s+)?(?:withdrawing|leaving|pulling out|departing|evacuating|packing|vacating|drawing down|moving out)",
        r"in the process of", r"convoys?\s+(?:\w+\s+){0,8}(?:left|leaving|departed|departing|moving|headed|heading|carrying|crossed|rolled)",
        r"could be seen (?:moving|leaving)", r"were seen (?:moving|leaving|departing)", r"trucks\s+(?:\w+\s+){0,6}(?:moving|leaving|left|carrying)",
        r"(?:has|have)\s+(?:begun|started)", r"began (?:to )?(?:dismantl|pack|empty|remov)\w*", r"dismantl\w+", r"wind(?:ing)? down operations",
    ),
    "withdrawal_planned": _cues(
        rf"plan(?:s|ned)?\s+(?:\w+\s+){{0,6}}(?:to|for|called for|calls for|would)\s+(?:\w+\s+){{0,6}}{_LEAVE}",
        r"plan(?:s|ned)? to (?:close|hand|vacate|exit|leave|withdraw)", r"plan called for", r"the plan",
        rf"will\s+(?:\w+\s+){{0,2}}(?:withdraw|leave|pull out|exit|hand over|vacate|close|be (?:emptied|handed|vacated|closed|withdrawn)|depart|relinquish)",
        rf"agree(?:d|ment)?\s+(?:\w+\s+){{0,6}}(?:to\s+)?(?:withdraw|leave|pull|exit|end|hand|close|vacate|depart)",
        r"announc(?:ed|es|ing|ement)\s+(?:\w+\s+){0,8}(?:withdraw\w*|pull\w*|leav\w*|clos\w*|exit|drawdown|hand\w*)",
        r"consider(?:ing|ed|s)?\s+(?:a\s+|the\s+)?(?:\w+\s+){0,3}(?:withdraw\w*|pull\w*|leav\w*|clos\w*)",
        rf"(?:expected|set|slated|scheduled|due|poised|ordered|told|going|preparing|prepare|prepares|intends?|intended|aims?|seeks?)\s+to\s+(?:\w+\s+){{0,2}}(?:withdraw|leave|pull|exit|hand|close|vacate|depart|relocate|move out|wind down)",
        r"expected to stay\s+(?:\w+\s+){0,12}(?:for|until)", r"for just one more year", r"one more year",
        r"would (?:\w+\s+)?(?:withdraw|leave(?!\s+(?:\w+\s+){0,3}with\b)|pull out|close|be handed|depart|exit)",
        r"will (?:\w+\s+)?(?:transport|move|remove|ship|fly|haul|evacuate)\s+(?:[\w,]+\s+){0,12}from\b", r"(?:is|are) to (?:leave|withdraw|be handed|close|depart)",
        r"deadline", r"timeline", r"timetable", r"ordered (?:a |the |all )?(?:\w+\s+)?(?:withdrawal|pullout|exit|departure)",
        r"(?:demand|call|push|vote|resolution)\w*\s+(?:\w+\s+){0,6}(?:to\s+)?(?:leave|withdraw|expel|exit|end)",
        r"(?:withdrawal|pullout|exit) (?:plan|agreement|deal|schedule)", r"to be (?:completed|withdrawn|vacated|handed over|closed)",
        r"to (?:leave|withdraw from|vacate|hand over|exit)\s+(?:\w+\s+){0,10}by\b",
    ),
    "reinforcement": _cues(
        r"relocat(?:e|ed|es|ing)\s+(?:\w+\s+){0,4}to", r"redeploy(?:ed|s|ing|ment)?\s+(?:\w+\s+){0,4}to",
        r"reinforc\w*", r"(?:moved|move|moving|shifted|sent|sending|send|transferred|repositioned|flown|brought|rushed|dispatched)\s+(?:\w+\s+){0,6}(?:to|into)",
        r"deploy(?:ed|s|ing)?\s+(?:an?\s+)?(?:additional|more|extra|new|another|fresh)", r"additional (?:US\s+|American\s+)?(?:troops|forces|soldiers|personnel|aircraft|jets|air defen[cs]es?|batteries|equipment|marines)",
        r"arriv(?:ed|ing|es|e) at", r"bolster\w*", r"beef(?:ed|ing)? up", r"surge of", r"expand(?:ed|ing)? (?:its|the|their) (?:presence|footprint)",
        r"(?:headed|heading) (?:to|toward|towards)", r"(?:were|was) (?:sent|deployed) to",
    ),
    "attack": _cues(
        r"attack(?:ed|s)?\b(?!\s+helicopters?)", r"(?:rockets?|missiles?|mortars?|drones?|shells?|projectiles?|katyushas?)\s+(?:\w+\s+){0,4}(?:fired|launched|struck|hit|targeted|landed|impacted|slammed|fell|exploded|crashed)",
        r"(?:fired|launched|lobbed)\s+(?:\w+\s+){0,5}(?:at|on|toward|towards|against)", r"shell(?:ed|ing)\b",
        r"struck\b", r"targeted\b", r"targeting\b", r"hit by", r"ambush\w*", r"barrage", r"bombard\w*", r"came under (?:fire|attack)",
        r"strike (?:on|against)", r"explosives?-laden", r"(?:rocket|drone|missile|mortar) (?:fire|strike|attack)s?",
    ),
    "presence": _cues(
        rf"(?:is|are|were|was|remain|remains|remained|still)\s+(?:still\s+|currently\s+|now\s+|also\s+)?(?:stationed|based|deployed|housed|garrisoned|positioned)",
        r"stationed", r"housing\b", r"hous(?:es|ed) (?:US|American|coalition|about|some|around|roughly|nearly|hundreds|thousands|\d)",
        r"hosting\b", r"hosts?\s+(?:US|American|coalition|about|some|around|roughly|nearly|hundreds|thousands|\d)", r"hosted (?:US|American|coalition)",
        r"home to\b", r"with a base\b", r"(?:maintain|maintains|maintained|keep|keeps|kept)\s+(?:\w+\s+){0,3}(?:presence|base|troops|forces|garrison)",
        r"operat(?:e|es|ed|ing) (?:from|out of)", r"remain(?:s|ing|ed)?\s+(?:\w+\s+){0,3}(?:at|in)\b", r"stay(?:s|ing|ed)? (?:in|at)\b",
        r"remaining bases?", r"(?:US|American|coalition) (?:troops|forces|soldiers|personnel|service members|base|garrison|outpost|facility|presence)\s+(?:\w+\s+){0,2}(?:at|in|of)\b",
        r"US base", r"American base", r"coalition base", r"where (?:US|American|coalition) (?:troops|forces)",
        r"(?:US|American|coalition) (?:troops|forces|soldiers)\s+(?:\w+\s+){0,3}(?:there|at the base)",
    ),
}
FAMILY = ("handover", "withdrawal_completed", "withdrawal_started", "withdrawal_planned")
MOVE_TO = re.compile(r"\b(?:to|into|towards?|at|in)\s+(?:the\s+)?(?:\w+[\s,]+){0,4}$", re.IGNORECASE)
MOVE_FROM = re.compile(r"\b(?:from|out of|of)\s+(?:the\s+)?(?:\w+[\s,]+){0,6}$", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|denied|deny|denies|without|neither|nor)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
US_FORCES = re.compile(r"\b(?:US|U\.S\.|American|coalition|US-led|United States|Pentagon|CENTCOM|AFRICOM|CJTF|Washington)\b")
NON_US_ACTOR = re.compile(
    r"\b(?:Russian|Russia's|Russians|Iranian|Turkish|Turkey's|Wagner|Africa Corps|Syrian (?:army|troops|forces|government)|Iraqi (?:army|troops|forces)|SDF|Kurdish(?:-led)? forces|Hezbollah)\b"
)


PRESENT_TENSE = re.compile(
    r"^(?:housing|hosting|hosts?|houses|home to|is|are|remain|remains|still|stay|stays|staying|with a base|maintain|"
    r"maintains|keeps?|operates|operating|remaining|US base|American base|coalition base|where)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int
    end: int
    text: str = ""

    @property
    def present_tense(self) -> bool:
        return bool(PRESENT_TENSE.match(self.text))


@dataclass(frozen=True)
class KindAssignment:
    kind: str
    cue: Cue


def find_cues(sentence: str) -> list[Cue]:
    cues = []
    for kind, pattern in CUES.items():
        for match in pattern.finditer(sentence):
            if NEGATION.search(sentence[max(0, match.start() - 30):match.start()]):
                continue
            cues.append(Cue(kind, match.start(), match.end(), match.group()))
    return cues


def _role(sentence: str, mention: SiteMention) -> str:
    before = sentence[max(0, mention.start - 60):mention.start]
    if MOVE_FROM.search(before) and not MOVE_TO.search(before[-25:]):
        return "from"
    if MOVE_TO.search(before):
        return "to"
    return "here"


def _nearest(cues: list[Cue], mention: SiteMention) -> Cue:
    return min(cues, key=lambda c: min(abs(c.start - mention.end), abs(mention.start - c.end)))


def kinds_for(sentence: str, mention: SiteMention, cues: list[Cue], sites_in_sentence: int) -> list[KindAssignment]:
    """The event kinds `sentence` states about one site mention."""
    by_kind: dict[str, list[Cue]] = {}
    for cue in cues:
        if not (cue.start < mention.end and mention.start < cue.end):
            by_kind.setdefault(cue.kind, []).append(cue)
    role = _role(sentence, mention)
    assigned: list[KindAssignment] = []
    reinforcement = by_kind.get("reinforcement", [])
    moved_here = [c for c in reinforcement if c.end <= mention.start and role == "to"]
    moved_here += [c for c in reinforcement if 0 <= c.start - mention.end <= 25 and re.match(r"\s+(?:was|were|has been|have been|had been|received|got)\b", sentence[mention.end:c.start] + " ")]
    if moved_here:
        assigned.append(KindAssignment("reinforcement", _nearest(moved_here, mention)))
        if role == "to":
            return assigned
    for kind in FAMILY:
        if kind in by_kind:
            assigned.append(KindAssignment(kind, _nearest(by_kind[kind], mention)))
            break
    if "attack" in by_kind and role != "from":
        assigned.append(KindAssignment("attack", _nearest(by_kind["attack"], mention)))
    if "presence" in by_kind and not any(a.kind in FAMILY[:3] for a in assigned):
        assigned.append(KindAssignment("presence", _nearest(by_kind["presence"], mention)))
    return assigned
