"""configs/ loaded once into frozen dataclasses; every problem in every file reported at once."""
from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.attribution import AttributionConfig, load_attribution_config
from pipeline.entities import EntityConfig, load_entity_config
from pipeline.errors import ConfigError
from pipeline.patterns import ClaimsConfig, load_claims_config

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "configs"


@dataclass(frozen=True)
class Config:
    """All rules the pipeline runs on, plus a digest of the files they came from."""

    root: Path
    digest: str
    claims: ClaimsConfig
    entities: EntityConfig
    attribution: AttributionConfig
    userdict: Path | None


def config_digest(root: Path) -> str:
    """sha256 over every file in configs/ (names and bytes), so any change in rules shows."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _toml(root: Path, name: str, errors: list[str]) -> dict:
    path = root / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        errors.append(f"{name}: missing")
    except tomllib.TOMLDecodeError as exc:
        errors.append(f"{name}: not valid TOML ({exc})")
    return {}


def load_config(root: Path = DEFAULT_DIR) -> Config:
    """Load and validate configs/, once per content (an edited file is read again);
    raise ConfigError listing every problem found."""
    root = Path(root)
    if not root.is_dir():
        raise ConfigError(f"{root}: config folder not found")
    return _load(root, config_digest(root))


@lru_cache(maxsize=4)
def _load(root: Path, digest: str) -> Config:
    errors: list[str] = []
    claims = load_claims_config(_toml(root, "claims.toml", errors), errors)
    entities = load_entity_config(_toml(root, "entities.toml", errors), errors)
    attribution = load_attribution_config(_toml(root, "attribution.toml", errors), errors)
    userdict = root / "userdict.txt"
    if errors:
        raise ConfigError(f"{root}: {len(errors)} problem(s): " + "; ".join(errors))
    return Config(root=root, digest=digest, claims=claims, entities=entities, attribution=attribution,
                  userdict=userdict if userdict.exists() else None)
