# ruff: noqa
# Verbatim copy of the script that cut openapi-issues-subset.json; lint exempt on purpose.
"""Extract a small JSON-Schema bundle for selected GitHub REST operations from the
official OpenAPI description (as shipped in npm @octokit/openapi generated/api.github.com.json)."""

import json, sys, copy, time

SRC = sys.argv[1]
DST = sys.argv[2]
OPS = [
    "repos/get",
    "issues/list-for-repo",
    "issues/create",
    "issues/get",
    "issues/update",
    "issues/list-comments",
    "issues/create-comment",
    "issues/list-labels-for-repo",
    "issues/create-label",
    "issues/add-labels",
    "issues/list-labels-on-issue",
    "search/issues-and-pull-requests",
    "pulls/list-files",
    "pulls/get",
    "rate-limit/get",
    "issues/get-comment",
    "issues/update-comment",
    "reactions/create-for-issue-comment",
    "reactions/list-for-issue-comment",
]
t0 = time.perf_counter()
spec = json.load(open(SRC))
print(
    "openapi",
    spec["openapi"],
    "info.version",
    spec["info"]["version"],
    "paths",
    len(spec["paths"]),
    "schemas",
    len(spec["components"]["schemas"]),
    f"load {time.perf_counter() - t0:.2f}s",
)
comp = spec["components"]
DROP = {"description", "example", "examples", "externalDocs", "summary", "title"}


def resolve_local(ref):  # "#/components/responses/x" -> obj
    node = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


need = set()


def walk_refs(node):
    if isinstance(node, dict):
        r = node.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/schemas/"):
            name = r.rsplit("/", 1)[1]
            if name not in need:
                need.add(name)
                walk_refs(comp["schemas"][name])
        for v in node.values():
            walk_refs(v)
    elif isinstance(node, list):
        for v in node:
            walk_refs(v)


def to_jsonschema(node, in_props=False):
    """OpenAPI 3.0 schema object -> JSON Schema 2020-12 (nullable, drop docs/x- keys)."""
    if isinstance(node, list):
        return [to_jsonschema(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if in_props:  # keys under "properties" are field names, keep all
            out[k] = to_jsonschema(v)
            continue
        if (
            k in DROP
            or k.startswith("x-")
            or k in ("nullable", "readOnly", "writeOnly", "deprecated")
        ):
            continue
        if k == "$ref" and v.startswith("#/components/schemas/"):
            out[k] = "#/$defs/" + v.rsplit("/", 1)[1]
            continue
        out[k] = to_jsonschema(v, in_props=(k in ("properties", "patternProperties")))
    if node.get("nullable") is True and not in_props:
        if "type" in out:
            t = out["type"]
            out["type"] = (t if isinstance(t, list) else [t]) + ["null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = out["enum"] + [None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


ops = {}
for path, item in spec["paths"].items():
    for verb, op in item.items():
        if not isinstance(op, dict) or op.get("operationId") not in OPS:
            continue
        entry = {"method": verb.upper(), "path": path, "responses": {}}
        rb = op.get("requestBody")
        if rb:
            sch = rb["content"].get("application/json", {}).get("schema")
            if sch:
                walk_refs(sch)
                entry["request"] = to_jsonschema(sch)
        for code, resp in op["responses"].items():
            if "$ref" in resp:
                resp = resolve_local(resp["$ref"])
            sch = resp.get("content", {}).get("application/json", {}).get("schema")
            if sch is not None:
                walk_refs(sch)
                entry["responses"][code] = to_jsonschema(sch)
            else:
                entry["responses"][code] = None
        ops[op["operationId"]] = entry
missing = set(OPS) - set(ops)
bundle = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "x-source": f"@octokit/openapi generated/api.github.com.json (openapi {spec['openapi']}, info.version {spec['info']['version']})",
    "operations": ops,
    "$defs": {n: to_jsonschema(comp["schemas"][n]) for n in sorted(need)},
}
json.dump(bundle, open(DST, "w"), indent=1, sort_keys=True)
print("operations:", len(ops), "missing:", missing, "defs:", len(need))
