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
_HOST = (r"(?:Iraqi|Syrian|Afghan|Nigerien|Chadian|Kurdish|Jordanian|host[- ]nation|local|government|national|ANDSF|ANA|ISF|"
         r"Niger|Iraq's|Syria's|Afghanistan's|Niger's|Chad's|Defen[cs]e Ministry|Ministry of Defen[cs]e|security forces|army)")

CUES: dict[str, re.Pattern] = {
    "handover": _cues(
        r"hand(?:ed|s|ing)?[\s-]+(?:over|back)", r"handover", r"hand-over", r"turn(?:ed|s|ing)? over", r"turnover ceremony",
        r"hand(?:ed|s|ing)?\s+[^.;]{0,120}?\bto\s+(?:the\s+)?(?:\w+\s+)?" + _HOST,
        r"transfer(?:red|s|ring)?\s+(?:full\s+)?(?:control|authority|responsibility|ownership|the keys)",
        r"transfer(?:red|s|ring)?\s+[^.;]{0,120}?\bto\s+(?:the\s+)?(?:\w+\s+)?" + _HOST,
        r"hand(?:ed|s|ing)?\s+(?:it|them|the base|the site|the facility|the airfield)\s+(?:over|back)",
        rf"{_HOST}\s+(?:army\s+|security\s+|special\s+)?(?:units|forces|troops|army|soldiers|commandos)\s+(?:\w+\s+){{0,3}}(?:entered|moved into|took up positions in|deployed (?:to|at|in))\s+(?:the\s+)?(?:[\w'’-]+\s+){{0,4}}(?:base|facility|airfield|garrison|camp|outpost|positions?|installation)\b",
        rf"transfer(?:red|s|ring)?\s+(?:the|its|their)?\s*(?:[\w'-]+\s+){{0,3}}to\s+(?:the\s+)?{_HOST}",
        r"(?:took|take|taken|taking|takes|gained|gain|assumed|assume|assuming|seized|assum\w+)\s+(?:full\s+|over\s+|formal\s+|complete\s+)*(?:control|charge|command|possession)",
        r"took over", r"taken over", r"take over", r"takes over", r"gave up\b", r"give up\b", r"given up\b",
        rf"(?:under|into)\s+(?:the\s+)?(?:full\s+)?(?:control|command)\s+of\s+(?:the\s+)?{_HOST}",
        rf"(?:pass|passed|passing|give|given|gave|giving|handed|transferred)\s+(?:[\w-]+\s+){{0,4}}to\s+(?:the\s+)?(?:\w+\s+)?{_HOST}", rf"in {_HOST} hands",
        rf"returned\s+to\s+(?:the\s+)?{_HOST}", r"transition(?:ed)? to (?:Iraqi|Afghan|host)", r"control of the (?:installation|base|facility) has passed",
    ),
    "withdrawal_completed": _cues(
        r"complet(?:ed|es|ing|ion of)\s+(?:the\s+|its\s+|their\s+|a\s+|US\s+|American\s+)*(?:full\s+|final\s+)?(?:withdraw\w*|pull\w*|departure|exit|evacuation|drawdown|redeployment|move)",
        r"complet(?:ed|ion)\b(?!\s+(?:by|within|in the coming))",
        r"(?:has|have|had)\s+(?:now\s+|already\s+|since\s+)?(?:fully\s+|completely\s+|officially\s+|formally\s+|finally\s+)?(?:left|withdrawn|vacated|departed|pulled out|evacuated|abandoned|quit|exited|moved out|given up)",
        r"finish(?:ed|es)?\s+(?:the\s+|their\s+|its\s+)?(?:withdraw\w*|pulling out|leaving|departure|exit|evacuat\w*)",
        r"withdrew\b", r"pulled (?:\w+\s+){0,4}out of", r"vacated", r"abandon(?:ed|ing)", r"evacuated\b", r"moved out of", r"slipped away",
        r"(?:last|final)\s+(?:US\s+|American\s+|coalition\s+)?(?:troops|soldiers|forces|personnel|service members|aircraft|plane|flight|convoy|C-17|contingent|units?)\s+(?:\w+\s+){0,3}(?:left|departed|flew out|took off|rolled out|lifted off|slipped)",
        r"(?:final|last) (?:US |American )?(?:C-17|plane|aircraft|flight)", r"departure of the (?:final|last)", r"(?:troops|forces|personnel|soldiers|Americans) (?:\w+\s+){0,2}left\b",
        r"no longer (?:hosts?|houses?|has|have)", r"(?:former|ex-)\s*(?:US|American|coalition)\s+(?:base|garrison|outpost|facility)",
        r"former base", r"closed (?:the|its|their|down)", r"closure of", r"left (?:the|their|its)\b",
        r"(?:fully|completely) withdrawn", r"(?:withdrawal|departure|exit|pullout) of the (?:last|final)", r"rolled out of the last", r"end(?:ed)? (?:its|their|the) (?:presence|mission) at", r"left in (?:early|late|mid)",
    ),
    "withdrawal_started": _cues(
        rf"(?:began|begun|begin|begins|beginning|started|start|starts|starting|commenced|commence|commences|initiated|launched|kicked off)\s+(?:\w+\s+){{0,6}}{_LEAVE}",
        r"rolled out of", r"(?:columns?|convoys?) of\s+(?:[\w-]+\s+){0,5}(?:rolled|drove|left|moved|headed|departed)",
        rf"{_LEAVE}\s+(?:[\w'-]+\s+){{0,6}}(?:began|begun|started|commenced|got under way|is under way|was under way|underway|under way)",
        r"(?:is|are|were|was)\s+(?:now\s+|currently\s+|still\s+|gradually\s+)?(?:withdrawing|leaving|pulling out|departing|evacuating|packing|vacating|drawing down|moving out)",
        r"in the process of", r"(?:relocat|redeploy|reposition|shift)\w*\s+(?:[\w'’-]+\s+){0,4}from\b", r"(?:weeks?|days?|months?) into (?:its|their|the) (?:evacuation|withdrawal|pullout|drawdown|exit|departure)", r"convoys?\s+(?:\w+\s+){0,8}(?:left|leaving|departed|departing|moving|headed|heading|carrying|crossed|rolled)",
        r"could be seen (?:moving|leaving)", r"were seen (?:moving|leaving|departing)", r"trucks\s+(?:\w+\s+){0,6}(?:moving|leaving|left|carrying)",
        r"(?:has|have)\s+(?:begun|started)", r"began (?:to )?(?:dismantl|pack|empty|remov)\w*", r"dismantl\w+", r"wind(?:ing)? down operations",
        r"first\s+(?:US\s+|American\s+)?(?:C-17|flight|plane|aircraft|convoy|troops|group|contingent|batch)\s+(?:[\w-]+\s+){0,8}(?:took off|left|departed|out of)",
    ),
    "withdrawal_planned": _cues(
        rf"plan(?:s|ned)?\s+(?:\w+\s+){{0,6}}(?:to|for|called for|calls for|would|under which)\s+(?:[\w-]+\s+){{0,6}}{_LEAVE}",
        r"plan(?:s|ned)? to (?:close|hand|vacate|exit|leave|withdraw)", r"plan called for", r"the plan",
        rf"will\s+(?:\w+\s+){{0,2}}(?:withdraw|leave|pull out|exit|hand|vacate|close|be (?:emptied|handed|vacated|closed|withdrawn)|depart|relinquish)",
        rf"agree(?:d|ment)?\s+(?:\w+\s+){{0,6}}(?:to\s+)?(?:withdraw|leave|pull|exit|end|hand|close|vacate|depart)",
        r"announc(?:ed|es|ing|ement)\s+(?:\w+\s+){0,8}(?:withdraw\w*|pull\w*|leav\w*|clos\w*|exit|drawdown|hand\w*)",
        r"consider(?:ing|ed|s)?\s+(?:a\s+|the\s+)?(?:\w+\s+){0,3}(?:withdraw\w*|pull\w*|leav\w*|clos\w*)",
        rf"(?:expected|set|slated|scheduled|due|poised|ordered|told|going|preparing|prepare|prepares|intends?|intended|aims?|seeks?|likely)\s+to\s+(?:\w+\s+){{0,2}}(?:withdraw|leave|pull|exit|hand|close|vacate|depart|relocate|move out|wind down|be completed|complete|finish|fly out|ship out|head home|go home|return home|rotate out)",
        r"expected to stay\s+(?:\w+\s+){0,12}(?:for|until)", r"stay(?:\s+on)?\s+(?:in|at)\s+[^.;]{0,80}?\buntil\b", r"allowed to stay",
        r"(?:calls?|called|calling) for\b", r"to be gone", r"to complete (?:its|their|the) (?:departure|withdrawal|exit|pullout)", r"for just one more year", r"one more year",
        r"would (?:\w+\s+)?(?:withdraw|leave(?!\s+(?:\w+\s+){0,3}with\b)|pull out|close|be handed|hand|depart|exit)", r"(?:is|are|was|were) to (?:leave|withdraw|be handed|close|depart|wind up|wind down|end|complete|hand)",
        r"will (?:\w+\s+)?(?:transport|move|remove|ship|fly|haul|evacuate)\s+(?:[\w,]+\s+){0,12}from\b",
        r"expect(?:s|ed|ing)?\s+(?:the\s+|a\s+|its\s+)?(?:departure|withdrawal|pullout|exit|handover|drawdown)",
        r"(?:departure|withdrawal|pullout|exit|handover)\s+(?:[\w-]+\s+){0,6}(?:to happen|to take place|to be completed|is expected|was expected|will take place|is likely|was likely)",
        r"deadline", r"timeline", r"timetable", r"ordered (?:a |the |all )?(?:\w+\s+)?(?:withdrawal|pullout|exit|departure)",
        r"(?:withdrawal|pullout|exit) (?:plan|agreement|deal|schedule)", r"to be (?:completed|withdrawn|vacated|handed over|closed)",
        r"to (?:leave|withdraw from|vacate|hand over|exit)\s+(?:\w+\s+){0,10}by\b",
    ),
    "reinforcement": _cues(
        r"relocat(?:e|ed|es|ing)\s+(?:[\w'’-]+\s+){0,8}to\b", r"redeploy(?:ed|s|ing|ment)?\s+(?:[\w'’-]+\s+){0,8}to\b",
        r"reinforc\w*", r"(?:moved|move|moving|shifted|sent|sending|send|transferred|repositioned|flown|flew|flying|brought|rushed|dispatched|deployed)\s+(?:[\w-]+\s+){0,6}(?:to|into|in to)\b",
        r"deploy(?:ed|s|ing)?\s+(?:an?\s+)?(?:additional|more|extra|new|another|fresh)", r"additional (?:US\s+|American\s+)?(?:troops|forces|soldiers|personnel|aircraft|jets|air defen[cs]es?|batteries|equipment|marines|bombers)",
        r"arriv(?:ed|ing|es|e) at", r"landed at", r"bolster\w*", r"beef(?:ed|ing)? up", r"surge of", r"expand(?:ed|ing)? (?:its|the|their) (?:presence|footprint)",
        r"(?:headed|heading) (?:to|toward|towards)", r"bound for", r"on (?:its|their|the) way to", r"(?:were|was) (?:sent|deployed) to", r"setting up new",
    ),
    "attack": _cues(
        r"attack(?:ed|s)?\b(?!\s+(?:helicopters?|aircraft|jets?|planes?|squadrons?|submarines?))", r"(?:rockets?|missiles?|mortars?|drones?|shells?|projectiles?|katyushas?)\s+(?:\w+\s+){0,4}(?:fired|launched|struck|hit|targeted|landed|impacted|slammed|fell|exploded|crashed|killed)",
        r"(?:fired|launched|lobbed)\s+(?:[\w-]+\s+){0,10}(?:at|on|toward|towards|against)\b", r"shell(?:ed|ing)\b",
        r"struck\b", r"targeted\b", r"salvo", r"volley", r"targeting\b", r"hit by", r"ambush\w*", r"barrage", r"bombard\w*", r"came under (?:fire|attack)",
        r"strike (?:on|against)", r"explosives?-laden", r"(?:rocket|drone|missile|mortar) (?:fire|strike|attack)s?",
    ),
    "presence": _cues(
        r"(?:is|are|were|was|remain|remains|remained|still|been)\s+(?:still\s+|currently\s+|now\s+|also\s+)?(?:stationed|based|deployed|housed|garrisoned|positioned|parked|concentrated)",
        r"stationed", r"based at", r"housing\b", r"hous(?:es|ed) (?:US|American|coalition|about|some|around|roughly|nearly|hundreds|thousands|\d)",
        r"hosting\b", r"hosts?\s+(?:US|American|coalition|about|some|around|roughly|nearly|hundreds|thousands|the|\d)", r"hosted (?:US|American|coalition)", r"continues? to host",
        r"home to\b", r"with a base\b", r"(?:maintain|maintains|maintained|keep|keeps|kept)\s+(?:\w+\s+){0,3}(?:presence|base|troops|forces|garrison)",
        r"operat(?:e|es|ed|ing) (?:from|out of)", r"(?:works?|working|flying|flown|fly) (?:from|out of)", r"remain(?:s|ing|ed)?\s+(?:\w+\s+){0,3}(?:at|in)\b", r"stay(?:s|ing|ed)? (?:in|at)\b", r"stay on\b",
        r"remaining bases?", r"remains the hub", r"consolidated (?:\w+\s+){0,2}(?:at|in)\b", r"(?:main|major|key|largest|biggest) hub for (?:US|American|coalition)",
        r"where\s+(?:US|American|coalition)\b[^.;]{0,60}?\b(?:troops|forces|soldiers|personnel)", r"parked at", r"lined up at",
        r"(?:troops|forces|personnel|soldiers|Americans|contingent)\s+(?:[\w,]+\s+){0,4}(?:are|were|is|was)\s+(?:now\s+|still\s+)?at\b", r"most of them (?:at|working)", r"concentrated (?:in|at)", r"(?:serve|serves|serving|served) as", r"(?:bases?|installations?|outposts?) (?:that )?(?:the )?(?:US|Americans|American forces|United States|coalition) (?:have|has|had|maintain|maintains|operate|operates|still)",
        r"where (?:US|American|coalition) (?:troops|forces)",
        r"(?:US|American|coalition) (?:troops|forces|soldiers)\s+(?:\w+\s+){0,3}(?:there|at the base)",
    ),
}
# Generic phrases that speak of presence only right beside the site's name:
# "the US base of al-Tanf", "US troops at Camp Taji".
NEAR_PRESENCE = _cues(
    r"US base", r"American base", r"coalition base", r"(?:US|American|coalition) (?:installations?|facilit(?:y|ies))", r"(?:US|American|coalition) (?:troops|forces|soldiers|personnel|service members|garrison|outpost|facility|presence)\s+(?:\w+\s+){0,2}(?:at|in|of)\b",
)
NEAR_CHARS = 30
PRECAUTION = re.compile(r"\b(?:as a precaution|precautionar\w*|temporar\w*|for safety|out of caution)\b", re.IGNORECASE)
MODAL_WORD = re.compile(r"\b(?:will|would|could|might|shall)\b", re.IGNORECASE)
# Who acts: a Russian unit landing at a base reinforces nothing of ours.
NON_US_SUBJECT = re.compile(r"\b(?:Russian|Russians|Russia|Iranian|Turkish|Wagner|Taliban|French|Syrian army|Syrian Arab Army|Syrian government|SDF|Syrian Democratic Forces|Iraqi army|Iraqi forces|Afghan forces|Nigerien forces|militia|militias)\b[^.;,]{0,40}$", re.IGNORECASE)
US_STRIKE = re.compile(r"\b(?:US|U\.S\.|American|coalition|Israeli)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
CLAUSE_BREAK = re.compile(r";|—|\s–\s|\b(?:while|whereas|but|leaving|although|though|as the)\b", re.IGNORECASE)
# A relative clause after a name speaks of that name ("Kandahar Airfield, which troops left");
# one before it belongs to another noun.
RELATIVE = re.compile(r"\b(?:which|whose|where)\b", re.IGNORECASE)
PARTIAL = re.compile(r"\b(?:most|some|many|half|part|a few|several|dozens|hundreds) of (?:the |its |their )?(?:\w+\s+){0,2}(?:Americans|troops|forces|soldiers|personnel|service members)\b", re.IGNORECASE)
MODAL = re.compile(
    r"\b(?:will|would|could|may|might|should|shall|to be|to|plans? to|planned to|expected to|set to|due to|is to|are to|"
    r"agreed to|intends? to|going to|likely to|scheduled to|preparing to|ready to)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
PROGRESS = ("withdrawal_completed", "withdrawal_started", "withdrawal_planned")
FAMILY = frozenset({"handover", *PROGRESS})
MOVE_TO = re.compile(r"\b(?:(?<!referring )(?<!according )(?<!close )(?<!next )(?<!due )(?<!belonging )(?<!compared )(?<!similar )to(?!\s+(?:leave|withdraw|pull|exit|depart|vacate|hand|close|stay|be|remain|keep|abandon|evacuate|give)\b)|into|towards?|bound for|head(?:ed|ing)?\s+(?:\w+\s+)?(?:for|to)|(?:arriv\w+|land\w+|drove|rolled)\s+(?:at|in|into))\s+(?:the\s+)?(?:[\w'’-]+[\s,]+){0,4}$", re.IGNORECASE)
MOVE_FROM = re.compile(
    r"\b(?:from|out of)\s+(?:the\s+)?(?:[\w'’-]+[\s,]+){0,6}$|\b(?:left|leave|leaving|quit|vacated|abandoned)\s+(?:the\s+|their\s+|its\s+)?(?:[\w'’-]+[\s,]+){0,2}$",
    re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|no|never|denied|deny|denies|without|neither|nor)\b(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
US_FORCES = re.compile(r"\b(?:US|U\.S\.|American|Americans|coalition|US-led|United States|Pentagon|CENTCOM|AFRICOM|CJTF|Washington)\b")
NON_US_ACTOR = re.compile(
    r"\b(?:Russian|Russia|Russia's|Russians|Iranian|Turkish|Turkey's|Wagner|Africa Corps|Syrian (?:army|troops|forces|government)|"
    r"Iraqi (?:army|troops|forces)|SDF|Kurdish(?:-led)? forces|Hezbollah|Taliban|French|France)\b"
)
PRESENT_TENSE = re.compile(
    r"^(?:housing|hosting|hosts?|houses|home to|is|are|remain|remains|still|stay|stays|staying|with a base|maintain|"
    r"maintains|keeps?|operates|operating|remaining|US base|American base|coalition base|where|based at|stationed|works?|working|"
    r"most of them|concentrated|continues?|remains the hub|serves?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    kind: str
    start: int
    end: int
    text: str = ""
    near_only: bool = False

    @property
    def present_tense(self) -> bool:
        return bool(PRESENT_TENSE.match(self.text))


@dataclass(frozen=True)
class KindAssignment:
    kind: str
    cue: Cue


def _modal(sentence: str, start: int) -> bool:
    """A modal earlier in the same clause: "would withdraw from X and hand the base over"."""
    clause = re.split(r"[;—]|,\s+(?:but|while|after|as)\b", sentence[max(0, start - 70):start])[-1]
    return bool(MODAL.search(clause[-40:])) or bool(MODAL_WORD.search(clause))


def find_cues(sentence: str) -> list[Cue]:
    cues = []
    for kind, pattern in [*CUES.items(), ("presence", NEAR_PRESENCE)]:
        for match in pattern.finditer(sentence):
            before = sentence[max(0, match.start() - 50):match.start()]
            if NEGATION.search(before[-30:]):
                continue
            if kind == "attack" and US_STRIKE.search(before[-25:]):
                continue  # "a US drone strike at Baghdad airport": not an attack on a US site
            if kind in ("reinforcement", "presence") and NON_US_SUBJECT.search(before):
                continue
            if kind in ("withdrawal_completed", "withdrawal_started") and PRECAUTION.search(sentence):
                continue  # aircraft dispersed or staff evacuated for safety is no withdrawal
            if kind in ("handover", "withdrawal_completed", "withdrawal_started") and _modal(sentence, match.start()):
                kind_here = "withdrawal_planned"  # "will hand over", "expected to complete": still a plan
            else:
                kind_here = kind
            if kind_here == "withdrawal_completed" and PARTIAL.search(sentence[:match.start()]):
                kind_here = "withdrawal_started"  # "most of the Americans have moved out": not yet all
            cues.append(Cue(kind_here, match.start(), match.end(), match.group(), pattern is NEAR_PRESENCE))
    return cues


def _role(sentence: str, mention: SiteMention) -> str:
    """"from" for a site left ("withdrew from X"), "to" for one arrived at ("moved to X"), else "here"."""
    before = sentence[max(0, mention.start - 60):mention.start]
    came_from, went_to = MOVE_FROM.search(before), MOVE_TO.search(before)
    if came_from and (not went_to or came_from.start() >= went_to.start()):
        return "from"
    return "to" if went_to else "here"


def _distance(cue: Cue, mention: SiteMention) -> int:
    if cue.start < mention.end and mention.start < cue.end:
        return 0
    return min(abs(cue.start - mention.end), abs(mention.start - cue.end))


def _nearest(cues: list[Cue], mention: SiteMention) -> Cue:
    return min(cues, key=lambda c: _distance(c, mention))


def _usable(sentence: str, cue: Cue, mention: SiteMention) -> bool:
    """A cue speaks of a site in its own clause: not inside the name, not across "while", ";", "which"."""
    if mention.start <= cue.start and cue.end <= mention.end:
        return False
    if cue.near_only and _distance(cue, mention) > NEAR_CHARS:
        return False
    if cue.end <= mention.start:
        between = sentence[cue.end:mention.start]
        return not (CLAUSE_BREAK.search(between) or RELATIVE.search(between))
    return not CLAUSE_BREAK.search(sentence[mention.end:cue.start])


def kinds_for(sentence: str, mention: SiteMention, cues: list[Cue],
              others: list[SiteMention] = ()) -> list[KindAssignment]:
    """The event kinds `sentence` states about one site mention (`others`: the sentence's other sites)."""
    role = _role(sentence, mention)
    by_kind: dict[str, list[Cue]] = {}
    for cue in cues:
        if _usable(sentence, cue, mention) and not _belongs_elsewhere(sentence, cue, mention, others):
            if role == "to" and cue.kind in FAMILY - {"handover"} and cue.end <= mention.start:
                continue  # "withdrew from X to Y": Y is where they went, not what they left
            by_kind.setdefault(cue.kind, []).append(cue)
    assigned: list[KindAssignment] = []
    reinforcement = _reinforcement(sentence, mention, by_kind.get("reinforcement", []), role)
    if reinforcement:
        assigned.append(KindAssignment("reinforcement", reinforcement))
    if "handover" in by_kind:
        assigned.append(KindAssignment("handover", _nearest(by_kind["handover"], mention)))
    progress = next((kind for kind in PROGRESS if kind in by_kind), None)
    if progress:
        assigned.append(KindAssignment(progress, _nearest(by_kind[progress], mention)))
    if "attack" in by_kind and role != "from":
        assigned.append(KindAssignment("attack", _nearest(by_kind["attack"], mention)))
    presence = _presence(by_kind.get("presence", []), mention, assigned, role)
    if presence:
        assigned.append(KindAssignment("presence", presence))
    return assigned


def _belongs_elsewhere(sentence: str, cue: Cue, mention: SiteMention, others: list[SiteMention]) -> bool:
    """A verb's object is the name right after it ("when it gave up Camp Taji"), and a verb
    inside a relative clause ("X, which the army took over") speaks of the name before it."""
    if cue.end <= mention.start:
        far = mention.start - cue.end > 25
        return far and bool(RELATIVE.search(sentence[max(0, cue.start - 45):cue.start]))
    return any(o.start >= cue.end and o.start - cue.end <= 40 and o.site_id != mention.site_id for o in others)


def _reinforcement(sentence: str, mention: SiteMention, cues: list[Cue], role: str) -> Cue | None:
    toward = [c for c in cues if c.end <= mention.start and role == "to"]
    # "the base was reinforced", "X received reinforcements"
    toward += [c for c in cues if 0 <= c.start - mention.end <= 25
               and re.match(r"\s+(?:was|were|has been|have been|had been|received|got|is being|are being)\b", sentence[mention.end:c.start] + " ")]
    return _nearest(toward, mention) if toward else None


def _presence(cues: list[Cue], mention: SiteMention, assigned: list[KindAssignment], role: str) -> Cue | None:
    if not cues or any(a.kind in ("handover", "withdrawal_completed", "withdrawal_started") for a in assigned):
        return None
    if role == "to" and any(a.kind == "reinforcement" for a in assigned):
        return None
    nearest = _nearest(cues, mention)
    if role == "from" and not re.search(r"(?:from|out of)$", nearest.text):
        return None  # "a convoy from X": movement, not presence; "flying from X" is presence
    if any(a.kind == "attack" for a in assigned) and _distance(nearest, mention) > 2 * NEAR_CHARS:
        return None  # "a drone killed US soldiers at X": the victims, not a report of presence
    return nearest
