"""What the network's command lines share: the one-sentence error, and a flag per field.

``python -m izhi_core`` (one run) and ``python -m izhi_core sweep`` (many) set a
network with the same flags, read from :data:`izhi_core.fields.FIELDS`, and refuse a
bad value with the same sentence, the one :class:`~izhi_core.config.NetworkConfig`
gives the dashboard.
"""

from __future__ import annotations

import argparse

from .config import SCENARIO_FIELD, NetworkConfig
from .fields import FIELDS, FieldError


class UsageError(Exception):
    """A bad flag or value; the message is the one line shown."""


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are :class:`UsageError`, not usage and exit."""

    def error(self, message: str) -> None:  # argparse would print usage and exit
        raise UsageError(message)


def add_network_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per field of :data:`~izhi_core.fields.FIELDS`, and ``--weights``."""
    # Values are taken as text and validated by NetworkConfig, so the CLI and the
    # dashboard give the same sentences.
    for field in FIELDS.values():
        default = "empty" if field.default is None else field.default
        parser.add_argument(field.flag, dest=field.name, default=None,
                            metavar=field.name.upper(),
                            help=f"{field.help} {field.allowed()[0].upper()}"
                                 f"{field.allowed()[1:]} (default {default}).")
        if field.name == "inh_weight":
            parser.add_argument(SCENARIO_FIELD.flag, dest="weights", default=None,
                                metavar="SCENARIO",
                                help="The original script's weight scenario, setting both "
                                     "weights unless they are given: "
                                     f"{SCENARIO_FIELD.allowed()}.")


def flag_of(field: str | None) -> str | None:
    """The flag that sets ``field`` (a FIELDS name or ``weights``), or None."""
    if field == SCENARIO_FIELD.name:
        return SCENARIO_FIELD.flag
    return FIELDS[field].flag if field in FIELDS else None


def network_config(args: argparse.Namespace) -> NetworkConfig:
    """The network the flags of :func:`add_network_flags` set; a bad value raises
    :class:`UsageError` naming its flag."""
    values = {name: getattr(args, name) for name in FIELDS if getattr(args, name) is not None}
    try:
        return NetworkConfig.from_mapping(values, weights=args.weights or "default")
    except FieldError as err:
        flag = flag_of(err.field)
        raise UsageError(f"{flag}: {err}" if flag else str(err)) from None
