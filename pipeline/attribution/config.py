"""configs/attribution.toml compiled once: every cue word list, pattern and limit attribution uses.

`load_attribution_config` reports every problem (a missing section, comment or examples, an empty
list, a regex that does not compile, a limit that is not a positive integer) so they can all be
listed at once; pipeline.config calls it with the parsed file.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.attribution.candidates import CandidateConfig
from pipeline.attribution.tidy import TidyConfig

_SECTIONS = ("tagger", "candidates", "tidy", "clauses", "subject", "partner", "scope", "lists", "period", "change", "target", "metric", "rank")


@dataclass(frozen=True)
class AttributionConfig:
    """Cue words and patterns from configs/attribution.toml; word lists are sorted longest first."""

    tag_context: int
    candidates: CandidateConfig
    tidy: TidyConfig
    clause_breaks: frozenset[str]
    punctuation: str
    sentence_enders: frozenset[str]
    line_openers: tuple[str, ...]
    heading_max_chars: int
    heading_enders: frozenset[str]
    source_before: tuple[str, ...]
    jurisdiction_bodies: tuple[str, ...]
    national_prefix: str
    national_place: str
    byline_before: tuple[str, ...]
    byline_after: tuple[str, ...]
    dateline_before: tuple[str, ...]
    dateline_after: tuple[str, ...]
    source_colons: str
    described_max_gap: int
    reporting_after: tuple[str, ...]
    publishing: tuple[str, ...]
    own_reports: tuple[str, ...]
    affiliation_max_gap: int
    date_rx: regex.Pattern
    setting_rx: regex.Pattern
    reporter_rx: regex.Pattern
    modifier_marker: str
    phrase_tags: frozenset[str]
    base_before: tuple[str, ...]
    locative_before: tuple[str, ...]
    partitive_leads: tuple[str, ...]
    existential_leads: tuple[str, ...]
    item_marker: str
    joiners: frozenset[str]
    pronouns: tuple[str, ...]
    local_after: tuple[str, ...]
    anaphors: tuple[str, ...]
    anaphor_levels: str
    name_kinds: tuple[str, ...]
    org_anaphors: tuple[str, ...]
    org_anaphor_kinds: tuple[str, ...]
    body_suffixes: tuple[str, ...]
    partner_before: tuple[str, ...]
    partner_after: tuple[str, ...]
    scope_words: tuple[str, ...]
    scope_not_before: tuple[str, ...]
    list_marker: str
    list_openers: tuple[str, ...]
    list_tails: frozenset[str]
    gap_chars: str
    period_rx: regex.Pattern
    period_comparison_before: tuple[str, ...]
    period_relative: tuple[str, ...]
    increase: tuple[str, ...]
    decrease: tuple[str, ...]
    level_after: tuple[str, ...]
    not_change: tuple[str, ...]
    change_max_distance: int
    target_cues: tuple[str, ...]
    future: tuple[str, ...]
    future_not_before: frozenset[str]
    ba_noun_tags: frozenset[str]
    deadline_rx: regex.Pattern
    lead_trim: tuple[str, ...]
    lead_phrases: tuple[str, ...]
    dateline_rx: regex.Pattern
    day_rx: regex.Pattern
    demonstratives: tuple[str, ...]
    tail_trim: tuple[str, ...]
    basis_rx: regex.Pattern
    derived: tuple[str, ...]
    adverb_tags: frozenset[str]
    hollow_tags: frozenset[str]
    generic: frozenset[str]
    duration_verbs: tuple[str, ...]
    unit_metrics: tuple[tuple[str, str], ...]
    unit_metric_first: frozenset[str]
    unit_metric_kept: tuple[str, ...]
    verb_prefix_tags: frozenset[str]
    share_heads: tuple[str, ...]
    qualifier_after: tuple[str, ...]
    admin_suffixes: tuple[str, ...]
    follow_stops: frozenset[str]
    follow_trim: tuple[str, ...]
    starts_after: frozenset[str]
    purpose_words: tuple[str, ...]
    measure_noun_tags: tuple[str, ...]
    value_heads: tuple[str, ...]
    item_number_rx: regex.Pattern
    derived_nouns: tuple[str, ...]
    multiple_base_rx: regex.Pattern
    follow_max_chars: int
    act_max_chars: int
    within_after: tuple[str, ...]
    numeral_tags: frozenset[str]
    partitive_max_gap: int
    rank_verbs: tuple[str, ...]
    rank_generic: frozenset[str]
    rank_suffix: str
    rank_frame_rx: regex.Pattern


def _longest_first(words: set[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def load_attribution_config(data: dict, errors: list[str]) -> AttributionConfig | None:
    """Build the attribution config from parsed attribution.toml, appending every problem to
    `errors` (a missing section, comment or examples; an empty list; a regex that does not
    compile; a number that is not a positive integer). None when anything is wrong."""
    n_before = len(errors)

    def section(name: str) -> dict:
        sec = data.get(name)
        if not isinstance(sec, dict):
            errors.append(f"attribution.toml: [{name}] missing")
            return {}
        if not isinstance(sec.get("comment"), str) or not sec["comment"].strip():
            errors.append(f"attribution.toml: [{name}] needs a comment")
        if not isinstance(sec.get("examples"), list) or not sec["examples"]:
            errors.append(f"attribution.toml: [{name}] needs examples")
        return sec

    secs = {name: section(name) for name in _SECTIONS}

    def words(name: str, key: str) -> tuple[str, ...]:
        value = secs[name].get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
            errors.append(f"attribution.toml: [{name}] {key} must be a non-empty list of words")
            return ()
        return tuple(sorted(set(value), key=lambda w: (-len(w), w)))

    def chars(name: str, key: str) -> frozenset[str]:
        value = secs[name].get(key)
        if not isinstance(value, str) or not value:
            errors.append(f"attribution.toml: [{name}] {key} must be a non-empty string of characters")
            return frozenset()
        return frozenset(value)

    def text(name: str, key: str) -> str:
        value = secs[name].get(key)
        if not isinstance(value, str) or not value:
            errors.append(f"attribution.toml: [{name}] {key} must be a non-empty string")
            return ""
        return value

    def number(name: str, key: str) -> int:
        value = secs[name].get(key)
        if type(value) is not int or value <= 0:
            errors.append(f"attribution.toml: [{name}] {key} must be a positive integer")
            return 1
        return value

    def count(name: str, key: str) -> int:
        value = secs[name].get(key)
        if type(value) is not int or value < 0:
            errors.append(f"attribution.toml: [{name}] {key} must be an integer, 0 or more")
            return 0
        return value

    def pattern(name: str, key: str) -> regex.Pattern:
        try:
            return regex.compile(text(name, key) or "(?!)")
        except regex.error as exc:
            errors.append(f"attribution.toml: [{name}] {key} does not compile ({exc})")
            return regex.compile("(?!)")

    increase, decrease = words("change", "increase"), words("change", "decrease")

    config = AttributionConfig(
        tag_context=count("tagger", "context_sentences"),
        candidates=CandidateConfig(
            phrase_tags=frozenset(words("candidates", "phrase_tags")), head_tags=frozenset(words("candidates", "head_tags")),
            measure_heads=words("candidates", "measure_heads"), pronouns=words("candidates", "pronouns"),
            group_pronouns=words("candidates", "group_pronouns"), time_names=words("candidates", "time_names"),
            reporting_marks=words("candidates", "reporting_marks"), bound_starts=frozenset(words("candidates", "bound_starts")),
            modified_tags=frozenset(words("candidates", "modified_tags")), setting_preps=frozenset(words("candidates", "setting_preps")),
            owner_min_chars=number("candidates", "owner_min_chars"), cause_verbs=frozenset(words("candidates", "cause_verbs")),
            agent_skip_tags=frozenset(words("candidates", "agent_skip_tags")),
            given_rx=pattern("candidates", "given_regex"),
            max_phrase_words=number("candidates", "max_phrase_words"), generic_freq=number("candidates", "generic_freq"),
            demonstratives=words("candidates", "demonstratives"), speaker_labels=words("candidates", "speaker_labels"),
            event_heads=words("candidates", "event_heads"), model_rx=pattern("candidates", "model_regex"),
            example_max_gap=number("candidates", "example_max_gap")),
        tidy=TidyConfig(
            lead_drop_tags=frozenset(words("tidy", "lead_drop_tags")), tail_drop_tags=frozenset(words("tidy", "tail_drop_tags")),
            lead_drop_words=words("tidy", "lead_drop_words"), tail_drop_words=words("tidy", "tail_drop_words"),
            dict_lead_drop_tags=frozenset(words("tidy", "dict_lead_drop_tags")),
            dict_tail_drop_tags=frozenset(words("tidy", "dict_tail_drop_tags")),
            max_chars=number("tidy", "max_chars"), rest_min_chars=number("tidy", "rest_min_chars"), label_max_chars=number("tidy", "label_max_chars"),
            after_tags=frozenset(words("tidy", "after_tags")), measure_heads=words("candidates", "measure_heads"),
            change_nouns=tuple(tuple(w.split("=", 1)) for w in words("tidy", "change_nouns") if "=" in w),
            act_nouns=dict(tuple(w.split("=", 1)) for w in words("tidy", "act_nouns") if "=" in w),
            rise_words=words("tidy", "rise_words"), fall_words=words("tidy", "fall_words"),
            change_words=words("tidy", "rise_words") + words("tidy", "fall_words"), comparison_rx=pattern("tidy", "comparison_regex"), per_rx=pattern("tidy", "per_regex"), method_rx=pattern("tidy", "method_regex"),
            window_rx=pattern("tidy", "window_regex"), scene_rx=pattern("tidy", "scene_regex"), possessive_rx=pattern("tidy", "possessive_regex"),
            act_tags=frozenset(words("tidy", "act_tags")), record_words=words("tidy", "record_words"),
            place_preps=words("tidy", "place_preps"), demonstrative_tags=frozenset(words("tidy", "demonstrative_tags")),
            ordinal_prefix=text("tidy", "ordinal_prefix"), field_marker=text("tidy", "field_marker"),
            min_field_chars=number("tidy", "min_field_chars")),
        clause_breaks=chars("clauses", "breaks"), punctuation=text("clauses", "punctuation"),
        sentence_enders=chars("clauses", "sentence_enders"),
        line_openers=words("clauses", "line_openers"),
        heading_max_chars=number("clauses", "heading_max_chars"),
        heading_enders=chars("clauses", "heading_enders"),
        source_before=words("subject", "source_before"), jurisdiction_bodies=words("subject", "jurisdiction_bodies"),
        national_prefix=text("subject", "national_prefix"), national_place=text("subject", "national_place"), reporting_after=words("subject", "reporting_after"),
        publishing=words("subject", "publishing"), own_reports=words("subject", "own_reports"),
        byline_before=words("subject", "byline_before"), byline_after=words("subject", "byline_after"),
        dateline_before=words("subject", "dateline_before"), dateline_after=words("subject", "dateline_after"),
        source_colons=text("subject", "source_colons"), described_max_gap=number("subject", "described_max_gap"),
        affiliation_max_gap=number("subject", "affiliation_max_gap"),
        date_rx=pattern("subject", "date_regex"), setting_rx=pattern("subject", "setting_regex"), reporter_rx=pattern("subject", "reporter_regex"),
        modifier_marker=text("subject", "modifier_marker"),
        phrase_tags=frozenset(words("subject", "phrase_tags")), base_before=words("subject", "base_before"),
        locative_before=words("subject", "locative_before"), partitive_leads=words("subject", "partitive_leads"), existential_leads=words("subject", "existential_leads"), item_marker=text("subject", "item_marker"),
        joiners=chars("subject", "joiners"), pronouns=words("subject", "pronouns"),
        local_after=words("subject", "local_after"), anaphors=words("subject", "anaphors"), anaphor_levels=text("subject", "anaphor_levels"), name_kinds=words("subject", "name_kinds"),
        org_anaphors=words("subject", "org_anaphors"), org_anaphor_kinds=words("subject", "org_anaphor_kinds"),
        body_suffixes=words("subject", "body_suffixes"),
        partner_before=words("partner", "before"), partner_after=words("partner", "after"),
        scope_words=words("scope", "words"), scope_not_before=words("scope", "not_before"),
        list_marker=text("lists", "marker"), list_openers=words("lists", "openers"), list_tails=frozenset(words("lists", "tails")),
        gap_chars=text("lists", "gap_chars"),
        period_rx=pattern("period", "regex"), period_comparison_before=words("period", "comparison_before"),
        period_relative=words("period", "relative"),
        increase=increase, decrease=decrease,
        level_after=words("change", "level_after"), not_change=words("change", "not_change"),
        change_max_distance=number("change", "max_distance"),
        target_cues=words("target", "cues"), future=words("target", "future"),
        future_not_before=frozenset(words("target", "future_not_before")),
        ba_noun_tags=frozenset(words("target", "ba_noun_tags")), deadline_rx=pattern("target", "deadline_regex"),
        lead_trim=words("metric", "lead_trim"), lead_phrases=words("metric", "lead_phrases"), dateline_rx=pattern("metric", "dateline_regex"),
        day_rx=pattern("metric", "day_regex"),
        demonstratives=words("metric", "demonstratives"), tail_trim=words("metric", "tail_trim"),
        basis_rx=pattern("metric", "basis_regex"),
        derived=_longest_first({*words("metric", "derived"), *(w for w in increase + decrease if len(w) > 1)}),
        share_heads=words("metric", "share_heads"), adverb_tags=frozenset(words("metric", "adverb_tags")),
        hollow_tags=frozenset(words("metric", "hollow_tags")), generic=frozenset(words("metric", "generic")),
        duration_verbs=words("metric", "duration_verbs"),
        unit_metrics=tuple(tuple(w.split("=", 1)) for w in words("metric", "unit_metrics") if "=" in w),
        unit_metric_first=frozenset(words("metric", "unit_metric_first")), unit_metric_kept=words("metric", "unit_metric_kept"),
        verb_prefix_tags=frozenset(words("metric", "verb_prefix_tags")),
        qualifier_after=words("metric", "qualifier_after"),
        admin_suffixes=words("metric", "admin_suffixes"), follow_stops=chars("metric", "follow_stops"),
        follow_trim=words("metric", "follow_trim"), starts_after=frozenset(words("metric", "starts_after")), purpose_words=words("metric", "purpose_words"),
        measure_noun_tags=words("metric", "measure_noun_tags"), value_heads=words("metric", "value_heads"),
        item_number_rx=pattern("metric", "item_number_regex"), derived_nouns=words("metric", "derived_nouns"),
        multiple_base_rx=pattern("metric", "multiple_base_regex"),
        follow_max_chars=number("metric", "follow_max_chars"), act_max_chars=number("metric", "act_max_chars"),
        within_after=words("metric", "within_after"), numeral_tags=frozenset(words("metric", "numeral_tags")),
        partitive_max_gap=number("metric", "partitive_max_gap"),
        rank_verbs=words("rank", "verbs"), rank_generic=frozenset(words("rank", "generic")),
        rank_suffix=text("rank", "suffix"), rank_frame_rx=pattern("rank", "frame_regex"),
    )
    return None if len(errors) > n_before else config
