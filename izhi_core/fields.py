"""Every configuration field of a network run, written once.

Each :class:`Field` holds what a person sees and may type for one parameter of
:class:`izhi_core.config.NetworkConfig`: its name (the dataclass attribute and the
URL key), its label and unit (the page's control and tooltip, the CLI's help), its
bounds and step (validation, the page's slider, a sweep's axis), its CLI flag and
whether a sweep may vary it. :class:`NetworkConfig`'s validation, the CLI's flags,
the dashboard's controls and URL keys, and the sweep's axes all read :data:`FIELDS`.

Units: the model's input I is in the units of dv/dt, mV/ms (Izhikevich 2003 writes
v in mV and t in ms and gives I no unit of its own). A synaptic weight is the
input one presynaptic spike adds for one 1 ms step, and the thalamic noise is the
standard deviation of the input drawn each step, so both are in mV/ms too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .presets import NEURON_TYPES

INPUT_UNIT = "mV/ms"
MAX_TEXT = 40  # characters of a typed value shown back in a sentence


class FieldError(ValueError):
    """A bad value for one field: ``str()`` is the one sentence shown to a person.

    Attributes
    ----------
    field : str or None
        The :class:`Field` name the sentence is about (the control to mark), or None.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def shown(value: Any) -> str:
    """A value as a sentence quotes what was given: ``'12.5'``, ``nothing``, ``[1]``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "nothing"
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return f"a text of {len(value):,} characters"
    text = repr(value.strip() if isinstance(value, str) else value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 3] + "..."


def _number_text(x: float) -> str:
    return f"{x:,}" if isinstance(x, int) else f"{x:g}"


@dataclass(frozen=True)
class Field:
    """One parameter of a run.

    Parameters
    ----------
    name : str
        Attribute of NetworkConfig, URL key, column of a sweep's table.
    label : str
        What the page and the sentences call it, capitalised, without the unit.
    kind : {"int", "float", "choice"}
    default : Any
        The original script's value.
    unit : str
        Written after the label and the bounds ("" for none).
    lo, hi, step : number, optional
        Inclusive bounds and the page's step (numeric kinds).
    choices : tuple of str
        Allowed values (choice kind), in the order shown.
    aliases : tuple of (str, str)
        Other spellings accepted for a choice: ``(('seed', 'exact'),)``.
    optional : str
        When not empty, the field may be left empty (None), which means this.
    sweepable : bool
        Whether a sweep may vary it.
    help : str
        One or two plain sentences: the page's tooltip and the CLI's help.
    marks : tuple of number
        Where the page's slider writes numbers (empty: a text box, no slider).
    """

    name: str
    label: str
    kind: str
    default: Any
    unit: str = ""
    lo: float | None = None
    hi: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()
    optional: str = ""
    sweepable: bool = True
    help: str = ""
    marks: tuple[float, ...] = ()

    @property
    def flag(self) -> str:
        """The CLI flag: ``--exc-weight``."""
        return "--" + self.name.replace("_", "-")

    @property
    def title(self) -> str:
        """Label with its unit, as a control is labelled: ``Excitatory weight (mV/ms)``."""
        return f"{self.label} ({self.unit})" if self.unit else self.label

    def allowed(self, lo: float | None = None, hi: float | None = None) -> str:
        """What may be given, as the end of a sentence: ``a number from 0 to 2 mV/ms``."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        lo = self.lo if lo is None else lo
        hi = self.hi if hi is None else hi
        what = "a whole number" if self.kind == "int" else "a number"
        unit = f" {self.unit}" if self.unit else ""
        text = f"{what} from {_number_text(lo)} to {_number_text(hi)}{unit}"
        return f"{text}, or empty for {self.optional}" if self.optional else text

    def error(self, value: Any, lo: float | None = None, hi: float | None = None) -> FieldError:
        """The sentence for a bad ``value`` (``lo``/``hi``: tighter bounds in force)."""
        return FieldError(f"{self.label} must be {self.allowed(lo, hi)} (got {shown(value)}).",
                          self.name)

    def parse(self, value: Any, lo: float | None = None, hi: float | None = None) -> Any:
        """``value`` (typed text, a URL's, JSON's or Python's) as this field's clean value.

        Numbers typed as text are read (``" 800 "``, ``"0.75"``); an int field takes
        integral floats (``800.0``); booleans, fractions for ints, NaN and infinities
        are refused. Raises :class:`FieldError` with the field's one sentence.
        """
        if self.optional and (value is None or (isinstance(value, str) and not value.strip())):
            return None
        if self.kind == "choice":
            if isinstance(value, str):
                value = dict(self.aliases).get(value.strip(), value.strip())
                if value in self.choices:
                    return value
            raise self.error(value)
        lo = self.lo if lo is None else lo
        hi = self.hi if hi is None else hi
        number = _to_number(value, self.kind == "int")
        if number is None or not lo <= number <= hi:
            raise self.error(value, lo, hi)
        return number


def _to_number(value: Any, whole: bool) -> int | float | None:
    """A finite number from text, int or float; None if it is not one (or not whole)."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) > MAX_TEXT:
            return None
        try:
            value = float(text) if not whole or not text.lstrip("+-").isdigit() else int(text)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        if whole:
            if value != int(value):
                return None
            return int(value)
        return value
    return int(value) if whole else float(value)


MODES = ("exact", "fast")
"""``exact``: spike for spike the original script; ``fast``: same statistics, faster."""

MAX_NEURONS = 250_000
MAX_INPUTS = 5_000
MAX_DURATION_MS = 100_000
MAX_SEED = 2**32 - 1  # numpy's legacy RandomState accepts 0 .. 2**32 - 1

_TYPES = tuple(NEURON_TYPES)

FIELDS: MappingProxyType[str, Field] = MappingProxyType({f.name: f for f in (
    Field("ne", "Excitatory neurons", "int", 800, lo=0, hi=MAX_NEURONS, step=1,
          help="Number of excitatory neurons: the first indices of the raster."),
    Field("ni", "Inhibitory neurons", "int", 202, lo=0, hi=MAX_NEURONS, step=1,
          help="Number of inhibitory neurons: the indices above the line in the raster."),
    Field("duration", "Duration", "int", 1000, unit="ms", lo=1, hi=MAX_DURATION_MS, step=1,
          help="How much network time to simulate, in 1 ms steps."),
    Field("exc_type", "Excitatory type", "choice", "RS", choices=_TYPES,
          help="How each excitatory neuron fires when driven: the firing patterns of "
               "Izhikevich (2003). The original script uses regular spiking (RS)."),
    Field("inh_type", "Inhibitory type", "choice", "LTS", choices=_TYPES,
          help="How each inhibitory neuron fires. The original script uses low-threshold "
               "spiking (LTS)."),
    Field("exc_weight", "Excitatory weight", "float", 0.5, unit=INPUT_UNIT, lo=0.0, hi=2.0,
          step=0.05, marks=(0, 0.5, 1, 1.5, 2),
          help="Strength of excitatory synapses: each excitatory spike adds a random input "
               "of up to this much to the neurons it reaches."),
    Field("inh_weight", "Inhibitory weight", "float", 1.0, unit=INPUT_UNIT, lo=0.0, hi=2.0,
          step=0.05, marks=(0, 0.5, 1, 1.5, 2),
          help="Strength of inhibitory synapses: each inhibitory spike removes a random input "
               "of up to this much from the neurons it reaches."),
    Field("exc_noise", "Excitatory noise", "float", 5.0, unit=INPUT_UNIT, lo=0.0, hi=20.0,
          step=0.5, marks=(0, 5, 10, 15, 20),
          help="Random 'thalamic' input to excitatory neurons: the standard deviation of a "
               "fresh random input every ms."),
    Field("inh_noise", "Inhibitory noise", "float", 2.0, unit=INPUT_UNIT, lo=0.0, hi=20.0,
          step=0.5, marks=(0, 5, 10, 15, 20),
          help="Random 'thalamic' input to inhibitory neurons: the standard deviation of "
               "their random input every ms."),
    Field("seed", "Random seed", "int", 0, lo=0, hi=MAX_SEED, step=1,
          help="The number that fixes every random draw: the same seed gives the same "
               "network and the same spikes, every time."),
    Field("mode", "Mode", "choice", "exact", choices=MODES,
          aliases=(("seed", "exact"),),
          help="Exact reproduces the original script spike for spike. Fast uses another "
               "random generator and single precision: the same kind of network, quicker."),
    Field("inputs", "Inputs per neuron", "int", None, lo=1, hi=MAX_INPUTS, step=1,
          optional="all-to-all",
          help="Empty: every neuron receives every other, as the original script. A number "
               "K gives each neuron exactly K random inputs, for large sparse networks."),
)})
"""Every field of :class:`izhi_core.config.NetworkConfig`, in the order of the URL."""

SWEEPABLE: tuple[str, ...] = tuple(name for name, f in FIELDS.items() if f.sweepable)
