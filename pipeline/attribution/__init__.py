"""Attribution: who each claim is about (subject), what it measures (metric), when (period),
whether it is a change and in which direction, and whether it is a goal rather than a result.

The room's modules: `config` (configs/attribution.toml compiled once), `cues` (cue words at the
edges of text), `discourse` (clauses, the roles of names in them, the rule-based subject carried
through the text), `candidates` (every phrase a subject could be, from names and the tagger's
noun phrases), `ranker` (the scored choice among them), `metric` (what is measured) and `stage`
(the stage helper that puts them together).
"""
from pipeline.attribution.config import AttributionConfig, load_attribution_config
from pipeline.attribution.cues import change_of
from pipeline.attribution.stage import attribute, is_target

__all__ = ["AttributionConfig", "attribute", "change_of", "is_target", "load_attribution_config"]
