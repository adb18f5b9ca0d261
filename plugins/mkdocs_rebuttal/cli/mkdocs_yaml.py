"""`mkdocs.yml` as YAML, without MkDocs: its tags (`!ENV`, `!relative`,
`!!python/name:...`) are kept as they are written, never run, and written back the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

PYTHON = "tag:yaml.org,2002:python/"


@dataclass(frozen=True)
class Tagged:
    tag: str  # in full: `!ENV`, `tag:yaml.org,2002:python/name:...`
    value: Any


class TaggedLoader(yaml.SafeLoader):
    """A safe loader that reads a tagged value as `Tagged` instead of refusing it."""


class TaggedDumper(yaml.SafeDumper):
    """A safe dumper that writes a `Tagged` value with its tag."""


def construct_tagged(loader: yaml.SafeLoader, tag: str, node: yaml.Node) -> Tagged:
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.MappingNode)
    return Tagged(tag, loader.construct_mapping(node, deep=True))


def _represent_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


TaggedLoader.add_multi_constructor(
    "!", lambda loader, suffix, node: construct_tagged(loader, f"!{suffix}", node)
)
TaggedLoader.add_multi_constructor(
    PYTHON, lambda loader, suffix, node: construct_tagged(loader, f"{PYTHON}{suffix}", node)
)
TaggedDumper.add_representer(Tagged, _represent_tagged)
