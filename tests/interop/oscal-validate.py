#!/usr/bin/env python3
"""Validates OSCAL documents against NIST's JSON Schema with python3-jsonschema.

usage: oscal-validate.py SCHEMA DOCUMENT...
exit:  0 every document is valid, 1 one is not, 2 could not check

NIST's schema writes its patterns for XML Schema / ECMAScript regular
expressions, with \\p{L} and \\p{N} (Unicode letters and numbers), which
Python's re module does not know; they are evaluated here with the regex
module (Debian python3-regex), which does.  In those dialects '$' matches
only at the very end, where Python's would also match before a final
newline, so a trailing '$' is read as '\\Z'.  Formats are checked where
jsonschema has a checker for them ("regex" with the regex module too).
"""
import json
import sys

import jsonschema
import regex


def pattern(validator, patrn, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    if patrn.endswith("$") and not patrn.endswith("\\$"):
        patrn = patrn[:-1] + r"\Z"
    if regex.search(patrn, instance) is None:
        yield jsonschema.ValidationError(
            "%r does not match %r" % (instance, schema["pattern"]))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    base = jsonschema.validators.validator_for(schema)
    checker = jsonschema.FormatChecker()
    checker.checks("regex", raises=regex.error)(regex.compile)
    # The schema itself first, its patterns compiled in their dialect.
    meta = base(base.META_SCHEMA, format_checker=checker)
    for e in meta.iter_errors(schema):
        print("oscal-validate: the schema is not valid: %s" % e.message,
              file=sys.stderr)
        return 2
    cls = jsonschema.validators.extend(base, {"pattern": pattern})
    validator = cls(schema, format_checker=checker)
    worst = 0
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("oscal-validate: %s: %s" % (path, e), file=sys.stderr)
            worst = max(worst, 2)
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:20]:
            print("%s: /%s: %s" % (path, "/".join(str(p) for p in e.path),
                                   e.message))
        if errors:
            print("%s: NOT valid (%d errors)" % (path, len(errors)))
            worst = max(worst, 1)
        else:
            print("%s: valid" % path)
    return worst


if __name__ == "__main__":
    sys.exit(main(sys.argv))
