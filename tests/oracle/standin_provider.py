"""A stand-in Terraform provider that serves any schema (the oracle of euno-lint's tests).

Built on the PyPI package ``tf`` (1.2). Run by Terraform through a launcher that harness.py
writes; it is never imported by the tests themselves.

Environment:

- EUNO_ORACLE_SCHEMA: a file in the format of ``terraform providers schema -json`` (required).
- EUNO_ORACLE_PROVIDER_TYPE: the provider type to serve ("euno"): the provider_schemas entry
  whose address ends in "/<type>" (optional when the file holds one provider).
- EUNO_ORACLE_FRAMEWORK_CHECKS: "1" to emulate in ValidateResourceConfig the checks
  terraform-plugin-framework v1.16.1 (which the real Euno provider uses) makes and Terraform core
  does not: "Invalid Configuration for Read-Only Attribute" (a computed-only attribute set) and
  "Missing Configuration for Required Attribute" (a required attribute that is null, also inside
  an absent single nested block: hashicorp/terraform-plugin-framework#740). Default: accept all.
- EUNO_ORACLE_CACHE_DIR: where tf caches its self-signed TLS certificate (default
  $TMPDIR/euno-oracle-cache; tf would write ~/.cache/tf-python-provider/ssl_cert.json).

Behaviour: GetProviderSchema returns the schemas verbatim (every nesting mode, raw cty types,
nested_type attributes, flags). Validation and ConfigureProvider accept everything (Terraform
core checks schema and types), but for the framework checks above. PlanResourceChange (create)
returns the proposed state with every null computed attribute unknown, recursively.
ReadDataSource returns the configuration.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import grpc
import tf.provider
import tf.runner
from msgpack.ext import ExtType
from tf.gen import tfplugin_pb2 as pb
from tf.iface import Config, DataSource, Provider, ReadDataContext, Resource, State
from tf.schema import Attribute, Block, NestedBlock, NestMode, Schema
from tf.types import TfType, Unknown
from tf.utils import Diagnostics, read_dynamic_value, to_dynamic_value

JSONSchema = dict[str, Any]

# --------------------------------------------------------------------------------------------
# Schema: JSON (terraform providers schema -json) -> tf schema objects -> protobuf
# --------------------------------------------------------------------------------------------

_BLOCK_NESTING = {
    "single": pb.Schema.NestedBlock.NestingMode.SINGLE,
    "list": pb.Schema.NestedBlock.NestingMode.LIST,
    "set": pb.Schema.NestedBlock.NestingMode.SET,
    "map": pb.Schema.NestedBlock.NestingMode.MAP,
    "group": pb.Schema.NestedBlock.NestingMode.GROUP,
}
_OBJECT_NESTING = {
    "single": pb.Schema.Object.NestingMode.SINGLE,
    "list": pb.Schema.Object.NestingMode.LIST,
    "set": pb.Schema.Object.NestingMode.SET,
    "map": pb.Schema.Object.NestingMode.MAP,
}


class RawType(TfType):
    """Any cty type, given as its JSON type expression; values pass through untouched."""

    def __init__(self, cty_type: Any):
        self.cty_type = cty_type

    def encode(self, value: Any) -> Any:
        return value

    def decode(self, value: Any) -> Any:
        return value

    def tf_type(self) -> bytes:
        return json.dumps(self.cty_type, separators=(",", ":")).encode()


class RawAttribute(Attribute):
    """tf.schema.Attribute that also supports nested_type (protocol 6 nested attributes)."""

    def __init__(self, name: str, js: JSONSchema):
        super().__init__(
            name,
            RawType(js.get("type", "dynamic")),
            description=js.get("description"),
            required=bool(js.get("required")),
            optional=bool(js.get("optional")),
            computed=bool(js.get("computed")),
            sensitive=bool(js.get("sensitive")),
            deprecated=bool(js.get("deprecated")) or None,
        )
        self.js = js

    def to_pb(self) -> pb.Schema.Attribute:
        msg = super().to_pb()
        nt = self.js.get("nested_type")
        if nt is not None:
            msg.ClearField("type")
            msg.nested_type.CopyFrom(_object_to_pb(nt))
        return msg


def _object_to_pb(nt: JSONSchema) -> pb.Schema.Object:
    kw: dict[str, Any] = {}
    if nt.get("min_items"):
        kw["min_items"] = nt["min_items"]
    if nt.get("max_items"):
        kw["max_items"] = nt["max_items"]
    return pb.Schema.Object(
        attributes=[RawAttribute(n, a).to_pb() for n, a in nt.get("attributes", {}).items()],
        nesting=_OBJECT_NESTING[nt.get("nesting_mode", "single")],
        **kw,
    )


class RawNestedBlock(NestedBlock):
    """tf.schema.NestedBlock supporting every nesting mode (tf itself only has single and set)."""

    def __init__(self, type_name: str, js: JSONSchema):
        super().__init__(
            type_name,
            NestMode.Single,  # unused: to_pb is overridden
            _block(js.get("block", {})),
            min_items=js.get("min_items") or None,
            max_items=js.get("max_items") or None,
        )
        self.mode = js.get("nesting_mode", "single")

    def to_pb(self) -> pb.Schema.NestedBlock:
        return pb.Schema.NestedBlock(
            type_name=self.type_name,
            block=self.block.to_pb(),
            min_items=self.min_items,
            max_items=self.max_items,
            nesting=_BLOCK_NESTING[self.mode],
        )

    def encode(self, value: Any) -> Any:
        return value

    def decode(self, value: Any) -> Any:
        return value

    def semantically_equal(self, a_decoded: Any, b_decoded: Any) -> bool:
        return bool(a_decoded == b_decoded)


def _block(js: JSONSchema) -> Block:
    return Block(
        attributes=[RawAttribute(n, a) for n, a in js.get("attributes", {}).items()],
        block_types=[RawNestedBlock(n, b) for n, b in js.get("block_types", {}).items()],
        description=js.get("description"),
        deprecated=js.get("deprecated"),
    )


def _schema(js: JSONSchema | None) -> Schema:
    js = js or {"version": 0, "block": {}}
    blk = js.get("block", {})
    return Schema(
        version=js.get("version", 0),
        attributes=[RawAttribute(n, a) for n, a in blk.get("attributes", {}).items()],
        block_types=[RawNestedBlock(n, b) for n, b in blk.get("block_types", {}).items()],
        description=blk.get("description"),
        deprecated=blk.get("deprecated"),
    )


# --------------------------------------------------------------------------------------------
# Planning helper: computed + null -> unknown, recursively
# --------------------------------------------------------------------------------------------


def _is_unknown(v: Any) -> bool:
    # ExtType covers cty's refined unknowns (extension code 12).
    return bool(v is Unknown or isinstance(v, ExtType))


def _mark_attrs(obj: dict[str, Any], attrs: dict[str, JSONSchema]) -> None:
    for name, a in attrs.items():
        v = obj.get(name)
        if v is None:
            if a.get("computed"):
                obj[name] = Unknown
            continue
        nt = a.get("nested_type")
        if nt is not None and not _is_unknown(v):
            _mark_each(
                v,
                nt.get("nesting_mode", "single"),
                lambda o, nt=nt: _mark_attrs(o, nt.get("attributes", {})),
            )


def _mark_each(v: Any, mode: str, fn: Any) -> None:
    if v is None or _is_unknown(v):
        return
    if mode in ("single", "group"):
        fn(v)
    elif mode in ("list", "set"):
        for e in v:
            if isinstance(e, dict):
                fn(e)
    elif mode == "map":
        for e in v.values():
            if isinstance(e, dict):
                fn(e)


def _mark_block(obj: dict[str, Any], blk: JSONSchema) -> None:
    _mark_attrs(obj, blk.get("attributes", {}))
    for name, bt in blk.get("block_types", {}).items():
        inner = bt.get("block", {})
        _mark_each(
            obj.get(name),
            bt.get("nesting_mode", "single"),
            lambda o, inner=inner: _mark_block(o, inner),
        )


# --------------------------------------------------------------------------------------------
# tf provider / resources built dynamically from the JSON
# --------------------------------------------------------------------------------------------


def _make_resource(type_name: str, js: JSONSchema) -> type:
    class _Res(Resource):
        _js = js

        def __init__(self, provider: Any = None):
            self.provider = provider

        @classmethod
        def get_name(cls) -> str:
            return type_name

        @classmethod
        def get_schema(cls) -> Schema:
            return _schema(js)

        def validate(self, diags: Diagnostics, type_name: str, config: Config) -> None:
            return None  # accept everything

        def create(self, ctx: Any, planned: State) -> State | None:
            return planned

        def read(self, ctx: Any, current: State) -> State | None:
            return current

        def update(self, ctx: Any, current: State, planned: State) -> State | None:
            return planned

        def delete(self, ctx: Any, current: State) -> None:
            return None

    _Res.__name__ = _Res.__qualname__ = f"Res_{type_name}"
    return _Res


def _make_data_source(type_name: str, js: JSONSchema) -> type:
    class _DS(DataSource):
        def __init__(self, provider: Any = None):
            self.provider = provider

        @classmethod
        def get_name(cls) -> str:
            return type_name

        @classmethod
        def get_schema(cls) -> Schema:
            return _schema(js)

        def validate(self, diags: Diagnostics, type_name: str, config: Config) -> None:
            return None

        def read(self, ctx: ReadDataContext, config: Config) -> State | None:
            return config

    _DS.__name__ = _DS.__qualname__ = f"DS_{type_name}"
    return _DS


class SchemaProvider(Provider):
    def __init__(self, address: str, js: JSONSchema):
        self.address = address
        self.js = js
        self._resources = [
            _make_resource(n, s) for n, s in (js.get("resource_schemas") or {}).items()
        ]
        self._data_sources = [
            _make_data_source(n, s) for n, s in (js.get("data_source_schemas") or {}).items()
        ]

    def get_model_prefix(self) -> str:
        return ""  # type names in the JSON are already full ("euno_hex_integration")

    def full_name(self) -> str:
        return self.address

    def get_provider_schema(self, diags: Diagnostics) -> Schema:
        return _schema(self.js.get("provider"))

    def validate_config(self, diags: Diagnostics, config: Config) -> None:
        return None

    def configure_provider(self, diags: Diagnostics, config: Config) -> None:
        return None

    def get_data_sources(self) -> list[type[DataSource]]:
        return self._data_sources

    def get_resources(self) -> list[type[Resource]]:
        return self._resources


_FW_READONLY_DETAIL = (
    "Cannot set value for this attribute as the provider has marked it as read-only. "
    "Remove the configuration line setting the value.\n\n"
    "Refer to the provider documentation or contact the provider developers for additional "
    "information about configurable and read-only attributes that are supported."
)
_FW_REQUIRED_DETAIL = (
    "Must set a configuration value for the {path} attribute as the provider has marked it "
    "as required.\n\n"
    "Refer to the provider documentation or contact the provider developers for additional "
    "information about configurable attributes that are required."
)


def _fw_path(path: list[Any]) -> str:
    """terraform-plugin-framework path.Path.String(): a.b[0]["k"]"""
    out = ""
    for step in path:
        if isinstance(step, tuple):
            out += f"[{step[0]}]" if isinstance(step[0], int) else f'["{step[0]}"]'
        else:
            out += ("." if out else "") + step
    return out


def _framework_errors(obj: Any, blk: JSONSchema, path: list[Any], diags: Diagnostics) -> None:
    """The config checks terraform-plugin-framework makes in ValidateResourceConfig that Terraform
    core does not (hashicorp/terraform#30669): a value set for a computed-only attribute, and a
    null (or absent, in an absent single block) required attribute."""
    if not isinstance(obj, dict):
        return
    for name, a in blk.get("attributes", {}).items():
        v = obj.get(name)
        here = [*path, name]
        if v is None:
            if a.get("required"):
                diags.add_error(
                    "Missing Configuration for Required Attribute",
                    _FW_REQUIRED_DETAIL.format(path=_fw_path(here)),
                    path=here,
                )
            continue
        if a.get("computed") and not a.get("optional") and not a.get("required"):
            diags.add_error(
                "Invalid Configuration for Read-Only Attribute", _FW_READONLY_DETAIL, path=here
            )
        elif a.get("nested_type") is not None and not _is_unknown(v):
            nt = a["nested_type"]
            sub = {"attributes": nt.get("attributes", {})}
            _each_with_key(
                v,
                nt.get("nesting_mode", "single"),
                here,
                lambda o, p, sub=sub: _framework_errors(o, sub, p, diags),
            )
    for name, bt in blk.get("block_types", {}).items():
        inner = bt.get("block", {})
        mode = bt.get("nesting_mode", "single")
        if obj.get(name) is None and mode == "single":
            # The framework validates the attributes of an absent single block as null (#740).
            _framework_errors({}, inner, [*path, name], diags)
            continue
        _each_with_key(
            obj.get(name),
            mode,
            [*path, name],
            lambda o, p, inner=inner: _framework_errors(o, inner, p, diags),
        )


def _each_with_key(v: Any, mode: str, path: list[Any], fn: Any) -> None:
    if v is None or _is_unknown(v):
        return
    if mode in ("single", "group"):
        fn(v, path)
    elif mode == "list":
        for i, e in enumerate(v):
            fn(e, [*path, (i,)])
    elif mode == "set":  # set elements have no stable key; report on the set attribute/block itself
        for e in v:
            fn(e, path)
    elif mode == "map":
        for k, e in v.items():
            fn(e, [*path, (k,)])


class OracleServicer(tf.provider.ProviderServicer):
    """tf's servicer with a schema-driven PlanResourceChange (tf's handles top-level attributes
    only) and the optional emulation of terraform-plugin-framework's own config checks."""

    app: SchemaProvider

    def _validate(self, kind: str, request: Any) -> Any:
        diags = Diagnostics()
        if os.environ.get("EUNO_ORACLE_FRAMEWORK_CHECKS") == "1":
            js = (self.app.js.get(kind) or {}).get(request.type_name, {})
            _framework_errors(read_dynamic_value(request.config), js.get("block", {}), [], diags)
        return diags.to_pb()

    def ValidateResourceConfig(
        self, request: pb.ValidateResourceConfig.Request, context: grpc.ServicerContext
    ) -> Any:
        return pb.ValidateResourceConfig.Response(
            diagnostics=self._validate("resource_schemas", request)
        )

    def ValidateDataResourceConfig(
        self, request: pb.ValidateDataResourceConfig.Request, context: grpc.ServicerContext
    ) -> Any:
        return pb.ValidateDataResourceConfig.Response(
            diagnostics=self._validate("data_source_schemas", request)
        )

    def PlanResourceChange(
        self, request: pb.PlanResourceChange.Request, context: grpc.ServicerContext
    ) -> Any:
        proposed = read_dynamic_value(request.proposed_new_state)
        prior = read_dynamic_value(request.prior_state)
        if proposed is not None and prior is None:  # create
            rs = (self.app.js.get("resource_schemas") or {})[request.type_name]
            _mark_block(proposed, rs.get("block", {}))
        return pb.PlanResourceChange.Response(planned_state=to_dynamic_value(proposed))


# --------------------------------------------------------------------------------------------


def _pick_provider(doc: JSONSchema) -> tuple[str, JSONSchema]:
    schemas: dict[str, JSONSchema] = doc.get("provider_schemas", {})
    want = os.environ.get("EUNO_ORACLE_PROVIDER_TYPE")
    if want:
        for addr, s in schemas.items():
            if addr.rsplit("/", 1)[-1] == want:
                return addr, s
        raise SystemExit(f"standin_provider: no provider of type {want!r} in schema file")
    if len(schemas) != 1:
        raise SystemExit(
            "standin_provider: set EUNO_ORACLE_PROVIDER_TYPE (schema file has several providers)"
        )
    return next(iter(schemas.items()))


def main() -> None:
    path = os.environ.get("EUNO_ORACLE_SCHEMA")
    if not path:
        raise SystemExit("standin_provider: EUNO_ORACLE_SCHEMA is not set")
    address, js = _pick_provider(json.loads(Path(path).read_text()))

    cache_dir = Path(
        os.environ.get("EUNO_ORACLE_CACHE_DIR") or Path(tempfile.gettempdir()) / "euno-oracle-cache"
    )

    def cert_cache_path() -> Path:  # tf's default is ~/.cache/tf-python-provider/ssl_cert.json
        cache_dir.mkdir(parents=True, exist_ok=True)
        return cache_dir / "ssl_cert.json"

    tf.runner._get_cert_cache_path = cert_cache_path
    # run_provider imports ProviderServicer from tf.provider when called: patch it there.
    tf.provider.ProviderServicer = OracleServicer
    tf.runner.run_provider(SchemaProvider(address, js), sys.argv)


if __name__ == "__main__":
    main()
