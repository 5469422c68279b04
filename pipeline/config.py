"""configs/ loaded once into frozen dataclasses; every problem in every file reported at once."""
from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pipeline.attribution import AttributionConfig, load_attribution_config
from pipeline.attribution.ranker import Ranker, load_ranker
from pipeline.entities import EntityConfig, load_entity_config
from pipeline.errors import ConfigError
from pipeline.patterns import ClaimsConfig, load_claims_config

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "configs"
T = TypeVar("T")


@dataclass(frozen=True)
class Config:
    """All rules the pipeline runs on, plus a digest of the files they came from."""

    root: Path
    digest: str
    claims: ClaimsConfig
    entities: EntityConfig
    attribution: AttributionConfig
    ranker: Ranker
    userdict: Path | None


def config_digest(root: Path) -> str:
    """sha256 over every file in configs/ (names and bytes), so any change in rules shows."""
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _toml(root: Path, name: str, errors: list[str]) -> dict | None:
    path = root / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        errors.append(f"{name}: missing")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        errors.append(f"{name}: not valid TOML ({exc})")
    except OSError as exc:
        errors.append(f"{name}: cannot read ({exc.strerror or exc})")
    return None


def _section(name: str, loader: Callable[[dict, list[str]], T], data: dict | None, errors: list[str]) -> T | None:
    """Run one file's loader (not for a file that could not be read: that is one problem, not
    one per missing key); a value of the wrong shape (a list where a table belongs, a word where
    a number belongs) becomes one more listed problem, not a traceback."""
    if data is None:
        return None
    try:
        return loader(data, errors)
    except (TypeError, AttributeError, ValueError, KeyError) as exc:
        errors.append(f"{name}: malformed ({type(exc).__name__}: {exc})")
        return None


def _check_userdict(path: Path, errors: list[str]) -> None:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        errors.append(f"{path.name}: not UTF-8")
    except OSError as exc:
        errors.append(f"{path.name}: cannot read ({exc.strerror or exc})")


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
    claims = _section("claims.toml", load_claims_config, _toml(root, "claims.toml", errors), errors)
    entities = _section("entities.toml", load_entity_config, _toml(root, "entities.toml", errors), errors)
    attribution = _section("attribution.toml", load_attribution_config, _toml(root, "attribution.toml", errors), errors)
    if claims is not None and not claims.patterns:
        errors.append("claims.toml: no [[pattern]] entries (a run would find no claims)")
    ranker = _section("ranker.toml", load_ranker, _toml(root, "ranker.toml", errors), errors)
    userdict = root / "userdict.txt"
    if userdict.exists():
        _check_userdict(userdict, errors)
    if errors:
        raise ConfigError(f"{root}: {len(errors)} problem(s): " + "; ".join(errors))
    return Config(root=root, digest=digest, claims=claims, entities=entities, attribution=attribution, ranker=ranker,
                  userdict=userdict if userdict.exists() else None)
