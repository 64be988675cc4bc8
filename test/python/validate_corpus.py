#!/usr/bin/env python3
"""Validates JSON texts against eventspec's JSON Schemas with Python's `jsonschema` (an independent consumer).

Usage: validate_corpus.py SCHEMA_DIR [--errors]  < requests.jsonl  > answers.jsonl

Every `*.schema.json` in SCHEMA_DIR is registered under its `$id`, so that `$ref`s across files resolve. Each request
line is `{"ref": "<$id>#/$defs/<Type>", "text": "<raw JSON text>"}`; the text is parsed with Python's own `json`
module (exact integers, last duplicate key wins, lone surrogates kept — as a Python consumer would see it), except
that the non-JSON tokens `NaN`, `Infinity` and `-Infinity`, which Python's `json` accepts by default, are refused
like every JSON parser refuses them. Each
answer line is `{"valid": true}`, `{"valid": false, "json": false}` when Python cannot parse the text, or
`{"valid": false, "best": {...}, "first": {...}}` with `--errors` (the error `jsonschema.validate()` would raise, i.e.
`best_match`, and the first error the validator yields), each as `{"path": [...], "message": ..., "keyword": ...}`.

Formats are not asserted (JSON Schema 2020-12's default: `format` is an annotation); `pattern` carries the exact
timestamp and uuid grammar.
"""
import json
import os
import sys

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

try:  # jsonschema >= 4.18 resolves $refs through `referencing`
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
except ImportError:  # Debian bookworm's python3-jsonschema (4.10): RefResolver with a store keyed by $id
    Registry = None


def load_schemas(schema_dir):
    schemas = []
    for name in sorted(os.listdir(schema_dir)):
        if not name.endswith(".schema.json"):
            continue
        with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
            schema = json.load(f)
        Draft202012Validator.check_schema(schema)
        schemas.append(schema)
    return schemas


def validator_factory(schemas):
    """A function `$ref` target → validator, with every schema reachable by its `$id`."""
    if Registry is not None:
        registry = Registry().with_resources(
            (s["$id"], Resource.from_contents(s, default_specification=DRAFT202012)) for s in schemas
        )
        return lambda target: Draft202012Validator({"$ref": target}, registry=registry)
    from jsonschema import RefResolver

    store = {s["$id"]: s for s in schemas}
    return lambda target: Draft202012Validator(
        {"$ref": target}, resolver=RefResolver(base_uri="", referrer={}, store=store)
    )


def refuse_constant(name):
    raise ValueError("not JSON: " + name)


def describe(error):
    return {
        "path": list(error.absolute_path),
        "message": error.message,
        "keyword": error.validator,
        "schemaPath": list(error.absolute_schema_path),
    }


def main():
    schema_dir = sys.argv[1]
    with_errors = "--errors" in sys.argv[2:]
    make_validator = validator_factory(load_schemas(schema_dir))
    validators = {}
    out = sys.stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        target = request["ref"]
        validator = validators.get(target)
        if validator is None:
            validator = make_validator(target)
            validators[target] = validator
        try:
            instance = json.loads(request["text"], parse_constant=refuse_constant)
        except (ValueError, RecursionError):
            out.write('{"valid":false,"json":false}\n')
            continue
        try:
            if not with_errors:
                answer = {"valid": validator.is_valid(instance)}
            else:
                errors = list(validator.iter_errors(instance))
                if not errors:
                    answer = {"valid": True}
                else:
                    answer = {"valid": False, "best": describe(best_match(errors)), "first": describe(errors[0])}
        except RecursionError:
            answer = {"valid": False, "json": True, "recursion": True}
        out.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    sys.setrecursionlimit(20000)
    main()
