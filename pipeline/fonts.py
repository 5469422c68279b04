"""Fonts for Chinese text: the system's CJK fonts, never a web font or a download.

One list serves both the review page (its CSS font stack) and the example notebooks (the
matplotlib font). On Debian or Ubuntu `apt-get install fonts-noto-cjk` provides the first.
"""
from __future__ import annotations

import sys
import warnings
from collections.abc import Iterable

CJK_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "SimHei", "AR PL UMing CN",
)
INSTALL_HINT = "install one, e.g. `apt-get install fonts-noto-cjk` on Debian or Ubuntu"


def css_font_stack() -> str:
    """The CSS font-family value for Chinese text: the CJK fonts in order, then sans-serif."""
    return ", ".join(f'"{name}"' for name in CJK_FONTS) + ", sans-serif"


def use_cjk_font(installed: Iterable[str] | None = None) -> str | None:
    """Make matplotlib draw Chinese labels with the first CJK font installed, and return its name.

    With none installed, say so once on stderr (every label would be drawn as empty boxes) and
    silence matplotlib's warning per missing glyph, which would repeat it for each character.
    `installed` (font family names) is for tests; by default matplotlib's font list."""
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    if installed is None:
        found = _cjk_installed(font_manager)
    else:
        found = [name for name in CJK_FONTS if name in set(installed)]
    if not found:
        print(f"No CJK font found: Chinese labels will be drawn as empty boxes; {INSTALL_HINT}.", file=sys.stderr)
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        return None
    plt.rcParams["font.sans-serif"] = found + [f for f in plt.rcParams["font.sans-serif"] if f not in found]
    plt.rcParams["font.family"] = "sans-serif"
    return found[0]


def _cjk_installed(font_manager) -> list[str]:
    """The CJK fonts matplotlib can use. Its font list is cached on first use, so a font
    installed since (fonts-noto-cjk after matplotlib first ran) is added from the system's."""
    def present() -> list[str]:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return [name for name in CJK_FONTS if name in names]

    found = present()
    if not found:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue  # a font file FreeType cannot read is no CJK font we can use
        found = present()
    return found
