"""Download all figures (izhi_core.figures_export): the page's four figures as PNG and SVG
in a zip, each captioned with the run's parameters, named by weights, noise and seed."""

import io
import zipfile

import pytest
from PIL import Image

from izhi_core import NetworkConfig, simulate
from izhi_core.figures_export import (
    IMAGE_SIZES,
    PNG_SCALE,
    caption,
    captioned,
    figures_zip,
    image,
    page_figures,
    run_suffix,
)

CONFIG = NetworkConfig(exc_weight=0.75, inh_weight=1.25, seed=42, duration=300)


@pytest.fixture(scope="module")
def exported():
    result = simulate(CONFIG)
    data, names = figures_zip(result)
    return result, zipfile.ZipFile(io.BytesIO(data)), names


def test_the_zip_has_every_figure_in_both_formats_named_by_the_run(exported):
    _, zf, names = exported
    assert zf.namelist() == names and len(names) == 8
    assert run_suffix(CONFIG) == "_weights-0.75-1.25_noise-5-2_seed-42"
    for kind in ("firings", "currents", "v_u", "rhythms"):
        for fmt in ("png", "svg"):
            assert (f"izhikevich_SNN_{kind}_Ne_regular_spiking_RS_Ni_low-threshold_spiking_LTS"
                    f"_weights-0.75-1.25_noise-5-2_seed-42.{fmt}") in names


def test_each_image_is_drawn_at_its_size_with_the_caption(exported):
    _, zf, names = exported
    sizes = dict(zip(("firings", "currents", "v_u", "rhythms"), IMAGE_SIZES.values(),
                     strict=True))
    for name in names:
        data = zf.read(name)
        kind = name.split("_Ne_")[0].removeprefix("izhikevich_SNN_")
        if name.endswith(".png"):
            png = Image.open(io.BytesIO(data))
            assert png.size == tuple(PNG_SCALE * x for x in sizes[kind])
            # not blank: the caption, the axes and the data draw dark pixels
            assert png.convert("L").getextrema()[0] < 100
        else:
            svg = data.decode()
            assert svg.startswith("<svg")
            assert "weights 0.75 / 1.25 mV/ms · noise 5 / 2 mV/ms · seed 42" in svg
            assert "800 RS + 202 LTS neurons, all-to-all · 300 ms · exact mode" in svg


def test_the_caption_sits_under_the_plot_in_room_of_its_own(exported):
    result, _, _ = exported
    fig = page_figures(result)["raster"]
    out = captioned(fig, caption(CONFIG))
    note = [a for a in out.layout.annotations if a.name == "caption"]
    assert len(note) == 1 and note[0].yanchor == "top" and note[0].y == 0
    assert out.layout.margin.b > (fig.layout.margin.b or 0)
    assert len(fig.layout.annotations) == len(out.layout.annotations) - 1  # a copy


def test_a_bad_format_is_one_sentence(exported):
    with pytest.raises(ValueError, match=r"^An image format must be one of png, svg "
                                         r"\(got 'jpg'\)\.$"):
        image(page_figures(exported[0])["raster"], "jpg", 100, 100)
