"""The static expression evaluator (`euno_lint.terraform.evaluate`), checked case by case and,
when Terraform is installed, against ``terraform console`` itself.

Every case of `CASES` is an expression, the module it is evaluated in (a key of `MODULES`:
variables with defaults, tfvars, locals; ``""`` is no module at all) and the value Terraform
gives: lists, sets and tuples are tuples, maps and objects dicts, `E` means Terraform rejects
the expression (`Evaluator.result` is `CALL_ERROR` then, and `Evaluator.value` UNKNOWN). A
`Decimal` is a number that Terraform holds with more digits than a float can. Where the
evaluator disagrees with Terraform the case keeps Terraform's answer and is a strict xfail
naming the reason.

The slow test asks one ``terraform console`` per module for all of its cases in one line
(``jsonencode([try({ok = <expression>}, {err = true}), ...])``) and compares its answers with
the table; a batch that fails (an error ``try`` cannot catch, a configuration that Terraform
rejects) is asked again in halves, and a failing console for one case counts as an error.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import NamedTuple

import pytest

from euno_lint.hcl import Expression, parse
from euno_lint.terraform.evaluate import Evaluator
from euno_lint.terraform.functions import CALL_ERROR
from euno_lint.terraform.loader import load_module, read_tfvars
from euno_lint.terraform.scope import Scope, TfvarsAssignment
from euno_lint.terraform.source import SourceError
from euno_lint.terraform.values import UNKNOWN
from tests.test_functions import canonical, go_unquote, same

E = CALL_ERROR


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


class Module(NamedTuple):
    """Files of a module (name -> text) and the ``-var-file`` files among them."""

    files: dict[str, str]
    var_files: tuple[str, ...] = ()


MODULES: dict[str, Module] = {
    "": Module({}),
    "vars": Module(
        {
            "main.tf": dedent(
                """
                variable "num_from_string" {
                  type    = number
                  default = "5"
                }
                variable "num_float_string" {
                  type    = number
                  default = "2.50"
                }
                variable "num_exp" {
                  type    = number
                  default = "1e3"
                }
                variable "num_neg" {
                  type    = number
                  default = "-0.5"
                }
                variable "str_from_num" {
                  type    = string
                  default = 5
                }
                variable "str_from_float" {
                  type    = string
                  default = 1.50
                }
                variable "str_from_bool" {
                  type    = string
                  default = true
                }
                variable "bool_from_string" {
                  type    = bool
                  default = "false"
                }
                variable "untyped" {
                  default = "5"
                }
                variable "untyped_obj" {
                  default = { b = 1, a = [true, "x"] }
                }
                variable "any" {
                  type    = any
                  default = { a = 1 }
                }
                variable "list_str" {
                  type    = list(string)
                  default = [1, true, "x", 2.5]
                }
                variable "set_str" {
                  type    = set(string)
                  default = ["b", "a", "b", "c", "B", "10", "9"]
                }
                variable "set_num" {
                  type    = set(number)
                  default = [3, 1, 2, 1, -1, 0.5]
                }
                variable "set_num_str" {
                  type    = set(number)
                  default = ["10", "9"]
                }
                variable "set_bool" {
                  type    = set(bool)
                  default = [true, false, true]
                }
                variable "set_obj" {
                  type    = set(object({ a = string }))
                  default = [{ a = "y" }, { a = "x" }, { a = "y" }]
                }
                variable "map_str" {
                  type    = map(string)
                  default = { a = 1, b = true, c = "x" }
                }
                variable "map_null" {
                  type    = map(string)
                  default = { a = null }
                }
                variable "list_any" {
                  type    = list(any)
                  default = [1, "a"]
                }
                variable "list_any_num" {
                  type    = list(any)
                  default = [1, 2]
                }
                variable "map_any" {
                  type    = map(any)
                  default = { a = 1, b = "x" }
                }
                variable "obj" {
                  type = object({
                    name = string
                    size = optional(number, 3)
                    tags = optional(map(string), {})
                    note = optional(string)
                  })
                  default = { name = "n", extra = true }
                }
                variable "obj_null_attr" {
                  type = object({
                    name = string
                    size = optional(number, 3)
                  })
                  default = { name = 1, size = null }
                }
                variable "obj_required_null" {
                  type    = object({ name = string })
                  default = { name = null }
                }
                variable "map_obj" {
                  type = map(object({
                    enabled = optional(bool, true)
                    port    = optional(number, 80)
                  }))
                  default = {
                    web = {}
                    db  = { port = "5432", enabled = "false" }
                  }
                }
                variable "nested_optional" {
                  type = object({
                    a = optional(object({
                      b = optional(string, "x")
                      c = optional(list(number), [1])
                    }), {})
                  })
                  default = {}
                }
                variable "tuple" {
                  type    = tuple([string, number, bool])
                  default = [1, "2", "true"]
                }
                variable "list_obj" {
                  type    = list(object({ n = number }))
                  default = [{ n = "1" }, { n = 2, m = 3 }]
                }
                variable "list_of_list" {
                  type    = list(list(number))
                  default = [["1"], []]
                }
                variable "map_of_list" {
                  type    = map(list(string))
                  default = { a = [1, false] }
                }
                variable "null_typed" {
                  type    = string
                  default = null
                }
                variable "list_with_null" {
                  type    = list(number)
                  default = [1, null]
                }
                variable "empty_list" {
                  type     = list(string)
                  default  = []
                  nullable = false
                }
                """
            )
        }
    ),
    "locals": Module(
        {
            "main.tf": dedent(
                """
                variable "n" {
                  type    = number
                  default = "5"
                }
                variable "env" {
                  default = "prod"
                }
                variable "names" {
                  type    = list(string)
                  default = ["bb", "a", "bb"]
                }
                locals {
                  a             = 1
                  b             = local.a + 1
                  c             = local.b * local.c0 + local.b
                  c0            = local.a
                  prefix        = "${var.env}-x"
                  n_plus        = var.n + 1
                  n_str         = "${var.n}"
                  n_text        = "n=${var.n}"
                  name_set      = toset(var.names)
                  upper         = [for n in var.names : upper(n)]
                  by_name       = { for n in var.names : n => length(n)... }
                  later         = local.defined_after
                  defined_after = "late"
                  m             = { k = 7, "1" = "one" }
                  l             = ["x", "y"]
                  nested        = { a = { b = [1, 2, { c = "deep" }] } }
                  nul           = null
                  objs          = [{ name = "a", port = 1 }, { name = "b", port = 2 }]
                  cond          = var.env == "prod" ? "p" : "np"
                  mixed_cond    = var.env == "prod" ? 1 : "x"
                  flat          = flatten([local.l, ["z"]])
                  ports         = { for o in local.objs : o.name => o.port }
                  total         = sum(values(local.ports))
                  chain1        = local.chain2
                  chain2        = local.chain3
                  chain3        = "${local.prefix}/${local.total}"
                  tmpl_list     = "${local.l}"
                  set_items     = [for s in local.name_set : s]
                }
                """
            )
        }
    ),
    "tfvars": Module(
        {
            "main.tf": dedent(
                """
                variable "n" {
                  type = number
                }
                variable "names" {
                  type = set(string)
                }
                variable "winner" {
                  default = "default"
                }
                variable "auto" {
                  default = "default"
                }
                variable "plain" {
                  default = "default"
                }
                variable "obj" {
                  type = object({
                    a = optional(number, 1)
                    b = string
                  })
                }
                """
            ),
            "terraform.tfvars": dedent(
                """
                n      = "7"
                winner = "tfvars"
                auto   = "tfvars"
                plain  = "tfvars"
                obj    = { b = 2, c = 3 }
                """
            ),
            "a.auto.tfvars": 'names = ["b", "a", "b"]\nwinner = "auto"\nauto = "auto"\n',
            "cli.tfvars": 'winner = "cli"\n',
        },
        var_files=("cli.tfvars",),
    ),
    # Terraform rejects these configurations outright: nothing can be evaluated in them.
    "bad_number": Module({"main.tf": 'variable "x" {\n  type    = number\n  default = "abc"\n}\n'}),
    "bad_bool": Module({"main.tf": 'variable "x" {\n  type    = bool\n  default = "yes"\n}\n'}),
    "bad_string": Module({"main.tf": 'variable "x" {\n  type    = string\n  default = ["a"]\n}\n'}),
    "bad_object": Module(
        {"main.tf": 'variable "x" {\n  type    = object({ a = string })\n  default = {}\n}\n'}
    ),
    "bad_list_any": Module(
        {"main.tf": 'variable "x" {\n  type    = list(any)\n  default = [1, [2]]\n}\n'}
    ),
    "bad_map_object": Module(
        {
            "main.tf": 'variable "x" {\n  type    = map(object({ port = number }))\n'
            '  default = { a = { port = "http" } }\n}\n'
        }
    ),
    "bad_tuple": Module(
        {"main.tf": 'variable "x" {\n  type    = tuple([string])\n  default = ["a", "b"]\n}\n'}
    ),
    "bad_list_from_map": Module(
        {"main.tf": 'variable "x" {\n  type    = list(string)\n  default = { a = "b" }\n}\n'}
    ),
    "bad_nullable": Module(
        {
            "main.tf": 'variable "x" {\n  type     = list(string)\n  default  = null\n'
            "  nullable = false\n}\n"
        }
    ),
    "bad_local": Module({"main.tf": 'locals {\n  bad = [1][5]\n  ok  = try(local.bad, "d")\n}\n'}),
    "cycle": Module({"main.tf": "locals {\n  a = local.b\n  b = local.a\n}\n"}),
}


class Case(NamedTuple):
    expression: str
    expected: object
    module: str = ""
    # why our evaluator disagrees with Terraform (a strict xfail), empty when it agrees
    disagrees: str = ""


def c(expression: str, expected: object, module: str = "", disagrees: str = "") -> Case:
    return Case(expression, expected, module, disagrees)


# ---- why the evaluator disagrees with Terraform (each such case is a strict xfail)

SET_INDEX = "a set is a tuple here: Terraform cannot index a set"
SET_KEY = "a set is a tuple here: the key of a set element in `for k, v` is the element"
LIST_TUPLE = "lists and tuples (maps and objects) are both tuples (dicts) here, but never equal"
DIVIDE_BY_ZERO = "x / 0 is an infinity in Terraform, not an error"
INFINITY = "documented: an infinity is UNKNOWN here"
LITERAL_DIGITS = "a number literal keeps all its digits in Terraform, not a float's 17"
FLOAT_DIGITS = "documented: a 512-bit result a float cannot hold (150 digits) is UNKNOWN"
DIRECTIVE = "template directives (%{if}, %{for}) are opaque here: UNKNOWN"
LEGACY_INDEX = "Terraform rejects two chained legacy indexes (`.0.1`) when it parses"
STATIC_REFERENCE = "a reference to an undeclared name is a static error that try/can cannot see"
REJECTED_CONFIG = "Terraform rejects the whole configuration: try/can cannot recover from it"
CYCLE = "a cycle between locals is an error in Terraform, UNKNOWN here"
NULL_DEFAULT = "deliberate: a root variable's null default means 'set elsewhere' (UNKNOWN)"
NON_NULLABLE = "a null default of a non-nullable variable is rejected by Terraform"


CASES: list[Case] = [
    # -- arithmetic
    c("1 + 2", 3),
    c('1 + "2"', 3),
    c('"1" + "2"', 3),
    c("1.5 + 1", 2.5),
    c("0.1 + 0.2", 0.3),
    c("0.1 + 0.2 + 0.3", 0.6),
    c("(0.1 + 0.2) * 10", 3),
    c("0.1 + 0.7", 0.8),
    c("3 * 0.1", 0.3),
    c("0.1 * 3", 0.3),
    c("3 - 0.1", 2.9),
    c("100 * 1.1", 110),
    c("2 - 3", -1),
    c('"0.1" + "0.2"', 0.3),
    c('"-5" * -1', 5),
    c('2 * "3"', 6),
    c('"1.50" * 2', 3),
    c('"3" * "4" + "5"', 17),
    c("7 / 2", 3.5),
    c("-7 / 2", -3.5),
    c("10 / 4", 2.5),
    c("2 / 4", 0.5),
    c("1 / 3 * 3", 1, disagrees=FLOAT_DIGITS),
    c("2 / 3 * 3 == 2", True, disagrees=FLOAT_DIGITS),
    c("1 / 3 == 0.3333333333333333", False, disagrees=FLOAT_DIGITS),
    c('format("%.5f", 1 / 3)', "0.33333", disagrees=FLOAT_DIGITS),
    c("0.1 * 0.1", Decimal("0.01" + "0" * 153 + "1"), disagrees=FLOAT_DIGITS),
    c("1 - 0.9", Decimal("0.1" + "0" * 153 + "3"), disagrees=FLOAT_DIGITS),
    c("10 % 3.3", Decimal("0.1" + "0" * 152 + "48"), disagrees=FLOAT_DIGITS),
    c("1 + 2 * 3 - 4 / 2", 5),
    c("(1 + 2) * 3", 9),
    c("10 - 2 - 3", 5),
    c("2 * 3 % 4", 2),
    c("7 % 3", 1),
    c("-7 % 3", -1),
    c("7 % -3", 1),
    c("-7 % -3", -1),
    c("7.5 % 2", 1.5),
    c("-7.5 % 2", -1.5),
    c("7 % 2.5", 2),
    c("-0.5 % 1", -0.5),
    c("0 % 5", 0),
    c("5 % 1", 0),
    c("0.3 % 0.1", 0),
    c("1 % 0", 1),
    c("-1 % 0", -1),
    c("1.5 % 0", 1.5),
    c("0 % 0", 0),
    c("0 / 0", E),
    c('try(0 / 0, "nan")', "nan"),
    c("1 / 0 > 1e308", True, disagrees=DIVIDE_BY_ZERO),
    c("-1 / 0 < -1e308", True, disagrees=DIVIDE_BY_ZERO),
    c("can(1 / 0)", True, disagrees=DIVIDE_BY_ZERO),
    c("try(1 / 0, 0) == 1 / 0", True, disagrees=DIVIDE_BY_ZERO),
    c('"x${1 / 0}"', "x+Inf", disagrees=DIVIDE_BY_ZERO),
    c('"Inf" + 0 > 1e308', True, disagrees=INFINITY),
    c("1e20 * 1e20", 10**40),
    c("12345678901234567890 * 10", 123456789012345678900),
    c("100000000000000000000 + 1", 100000000000000000001),
    c("9007199254740993 + 0", 9007199254740993),
    c("9007199254740993 * 1", 9007199254740993),
    c("9007199254740993 == 9007199254740992", False),
    c('"9007199254740993" + 0', 9007199254740993),
    c("1e300 * 1e300", 10**600),
    c("1e308 * 10", 10**309),
    c("1e308 * 10 > 1e308", True),
    c("1.0000000000000001", Decimal("1.0000000000000001"), disagrees=LITERAL_DIGITS),
    c("1 == 1.0000000000000001", False, disagrees=LITERAL_DIGITS),
    c("1 < 1.0000000000000001", True, disagrees=LITERAL_DIGITS),
    # strings that are numbers (cty.ParseNumberVal)
    c('"1e3" + 0', 1000),
    c('"+5" + 0', 5),
    c('"5." + 0', 5),
    c('".5" + 0', 0.5),
    c('"05" + 0', 5),
    c('"-0" + 0', 0),
    c('"1e" + 0', E),
    c('"0x10" + 0', E),
    c('"0x1p4" + 0', E),
    c('"NaN" + 0', E),
    c('"1,000" + 0', E),
    c('"" + 0', E),
    c('" 1" + 0', E),
    c('"1_000" + 0', E),
    c('"1p4" + 0', 16),
    c('can(" 1" + 0)', False),
    c('try(" 1" + 0, "bad")', "bad"),
    c('"a" + 1', E),
    c("true + 1", E),
    c("null + 1", E),
    c("[1] + 1", E),
    # -- comparison
    c("1 < 2", True),
    c('"10" > "9"', True),
    c('1 < "2"', True),
    c("1 == 1.0", True),
    c("2 >= 2", True),
    c("2.5 <= 2", False),
    c('"a" < "b"', E),
    c("null < 1", E),
    c("true > false", E),
    c("3 > 2 > 1", E),
    c('try("a" < "b", "cmp")', "cmp"),
    # -- equality across types
    c('1 == "1"', False),
    c('"1" == 1', False),
    c('1 != "1"', True),
    c("null == null", True),
    c("null != null", False),
    c("null == 1", False),
    c('null == "null"', False),
    c('"" == null', False),
    c("0 == false", False),
    c('true == "true"', False),
    c("true == true", True),
    c("1.0 == 1", True),
    c("0.1 + 0.2 == 0.3", True),
    c('"a" == "a"', True),
    c('"a" != "b"', True),
    c("[1, 2] == [1, 2]", True),
    c("[1, 2] == [2, 1]", False),
    c("[] == []", True),
    c("{} == {}", True),
    c("[] == {}", False),
    c("{a = 1} == {a = 1}", True),
    c("{a = 1} == {a = 1.0}", True),
    c('{a = 1} == {a = "1"}', False),
    c("{a = 1, b = 2} == {b = 2, a = 1}", True),
    c('[1] == ["1"]', False),
    c("[[1]] == [[1]]", True),
    c('[[1, 2], "a"] == [[1, 2], "a"]', True),
    c("{a = [1]} == {a = [1]}", True),
    c("{a = {b = null}} == {a = {b = null}}", True),
    c("[null] == [null]", True),
    c("1 == 1 == true", True),
    c("[for x in [1] : x] == [1]", True),
    c('{for k in ["a"] : k => 1} == {a = 1}', True),
    c('tolist(["a"]) == tolist(["a"])', True),
    c("tolist([1]) == tolist([1.0])", True),
    c('toset(["a", "b"]) == toset(["b", "a"])', True),
    c("toset([1]) == toset([1])", True),
    c("null == tolist(null)", True),
    c("tostring(null) == null", True),
    c('["a"] == tolist(["a"])', False, disagrees=LIST_TUPLE),
    c("tolist([]) == []", False, disagrees=LIST_TUPLE),
    c("[1] == toset([1])", False, disagrees=LIST_TUPLE),
    c("tomap({a = 1}) == {a = 1}", False, disagrees=LIST_TUPLE),
    c("tomap({}) == {}", False, disagrees=LIST_TUPLE),
    c('can(["a"] == tolist(["a"]))', True),
    c("can(1 == [1][5])", False),
    # -- logical operators and unary operators
    c("true && false", False),
    c("true && true", True),
    c("false || true", True),
    c("false || false", False),
    c('"true" && true', True),
    c('"false" || "true"', True),
    c('true && "false"', False),
    c('"yes" && true', E),
    c("null && true", E),
    c("1 && true", E),
    c("false && [1][5]", E),
    c("true || [1][5]", E),
    c("false && null", E),
    c("true || null", E),
    c("can(false && [1][5])", False),
    c('try(true || null, "err")', "err"),
    c("!true", False),
    c('!"false"', True),
    c('!"true"', False),
    c("!1", E),
    c("!null", E),
    c('try(!"yes", "no")', "no"),
    c("-5", -5),
    c('-"5"', -5),
    c('-"-2.5"', 2.5),
    c("-(-3)", 3),
    c("-0", 0),
    c('-"a"', E),
    c("-true", E),
    c('try(-"x", 0)', 0),
    # -- conditionals
    c("true ? 1 : 2", 1),
    c("false ? 1 : 2", 2),
    c('"true" ? 1 : 2', 1),
    c('"false" ? 1 : 2', 2),
    c("null ? 1 : 2", E),
    c("1 ? 1 : 2", E),
    c('"yes" ? 1 : 2', E),
    c('1 == 1 ? "eq" : "ne"', "eq"),
    c("true ? false ? 1 : 2 : 3", 2),
    c('true ? "a" : 1', "a"),
    c('false ? true : "x"', "x"),
    c("true ? null : 1", None),
    c("false ? null : 1", 1),
    c("true ? 1 : null", 1),
    c("true ? 1 : [1][5]", 1),
    c("false ? [1][5] : 2", 2),
    c("true ? [1] : []", (1,)),
    c('false ? [1] : ["a"]', ("a",)),
    c("true ? {a = 1} : {}", {"a": 1}),
    c("false ? {a = 1} : {}", {}),
    c('true ? [1, "a"] : [2, "b"]', (1, "a")),
    c('true ? ["a"] : tolist(["b"])', ("a",)),
    c('false ? "a" : 1', "1"),
    c('true ? 1 : "a"', "1"),
    c('true ? true : "x"', "true"),
    c('true ? [1] : ["a"]', ("1",)),
    c('true ? {a = 1} : {b = "x"}', {"a": "1"}),
    c('try(true ? 1 : "a", 0)', "1"),
    c("true ? [1] : {}", E),
    c("true ? [1] : 1", E),
    c("can(true ? 1 : [1])", False),
    c("can(true ? [1] : {})", False),
    # -- string templates
    c('"a${1}"', "a1"),
    c('"${1.5}x"', "1.5x"),
    c('"x${true}"', "xtrue"),
    c('"${1}${2}"', "12"),
    c('"${1}${2}" == "12"', True),
    c('"n=${1.0}"', "n=1"),
    c('"n=${5 / 2}"', "n=2.5"),
    c('"n=${-0.5}"', "n=-0.5"),
    c('"n=${1e-7}"', "n=0.0000001"),
    c('"n=${1e21}"', "n=1000000000000000000000"),
    c('"n=${100000000000000000000000}"', "n=100000000000000000000000"),
    c('"x${true ? 1 : 2}y"', "x1y"),
    c('"a${"b${"c"}"}"', "abc"),
    c('"${upper("a")}-${lower("B")}"', "A-b"),
    c('"$${x}"', "${x}"),
    c('"%%{x}"', "%{x}"),
    # a single interpolation is its value itself, whatever its type
    c('"${true}"', True),
    c('"${false}"', False),
    c('"${1 + 1}"', 2),
    c('"${0.1 + 0.2}"', 0.3),
    c('"${1 / 4}"', 0.25),
    c('"${1e3}"', 1000),
    c('"${1.0}"', 1),
    c('"${"a"}"', "a"),
    c('"${"5"}" + 1', 6),
    c('"a" == "${"a"}"', True),
    c('"${[1, 2]}"', (1, 2)),
    c('"${{a = 1}}"', {"a": 1}),
    c('"${null}"', None),
    c('"${tostring(null)}"', None),
    c('can("${null}")', True),
    # null and collections inside a longer template are errors
    c('"x${null}"', E),
    c('"x${tostring(null)}"', E),
    c('"x${[1]}"', E),
    c('"x${{a = 1}}"', E),
    c('"a${[1][5]}"', E),
    c('"${[1][5]}"', E),
    c('can("x${null}")', False),
    c('can("x${[1]}")', False),
    c('"%{if true}a%{else}b%{endif}"', "a", disagrees=DIRECTIVE),
    c('"%{for x in ["a", "b"]}${x},%{endfor}"', "a,b,", disagrees=DIRECTIVE),
    c('try("%{if true}a%{endif}", "x")', "a", disagrees=DIRECTIVE),
    # -- for expressions
    c("[for x in [1, 2, 3] : x * 2]", (2, 4, 6)),
    c('[for i, x in ["a", "b"] : "${i}${x}"]', ("0a", "1b")),
    c('[for i, x in ["a", "b"] : i]', (0, 1)),
    c("[for x, y in [5] : x + y]", (5,)),
    c("[for k, v in {b = 1, a = 2} : k]", ("a", "b")),
    c("[for k, v in {b = 1, a = 2} : v]", (2, 1)),
    c("[for v in {b = 1, a = 2} : v]", (2, 1)),
    c('[for k, v in {B = 1, a = 2, A = 3, "10" = 4, "9" = 5} : k]', ("10", "9", "A", "B", "a")),
    c("{for k, v in {b = 1, a = 2} : v => k}", {"1": "b", "2": "a"}),
    c('{for k, v in {a = "x"} : v => k}', {"x": "a"}),
    c("{for k, v in {a = 1} : upper(k) => v + 1}", {"A": 2}),
    c('{for x in ["a"] : "k" => x}', {"k": "a"}),
    c('[for k, v in {a = [1], b = [2, 3]} : "${k}=${length(v)}"]', ("a=1", "b=2")),
    c('[for x in toset(["b", "a", "b"]) : x]', ("a", "b")),
    c("[for x in toset([3, 1, 2]) : x]", (1, 2, 3)),
    c("[for x in toset([2, 10, 1.5]) : x]", (1.5, 2, 10)),
    c("[for x in toset([true, false]) : x]", (False, True)),
    c('[for x in tolist(["b", "a"]) : x]', ("b", "a")),
    c('[for k, v in toset(["b", "a"]) : k]', ("a", "b"), disagrees=SET_KEY),
    c("[for x in [1, 2, 3, 4] : x if x % 2 == 0]", (2, 4)),
    c('[for x in [1, 2, 3, 4] : x if "true"]', (1, 2, 3, 4)),
    c("[for x in [1, 2] : x if x > 5]", ()),
    c("{for k, v in {a = 1, b = -1} : k => v if v > 0}", {"a": 1}),
    c("[for x in [1, 2] : x if 1]", E),
    c("[for x in [1, 2] : x if null]", E),
    c('{for s in ["a", "bb", "cc"] : length(s) => s...}', {"1": ("a",), "2": ("bb", "cc")}),
    c(
        '{for s in ["a", "bb", "cc", "d"] : length(s) => upper(s)...}',
        {"1": ("A", "D"), "2": ("BB", "CC")},
    ),
    c('{for s in ["a", "a"] : s => 1...}', {"a": (1, 1)}),
    c('{for s in ["b", "a", "b"] : s => s...}', {"a": ("a",), "b": ("b", "b")}),
    c('{for s in ["a", "a"] : s => 1}', E),
    c('can({for s in ["a", "a"] : s => 1})', False),
    c('can({for s in ["a", "a"] : s => 1...})', True),
    c("{for x in [true, false] : x => 1}", {"false": 1, "true": 1}),
    c("{for x in [1.5, 2] : x => x}", {"1.5": 1.5, "2": 2}),
    c('{for i, x in ["a", "b"] : x => i}', {"a": 0, "b": 1}),
    c("{for x in [null] : x => 1}", E),
    c("{for x in [[1]] : x => 1}", E),
    c('[for x in "abc" : x]', E),
    c("[for x in null : x]", E),
    c("[for x in 5 : x]", E),
    c('can([for x in "abc" : x])', False),
    c("try([for x in null : x], [])", ()),
    c("[for x in [] : x]", ()),
    c("{for x in [] : x => x}", {}),
    c("[for x in [[1, 2], [3]] : length(x)]", (2, 1)),
    c("[for x in [{a = 1}, {a = 2}] : x.a]", (1, 2)),
    c("[for x in [{a = 1}, {b = 2}] : x.a]", E),
    c('[for x in [1, "a"] : x]', (1, "a")),
    c("[for x in [3, 1, 2] : [for y in range(x) : y]]", ((0, 1, 2), (0,), (0, 1))),
    c(
        '{for x in ["a", "b"] : x => [for y in [1, 2] : "${x}${y}"]}',
        {"a": ("a1", "a2"), "b": ("b1", "b2")},
    ),
    # -- splats
    c("[{a = 1}, {a = 2}][*].a", (1, 2)),
    c("[{a = 1}, {a = 2}].*.a", (1, 2)),
    c("[{a = 1}, {a = 2}][*]", ({"a": 1}, {"a": 2})),
    c("[{a = {b = 1}}][*].a.b", (1,)),
    c('[{a = {b = 1}}, {a = {b = 2}}][*].a["b"]', (1, 2)),
    c("[{a = [1, 2]}][*].a[0]", (1,)),
    c("[[1, 2], [3]][*][0]", (1, 3)),
    c("length([{a = 1}, {a = 2}][*].a)", 2),
    c("null[*]", ()),
    c("null[*].a", ()),
    c("try(null[*], 0)", ()),
    c("[][*].a", ()),
    c("[null][*]", (None,)),
    c("{a = 1}[*].a", (1,)),
    c("{a = 1}[*]", ({"a": 1},)),
    c('"x"[*]', ("x",)),
    c("5[*]", (5,)),
    c('toset(["b", "a"])[*]', ("a", "b")),
    c("tolist([{a = 1}])[*].a", (1,)),
    c("[{a = 1}][*].b", E),
    c("[{a = 1}, null][*].a", E),
    c("can([{a = 1}][*].b)", False),
    c("try([{a = 1}, {b = 2}][*].a, [])", ()),
    c("[[1, 2], [3, 4]].*[0]", (1, 2)),
    c("[{a = [1, 2]}].*.a[0]", (1, 2)),
    # -- index and attribute access
    c('{a = 1}["a"]', 1),
    c("({a = 1}).a", 1),
    c('{"1" = "x"}[1]', "x"),
    c('{"1.5" = "x"}[1.5]', "x"),
    c('{"true" = "x"}[true]', "x"),
    c('{"a b" = 1}["a b"]', 1),
    c('["a", "b"]["1"]', "b"),
    c('["a", "b"]["1.0"]', "b"),
    c('["a", "b"][1.0]', "b"),
    c("{a = {b = [1, 2]}}.a.b[1]", 2),
    c('{a = [10, 20]}["a"][1]', 20),
    c("[{a = 1}][0].a", 1),
    c('[{a = 1}][0]["a"]', 1),
    c("[1, 2].0", 1),
    c("[[1, 2]].0.1", E, disagrees=LEGACY_INDEX),
    c("{a = null}.a", None),
    c('tomap({a = 1})["a"]', 1),
    c('tolist(["a", "b"])[1]', "b"),
    c('["a", "b"][2]', E),
    c('["a"][-1]', E),
    c('["a"][0.5]', E),
    c('["a"]["x"]', E),
    c('["a"][null]', E),
    c("[1][true]", E),
    c("{a = 1}[null]", E),
    c("{a = 1}.b", E),
    c('{a = 1}["b"]', E),
    c("{a = 1}[0]", E),
    c("{a = 1}.a.b", E),
    c("tomap({a = 1}).b", E),
    c('"abc"[0]', E),
    c("null[0]", E),
    c("null.a", E),
    c('toset(["a"])[0]', E, disagrees=SET_INDEX),
    # -- try and can
    c('try([1][5], "d")', "d"),
    c("can([1][5])", False),
    c("try({a = 1}.b, null)", None),
    c('can(tonumber("x"))', False),
    c('try(["a", "b"]["1"], "x")', "b"),
    c("try(null[0], 0)", 0),
    c('try([1][5], [2][5], "third")', "third"),
    c("try([1][5], [2][5])", E),
    c("can({a = 1}.a)", True),
    c("try({a = {b = 1}}.a.c, {a = {b = 1}}.a.b)", 1),
    c("can(null)", True),
    c("try(null, 1)", None),
    c('try(tonumber("5"), 0) + 1', 6),
    c('try(toset(["a"])[0], "x")', "x", disagrees=SET_INDEX),
    c("can(1 % 0)", True),
    c('try(1 % 0, "err")', 1),
    # -- variables: conversion to the declared type
    c("var.num_from_string", 5, "vars"),
    c("var.num_float_string", 2.5, "vars"),
    c("var.num_exp", 1000, "vars"),
    c("var.num_neg", -0.5, "vars"),
    c("var.num_from_string + 1", 6, "vars"),
    c('"${var.num_from_string}"', 5, "vars"),
    c("var.num_from_string == 5", True, "vars"),
    c('var.num_from_string == "5"', False, "vars"),
    c("var.str_from_num", "5", "vars"),
    c('var.str_from_num == "5"', True, "vars"),
    c("var.str_from_float", "1.5", "vars"),
    c("var.str_from_bool", "true", "vars"),
    c("var.bool_from_string", False, "vars"),
    c("!var.bool_from_string", True, "vars"),
    c("var.untyped", "5", "vars"),
    c('var.untyped == "5"', True, "vars"),
    c("var.untyped_obj", {"a": (True, "x"), "b": 1}, "vars"),
    c("var.any", {"a": 1}, "vars"),
    c("var.list_str", ("1", "true", "x", "2.5"), "vars"),
    c("var.list_str[3]", "2.5", "vars"),
    c('var.list_str["0"]', "1", "vars"),
    c("var.set_str", ("10", "9", "B", "a", "b", "c"), "vars"),
    c("[for s in var.set_str : s]", ("10", "9", "B", "a", "b", "c"), "vars"),
    c("length(var.set_str)", 6, "vars"),
    c("var.set_str[0]", E, "vars", SET_INDEX),
    c("[for k, v in var.set_str : k]", ("10", "9", "B", "a", "b", "c"), "vars", SET_KEY),
    c("var.set_num", (-1, 0.5, 1, 2, 3), "vars"),
    c("var.set_num_str", (9, 10), "vars"),
    c("var.set_bool", (False, True), "vars"),
    c("var.set_obj", ({"a": "x"}, {"a": "y"}), "vars"),
    c("var.map_str", {"a": "1", "b": "true", "c": "x"}, "vars"),
    c("var.map_str.c", "x", "vars"),
    c('var.map_str["zz"]', E, "vars"),
    c('try(var.map_str["zz"], "none")', "none", "vars"),
    c('lookup(var.map_str, "zz", "none")', "none", "vars"),
    c("var.map_null", {"a": None}, "vars"),
    c("var.list_any_num", (1, 2), "vars"),
    c("var.list_any", ("1", "a"), "vars"),
    c("var.map_any", {"a": "1", "b": "x"}, "vars"),
    c("var.obj", {"name": "n", "size": 3, "tags": {}, "note": None}, "vars"),
    c("var.obj.extra", E, "vars"),
    c("var.obj.note", None, "vars"),
    c("var.obj.tags", {}, "vars"),
    c("var.obj.size + 1", 4, "vars"),
    c("var.obj_null_attr", {"name": "1", "size": 3}, "vars"),
    c("var.obj_required_null", {"name": None}, "vars"),
    c(
        "var.map_obj",
        {"db": {"enabled": False, "port": 5432}, "web": {"enabled": True, "port": 80}},
        "vars",
    ),
    c('var.map_obj["db"].port', 5432, "vars"),
    c("var.map_obj.web.enabled", True, "vars"),
    c("keys(var.map_obj)", ("db", "web"), "vars"),
    c('[for k, v in var.map_obj : "${k}:${v.port}"]', ("db:5432", "web:80"), "vars"),
    c("{for k, v in var.map_obj : k => v.port if v.enabled}", {"web": 80}, "vars"),
    c(
        "var.map_obj[*]",
        ({"db": {"enabled": False, "port": 5432}, "web": {"enabled": True, "port": 80}},),
        "vars",
    ),
    c("var.nested_optional", {"a": {"b": "x", "c": (1,)}}, "vars"),
    c("var.tuple", ("1", 2, True), "vars"),
    c("var.tuple[1] + 1", 3, "vars"),
    c("var.list_obj", ({"n": 1}, {"n": 2}), "vars"),
    c("var.list_obj[*].n", (1, 2), "vars"),
    c("var.list_of_list", ((1,), ()), "vars"),
    c("var.map_of_list", {"a": ("1", "false")}, "vars"),
    c("var.list_with_null", (1, None), "vars"),
    c("var.empty_list", (), "vars"),
    c("var.null_typed", None, "vars", NULL_DEFAULT),
    c("var.nope", E, "vars"),
    c("try(var.nope, 1)", E, "vars", STATIC_REFERENCE),
    # values from terraform.tfvars, *.auto.tfvars and -var-file, converted too
    c("var.n", 7, "tfvars"),
    c("var.n + 1", 8, "tfvars"),
    c("var.names", ("a", "b"), "tfvars"),
    c("var.winner", "cli", "tfvars"),
    c("var.auto", "auto", "tfvars"),
    c("var.plain", "tfvars", "tfvars"),
    c("var.obj", {"a": 1, "b": "2"}, "tfvars"),
    # configurations Terraform rejects: a default that does not convert
    c("var.x", E, "bad_number"),
    c('try(var.x, "d")', E, "bad_number", REJECTED_CONFIG),
    c("can(var.x)", E, "bad_number", REJECTED_CONFIG),
    c("var.x", E, "bad_bool"),
    c("var.x", E, "bad_string"),
    c("var.x", E, "bad_object"),
    c('try(var.x, "d")', E, "bad_object", REJECTED_CONFIG),
    c("var.x", E, "bad_list_any"),
    c("var.x", E, "bad_map_object"),
    c("var.x", E, "bad_tuple"),
    c("var.x", E, "bad_list_from_map"),
    c("var.x", E, "bad_nullable", NON_NULLABLE),
    # -- locals
    c("local.a", 1, "locals"),
    c("local.b", 2, "locals"),
    c("local.c", 4, "locals"),
    c("local.a == local.c0", True, "locals"),
    c('"${local.a}${local.b}"', "12", "locals"),
    c("local.prefix", "prod-x", "locals"),
    c("local.n_plus", 6, "locals"),
    c("local.n_str", 5, "locals"),
    c("local.n_str + 1", 6, "locals"),
    c("local.n_text", "n=5", "locals"),
    c("local.name_set", ("a", "bb"), "locals"),
    c("local.set_items", ("a", "bb"), "locals"),
    c("local.upper", ("BB", "A", "BB"), "locals"),
    c("local.by_name", {"a": (1,), "bb": (2, 2)}, "locals"),
    c("local.later", "late", "locals"),
    c("local.m", {"1": "one", "k": 7}, "locals"),
    c("local.m[1]", "one", "locals"),
    c('local.m["1"]', "one", "locals"),
    c("local.m.k", 7, "locals"),
    c("{for k, v in local.m : v => k}", {"7": "k", "one": "1"}, "locals"),
    c('local.l["1"]', "y", "locals"),
    c("local.l[2]", E, "locals"),
    c('[for i, v in local.l : "${i}=${v}"]', ("0=x", "1=y"), "locals"),
    c("local.nested.a.b[2].c", "deep", "locals"),
    c('local.nested["a"]["b"][0]', 1, "locals"),
    c("local.nul", None, "locals"),
    c("local.nul[*]", (), "locals"),
    c("local.nul == null", True, "locals"),
    c("local.objs[*].name", ("a", "b"), "locals"),
    c("local.objs.*.port", (1, 2), "locals"),
    c("local.objs[1]", {"name": "b", "port": 2}, "locals"),
    c("local.ports", {"a": 1, "b": 2}, "locals"),
    c("local.total", 3, "locals"),
    c("local.chain1", "prod-x/3", "locals"),
    c("local.cond", "p", "locals"),
    c("local.flat", ("x", "y", "z"), "locals"),
    c("local.tmpl_list", ("x", "y"), "locals"),
    c('try(local.m.missing, "d")', "d", "locals"),
    c("can(local.l[5])", False, "locals"),
    c("try(local.l[5], local.l[1])", "y", "locals"),
    c("local.mixed_cond", "1", "locals"),
    c("local.name_set[0]", E, "locals", SET_INDEX),
    c('try(local.name_set[0], "set")', "set", "locals", SET_INDEX),
    c("local.nope", E, "locals"),
    c("try(local.nope, 1)", E, "locals", STATIC_REFERENCE),
    c("local.bad", E, "bad_local"),
    c("local.ok", E, "bad_local", REJECTED_CONFIG),
    c('try(local.bad, "d")', E, "bad_local", REJECTED_CONFIG),
    c("local.a", E, "cycle", CYCLE),
    c("try(local.a, 0)", E, "cycle", CYCLE),
]


# ---- evaluating a case ourselves


@cache
def scope_of(module: str) -> Scope:
    """The scope of a module of `MODULES`, loaded once (an empty Scope for no module)."""
    if not module:
        return Scope(directory="/tmp")
    directory = f"/virtual/{module}"
    files = MODULES[module].files
    var_files = MODULES[module].var_files
    contents = {f"{directory}/{name}": text.encode() for name, text in files.items()}
    assignments: list[TfvarsAssignment] = []
    for name in var_files:
        path = f"{directory}/{name}"
        loaded = read_tfvars(path, contents.pop(path))
        assert not isinstance(loaded, SourceError), loaded
        assignments.extend(loaded[2])
    loaded_module = load_module(directory, contents, assignments, full=True)
    assert loaded_module is not None and not loaded_module.errors, module
    return loaded_module.scope


def expression_of(text: str) -> Expression:
    return parse(f"x = {text}\n").body.attributes[0].value


def case_id(case: Case) -> str:
    return f"{case.module}:{case.expression}"[:90]


def params() -> list[object]:
    return [
        pytest.param(
            case,
            id=case_id(case),
            marks=[pytest.mark.xfail(strict=True, reason=case.disagrees)] if case.disagrees else [],
        )
        for case in CASES
    ]


@pytest.mark.parametrize("case", params())
def test_case(case: Case) -> None:
    scope = scope_of(case.module)
    expression = expression_of(case.expression)
    result = Evaluator(scope).result(expression)
    value = scope.evaluate(expression)
    if case.expected is E:
        assert result is E, result
        assert value is UNKNOWN, value
    else:
        assert same(result, case.expected), result
        assert same(value, case.expected), value


def test_table_is_well_formed() -> None:
    assert len(CASES) >= 400
    assert len({(case.module, case.expression) for case in CASES}) == len(CASES)
    assert {case.module for case in CASES} == set(MODULES)
    for case in CASES:
        expression_of(case.expression)  # every expression parses


# ---- Terraform as the oracle


def console(directory: Path, home: Path, line: str, var_files: Sequence[str]) -> str | None:
    """What ``terraform console`` prints for one line in a module, None when it fails."""
    config = home / "terraform.rc"
    config.write_text("")
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TF_IN_AUTOMATION": "1",
        "CHECKPOINT_DISABLE": "1",
        "TF_CLI_CONFIG_FILE": str(config),
    }
    completed = subprocess.run(
        ["terraform", "console", "-no-color", *(f"-var-file={name}" for name in var_files)],
        input=line + "\n",
        capture_output=True,
        text=True,
        cwd=directory,
        env=environment,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0 or "Error:" in completed.stderr:
        return None
    return completed.stdout.strip().splitlines()[-1]


def wrapped(expression: str) -> str:
    return f"try({{ok = {expression}}}, {{err = true}})"


def answers(module: str, cases: Sequence[Case], tmp_path: Path) -> list[object]:
    """Terraform's answer to each case of one module: a decoded JSON value, or E."""
    directory = tmp_path / (module or "empty")
    directory.mkdir()
    for name, text in MODULES[module].files.items():
        (directory / name).write_text(text)
    var_files = MODULES[module].var_files

    def ask(batch: Sequence[Case]) -> list[object]:
        line = "jsonencode([" + ", ".join(wrapped(case.expression) for case in batch) + "])"
        printed = console(directory, tmp_path, line, var_files)
        if printed is None and len(batch) > 1:
            # an error that try cannot catch: ask each half apart to find the case
            return ask(batch[: len(batch) // 2]) + ask(batch[len(batch) // 2 :])
        if printed is None:
            return [E]  # Terraform rejects the expression (or the configuration)
        decoded = json.loads(go_unquote(printed), parse_float=Decimal, parse_int=Decimal)
        assert isinstance(decoded, list) and len(decoded) == len(batch)
        return [E if "err" in answer else answer["ok"] for answer in decoded]

    return ask(cases)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("terraform") is None, reason="terraform is not installed")
def test_terraform_agrees_with_the_table(tmp_path: Path) -> None:
    disagreements = []
    for module in MODULES:
        cases = [case for case in CASES if case.module == module]
        for case, answer in zip(cases, answers(module, cases, tmp_path), strict=True):
            if answer is E or case.expected is E:
                agree = answer is case.expected
            else:
                agree = canonical(answer) == canonical(case.expected)
            if not agree:
                disagreements.append(
                    f"{case_id(case)}: Terraform {answer!r}, table {case.expected!r}"
                )
    assert not disagreements, "\n".join(disagreements)
