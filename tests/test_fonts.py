"""CJK fonts: the review page's font stack, and one plain message when none is installed."""
from __future__ import annotations

import warnings

import pytest

from pipeline.fonts import CJK_FONTS, css_font_stack, use_cjk_font


def test_the_page_stack_lists_system_fonts_only() -> None:
    assert css_font_stack() == ", ".join(f'"{f}"' for f in CJK_FONTS) + ", sans-serif"
    assert CJK_FONTS[0] == "Noto Sans CJK SC"  # what Debian's fonts-noto-cjk installs, as the README says


def test_no_cjk_font_is_said_once_and_glyph_warnings_stop(capsys: pytest.CaptureFixture) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        assert use_cjk_font(installed={"DejaVu Sans"}) is None
        fig, ax = plt.subplots()
        ax.set_title("青岛出口")
        fig.canvas.draw()
        plt.close(fig)
    err = capsys.readouterr().err
    assert err.count("No CJK font found") == 1 and "fonts-noto-cjk" in err
    assert not [w for w in caught if "Glyph" in str(w.message)]


def test_the_first_installed_cjk_font_is_used() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    with plt.rc_context():
        assert use_cjk_font(installed={"WenQuanYi Zen Hei", "SimHei", "DejaVu Sans"}) == "WenQuanYi Zen Hei"
        assert plt.rcParams["font.sans-serif"][:2] == ["WenQuanYi Zen Hei", "SimHei"]
