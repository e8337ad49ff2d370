"""Generate the benchmark workloads: deterministic Terraform trees for euno-lint to lint.

Five workloads are written under a target directory (default ``benchmarks/workloads/``, which
git ignores), each in a subdirectory named after it with a manifest ``<name>.json`` beside it:

- W1 "pre-commit": one module (main.tf with 5 euno_hex_integration resources, variables.tf,
  terraform.tfvars); euno-lint is given the two .tf files, as pre-commit does.
- W2 "monorepo": 10,000 .tf files in nested directories, a few per directory: 50 euno modules
  shaped like W1, the rest ordinary AWS Terraform (locals, S3 buckets, IAM roles built with
  jsonencode, dynamic blocks) of 2-5 KB each.
- W3 "heavy": the same shape with 500 euno modules.
- W4 "big file": one main.tf with 500 integrations (about 350 KB) and its variables.tf.
- W5 "modules": a root module (envs/prod) with 20 calls of one local module (modules/hex),
  each passing a map of 10 Hex projects; the module's one euno_hex_integration iterates over
  it with for_each, 200 instances in all. euno-lint is given the root module's directory.

Integrations vary (names, frequencies, cron expressions, repeat_on, ttl_days, token, project
and namespace references) and about one in twenty-five carries a real mistake, so that the
reporting path is exercised too. Everything comes from seeded random generators and files are
written in sorted order: a scale always gives the same bytes, and the manifest records their
digest. Each workload root holds an empty ``.git`` directory, making it a repository of its
own: euno-lint looks for ``.gitignore`` files up to the repository root, and this repository
ignores ``benchmarks/workloads/``, which would otherwise leave nothing to lint.

Usable as a module (`generate`, `ensure`) and as a script (``python benchmarks/generate.py``).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import shutil
import sys
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

GENERATOR_VERSION = 3
DEFAULT_TARGET = Path(__file__).resolve().parents[2] / "benchmarks" / "workloads"
WORKLOAD_NAMES = ("W1", "W2", "W3", "W4", "W5")

Tree = dict[str, str]
"""Files of a workload: POSIX path relative to its root -> text."""


class GenerationError(Exception):
    """A workload cannot be written where it was asked to go."""


@dataclass(frozen=True, slots=True)
class Scale:
    """How big the workloads are: `FULL` is what the project measures, `TINY` a smoke test."""

    name: str
    repository_tf_files: int
    monorepo_euno_modules: int
    heavy_euno_modules: int
    big_file_resources: int
    module_calls: int
    projects_per_call: int
    module_resources: int = 5


FULL = Scale("full", 10_000, 50, 500, 500, module_calls=20, projects_per_call=10)
TINY = Scale("tiny", 40, 2, 6, 12, module_calls=2, projects_per_call=3)


@dataclass(frozen=True, slots=True)
class Workload:
    """One generated workload, as its manifest records it (paths relative to its root)."""

    name: str
    title: str
    scale: str
    generator_version: int
    lint_paths: tuple[str, ...]
    floor_files: tuple[str, ...]
    tf_files: int
    files: int
    bytes: int
    euno_resources: int
    planted_problems: int
    digest: str

    def root(self, target: Path) -> Path:
        """Where the workload's files are, under `target`."""
        return target / self.name


# --------------------------------------------------------------------------- vocabulary

TEAMS = (
    "finance", "growth", "marketing", "sales", "product", "support", "people", "legal",
    "security", "platform", "data-eng", "ops", "risk", "supply", "pricing", "partners",
    "research", "billing", "success", "brand",
)  # fmt: skip
PRODUCTS = (
    "catalog", "checkout", "ledger", "payments", "search", "recs", "ads", "crm", "forecast",
    "inventory", "loyalty", "onboarding", "quotes", "reporting", "retention",
)  # fmt: skip
ENVIRONMENTS = ("dev", "staging", "prod")
TOPICS = (
    "revenue-dashboards", "weekly-digest", "kpi-review", "churn-analysis", "pipeline-health",
    "cohort-reports", "board-metrics", "funnel-explorer", "campaign-roi", "ops-scorecard",
    "forecast-models", "sla-monitor", "data-quality", "exec-summary", "usage-trends",
    "cost-explorer", "ab-tests", "nps-tracker", "inventory-levels", "fraud-signals",
)  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TTL_DAYS = (1, 2, 3, 7, 14, 30, 45, 60, 90)

# (expression, what it means, longest gap between two runs in whole days, rounded up)
HOURLY_CRONS = (("0 * * * *", "at the top of every hour", 1),)
DAILY_CRONS = (
    ("30 6 * * *", "every day at 06:30", 1),
    ("0 2 * * *", "every night at 02:00", 1),
    ("0 0 5 * * *", "every day at 05:00", 1),
    ("15 4 * * *", "every day at 04:15", 1),
)
CUSTOM_CRONS = (
    ("0 0 9 * * MON-FRI", "weekdays at 09:00", 3),
    ("0 */2 * * *", "every two hours", 1),
    ("30 6 * * 1-5", "weekdays at 06:30", 3),
    ("0 */4 * * *", "every four hours", 1),
    ("0 0 */6 * * *", "every six hours", 1),
    ("15 7,19 * * *", "twice a day", 1),
    ("0 30 8 * * 1,3,5", "Monday, Wednesday and Friday at 08:30", 3),
    ("0 12 * * 0", "Sundays at noon", 7),
    ("45 22 * * 5", "Friday evenings", 7),
    ("0 3 1 * *", "on the first of the month", 31),
    ("0 6 1,15 * *", "on the 1st and the 15th", 17),
    ("0 9 * * MON", "Monday mornings", 7),
    ("20 5 * * 2-6", "Tuesday to Saturday at 05:20", 3),
    ("0 0 7 * * SAT,SUN", "weekend mornings", 6),
)

GITIGNORE = """\
# Local .terraform directories
.terraform/

# State files and plans
*.tfstate
*.tfstate.*
*.tfplan
crash.log
crash.*.log

# Local overrides
override.tf
override.tf.json
*_override.tf
*_override.tf.json
.terraformrc
terraform.rc
"""

# --------------------------------------------------------------------------- HCL rendering

Item = tuple[str, str | None] | str
"""An attribute (name, HCL expression; None leaves it out) or a pre-rendered nested block."""


def quoted(text: str) -> str:
    """An HCL string literal (JSON escaping is valid HCL for the text we generate)."""
    return json.dumps(text)


def string_list(items: Iterable[str]) -> str:
    """An HCL list of string literals."""
    return "[" + ", ".join(quoted(item) for item in items) + "]"


def block(header: str, items: Sequence[Item], level: int = 0) -> str:
    """A block with terraform fmt's layout: runs of attributes aligned on '='."""
    pad = "  " * level
    lines = [f"{pad}{header} {{"]
    run: list[tuple[str, str]] = []
    for item in [*items, ""]:
        if isinstance(item, tuple):
            if item[1] is not None:
                run.append((item[0], item[1]))
            continue
        if run:
            width = max(len(name) for name, _ in run)
            lines.extend(f"{pad}  {name:<{width}} = {value}" for name, value in run)
            run = []
        if item:
            if len(lines) > 1:
                lines.append("")
            lines.append(item)
    lines.append(f"{pad}}}")
    return "\n".join(lines)


def nested(header: str, items: Sequence[Item], level: int) -> str:
    """A block nested `level` deep, for use as an `Item`."""
    return block(header, items, level)


def document(blocks: Iterable[str]) -> str:
    """Top-level blocks separated by blank lines, ending with a newline."""
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- integrations


@dataclass(frozen=True, slots=True)
class Owner:
    """Who an integration belongs to; the slug prefixes its name."""

    team: str
    product: str
    environment: str

    @property
    def slug(self) -> str:
        """The owner as one name part, e.g. ``finance-ledger-prod``."""
        return f"{self.team}-{self.product}-{self.environment}"


@dataclass(frozen=True, slots=True)
class Schedule:
    """A schedule block's values, and what they mean for ttl_days."""

    frequency: str
    cron_expression: str | None
    repeat_on: tuple[str, ...] | None
    longest_gap_days: int
    description: str


@dataclass(frozen=True, slots=True)
class Integration:
    """One euno_hex_integration; values other than the schedule are HCL expressions."""

    label: str
    comment: str | None
    name: str
    active: str | None
    schedule: Schedule
    revision_id: str
    ttl_days: str
    api_token: str
    project_id: str
    namespace_id: str
    exclude_deleted_notebooks: str | None


@dataclass(frozen=True, slots=True)
class Style:
    """How the integrations of one file refer to their module's locals and variables."""

    module_locals: bool
    banners: bool = False


def project_uuid(rng: random.Random) -> str:
    """A random but reproducible Hex project id."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def pick_schedule(rng: random.Random) -> Schedule:
    """A realistic schedule: mostly custom crons and daily runs, some weekly and hourly."""
    frequency = rng.choices(("hourly", "daily", "weekly", "custom"), weights=(1, 3, 2, 4))[0]
    if frequency == "weekly":
        return weekly_schedule(rng)
    if frequency == "custom":
        cron, description, gap = rng.choice(CUSTOM_CRONS)
        return Schedule("custom", cron, None, gap, description)
    crons = HOURLY_CRONS if frequency == "hourly" else DAILY_CRONS
    if rng.random() < 0.5:
        cron, description, gap = rng.choice(crons)
        return Schedule(frequency, cron, None, gap, description)
    return Schedule(frequency, None, None, 1, "every hour" if frequency == "hourly" else "daily")


def weekly_schedule(rng: random.Random) -> Schedule:
    """A weekly schedule on one to three days; a single day sometimes pins the time by cron."""
    days = sorted(rng.sample(range(7), rng.choice((1, 1, 2, 3))))
    names = tuple(WEEKDAYS[d] for d in days)
    gaps = [(days[(i + 1) % len(days)] - day) % 7 or 7 for i, day in enumerate(days)]
    description = "every " + " and ".join(name.capitalize() for name in names)
    cron = None
    if len(days) == 1 and rng.random() < 0.4:
        cron_weekday = (days[0] + 1) % 7  # cron counts from Sunday = 0
        cron = f"{rng.choice((0, 15, 30))} {rng.randint(5, 20)} * * {cron_weekday}"
    return Schedule("weekly", cron, names, max(gaps), description)


def make_integration(
    rng: random.Random, owner: Owner, topic: str, label: str, style: Style
) -> Integration:
    """A clean integration: every value valid and consistent with the others."""
    schedule = pick_schedule(rng)
    ttl = rng.choice([days for days in TTL_DAYS if days >= schedule.longest_gap_days])
    name = f"{owner.slug}-{topic}"
    return Integration(
        label=label,
        comment=integration_comment(rng, owner, topic, schedule, style),
        name=quoted(name)
        if not style.module_locals or rng.random() < 0.6
        else name_template(topic),
        active=rng.choices((None, "true", "false"), weights=(14, 3, 3))[0],
        schedule=schedule,
        revision_id="var.revision_id" if rng.random() < 0.75 else quoted(revision(rng)),
        ttl_days=str(ttl),
        api_token="var.hex_api_token",
        project_id=pick_project_id(rng, topic, style),
        namespace_id=pick_namespace(rng, owner, style),
        exclude_deleted_notebooks=rng.choices((None, "true", "false"), weights=(12, 5, 3))[0],
    )


def integration_comment(
    rng: random.Random, owner: Owner, topic: str, schedule: Schedule, style: Style
) -> str | None:
    """What the integration is for; a shared file adds a banner and a contact line."""
    summary = f"{owner.team.capitalize()} {topic.replace('-', ' ')}, {schedule.description}."
    if style.banners:
        return f"{banner(owner)}\n{summary}\n{contact(owner)}"
    return summary if rng.random() < 0.5 else None


def banner(owner: Owner) -> str:
    """The separator line a long shared file puts above each integration."""
    return f"--- {owner.team} / {owner.product} ({owner.environment}) ".ljust(78, "-")


def contact(owner: Owner) -> str:
    """Who to ask about an integration, as shared files note it."""
    return (
        f"Owner: #{owner.team}-data on Slack. "
        f"Runbook: https://wiki.example.com/euno/{owner.team}-{owner.product}"
    )


def name_template(topic: str) -> str:
    """A name built from the module's prefix local, as many modules write it."""
    return '"${local.prefix}-' + topic + '"'


def revision(rng: random.Random) -> str:
    """A revision id such as ``2024-06-r2``."""
    return f"2024-{rng.randint(1, 12):02d}-r{rng.randint(1, 4)}"


def pick_project_id(rng: random.Random, topic: str, style: Style) -> str:
    """A literal project id, or a lookup in the module's project_ids local."""
    if style.module_locals and rng.random() < 0.25:
        return f"local.project_ids[{quoted(topic)}]"
    return quoted(project_uuid(rng))


def pick_namespace(rng: random.Random, owner: Owner, style: Style) -> str:
    """The namespace from a local, a variable, or a literal."""
    choices = [quoted(owner.team), quoted(f"{owner.team}-{owner.environment}")]
    if style.module_locals:
        choices += ["local.namespace", "var.namespace"]
    return rng.choice(choices)


# --------------------------------------------------------------------------- planted problems


def typo_frequency(rng: random.Random, it: Integration) -> Integration:
    """EUNO201: a frequency the provider rejects."""
    typo = rng.choice(("dialy", "Daily", "hourley", "weekley", "Custom", "montly"))
    return with_schedule(it, typo, it.schedule.cron_expression, it.schedule.repeat_on)


def custom_without_cron(_rng: random.Random, it: Integration) -> Integration:
    """EUNO202: custom frequency but no cron_expression."""
    return with_schedule(it, "custom", None, None)


def weekly_without_days(_rng: random.Random, it: Integration) -> Integration:
    """EUNO203: weekly frequency without repeat_on."""
    return with_schedule(it, "weekly", None, None)


def invalid_cron(rng: random.Random, it: Integration) -> Integration:
    """EUNO204: a cron expression that does not parse."""
    cron = rng.choice(("0 25 * * *", "61 * * * *", "0 9 * * MON-FRY", "* * *"))
    return with_schedule(it, "custom", cron, None)


def abbreviated_days(_rng: random.Random, it: Integration) -> Integration:
    """EUNO205: repeat_on with abbreviated weekday names."""
    return with_schedule(it, "weekly", None, ("mon", "wed"))


def six_field_slip(_rng: random.Random, it: Integration) -> Integration:
    """EUNO207: a 5-field daily cron with a stray sixth field, so it fires hourly."""
    return with_schedule(it, "daily", "0 8 * * * *", None)


def too_frequent(_rng: random.Random, it: Integration) -> Integration:
    """EUNO208: a cron firing every 15 minutes."""
    return with_schedule(it, "custom", "*/15 * * * *", None)


def zero_ttl(_rng: random.Random, it: Integration) -> Integration:
    """EUNO302: ttl_days of zero."""
    return dataclasses.replace(it, ttl_days="0")


def empty_revision(_rng: random.Random, it: Integration) -> Integration:
    """EUNO301: an empty revision_id."""
    return dataclasses.replace(it, revision_id='""')


def placeholder_namespace(_rng: random.Random, it: Integration) -> Integration:
    """EUNO406: the documentation's placeholder left in place."""
    return dataclasses.replace(it, namespace_id=quoted("your-namespace-id"))


def with_schedule(
    it: Integration, frequency: str, cron_expression: str | None, repeat_on: tuple[str, ...] | None
) -> Integration:
    """The integration with another schedule; ttl_days stays as it was."""
    schedule = dataclasses.replace(
        it.schedule, frequency=frequency, cron_expression=cron_expression, repeat_on=repeat_on
    )
    return dataclasses.replace(it, schedule=schedule)


PROBLEMS: tuple[Callable[[random.Random, Integration], Integration], ...] = (
    typo_frequency, custom_without_cron, weekly_without_days, invalid_cron, abbreviated_days,
    six_field_slip, too_frequent, zero_ttl, empty_revision, placeholder_namespace,
)  # fmt: skip
PROBLEM_RATE = 0.04


def plant_problems(
    rng: random.Random,
    integrations: list[Integration],
    *,
    at_least_one: bool = False,
    problems: Sequence[Callable[[random.Random, Integration], Integration]] = PROBLEMS,
) -> tuple[list[Integration], int]:
    """Give a few integrations a real mistake; returns them and how many were changed."""
    chosen = [i for i in range(len(integrations)) if rng.random() < PROBLEM_RATE]
    if at_least_one and not chosen:
        chosen = [rng.randrange(len(integrations))]
    planted = list(integrations)
    for index in chosen:
        planted[index] = rng.choice(problems)(rng, planted[index])
    return planted, len(chosen)


def render_integration(it: Integration) -> str:
    """The resource block of one integration."""
    schedule = it.schedule
    days = string_list(schedule.repeat_on) if schedule.repeat_on is not None else None
    cron = quoted(schedule.cron_expression) if schedule.cron_expression is not None else None
    items: list[Item] = [
        ("name", it.name),
        ("active", it.active),
        nested(
            "schedule",
            [
                ("frequency", quoted(schedule.frequency)),
                ("cron_expression", cron),
                ("repeat_on", days),
            ],
            1,
        ),
        nested(
            "invalidation_strategy",
            [("revision_id", it.revision_id), ("ttl_days", it.ttl_days)],
            1,
        ),
        nested(
            "configuration",
            [
                ("api_token", it.api_token),
                ("project_id", it.project_id),
                ("namespace_id", it.namespace_id),
                ("exclude_deleted_notebooks", it.exclude_deleted_notebooks),
            ],
            1,
        ),
    ]
    rendered = block(f'resource "euno_hex_integration" "{it.label}"', items)
    if it.comment is None:
        return rendered
    comment = "".join(f"# {line}\n" for line in it.comment.split("\n"))
    return comment + rendered


# --------------------------------------------------------------------------- euno modules

PROVIDER_REQUIREMENT = block(
    "terraform",
    [
        nested(
            "required_providers",
            [
                nested(
                    "euno =", [("source", quoted("euno-ai/euno")), ("version", quoted("~> 1.4"))], 2
                )
            ],
            1,
        )
    ],
)


@dataclass(frozen=True, slots=True)
class Generated:
    """Generated files (a module directory or a whole workload) and what they hold."""

    files: Tree
    resources: int
    problems: int


def euno_module(
    rng: random.Random, owner: Owner, resources: int, *, at_least_one_problem: bool = False
) -> Generated:
    """A module directory as teams write it: main.tf, variables.tf, terraform.tfvars."""
    style = Style(module_locals=True)
    topics = rng.sample(TOPICS, resources)
    clean = [make_integration(rng, owner, t, t.replace("-", "_"), style) for t in topics]
    integrations, problems = plant_problems(rng, clean, at_least_one=at_least_one_problem)
    files = {
        "main.tf": module_main(rng, owner, integrations),
        "variables.tf": module_variables(owner, revision_default=None),
        "terraform.tfvars": module_tfvars(rng, owner),
    }
    return Generated(files, len(integrations), problems)


def module_main(rng: random.Random, owner: Owner, integrations: Sequence[Integration]) -> str:
    """main.tf: the provider requirement, the locals the integrations use, the integrations."""
    project_ids = [
        (quoted(label), quoted(project_uuid(rng)))
        for label in sorted({i.label.replace("_", "-") for i in integrations})
    ]
    locals_block = block(
        "locals",
        [
            ("prefix", quoted(owner.slug)),
            ("namespace", quoted(owner.team)),
            nested("project_ids =", project_ids, 1),
        ],
    )
    return document([PROVIDER_REQUIREMENT, locals_block, *map(render_integration, integrations)])


def module_variables(owner: Owner, revision_default: str | None) -> str:
    """variables.tf: the sensitive token, the revision to invalidate from, the namespace."""
    token = block(
        'variable "hex_api_token"',
        [
            (
                "description",
                quoted(f"Hex workspace token Euno uses to crawl {owner.team}'s projects."),
            ),
            ("type", "string"),
            ("sensitive", "true"),
        ],
    )
    revision_id = block(
        'variable "revision_id"',
        [
            ("description", quoted("Bump to make Euno re-crawl every project.")),
            ("type", "string"),
            ("default", quoted(revision_default) if revision_default else None),
        ],
    )
    namespace = block(
        'variable "namespace"',
        [
            ("description", quoted(f"Euno namespace of the {owner.team} integrations.")),
            ("type", "string"),
            ("default", quoted(owner.team)),
        ],
    )
    return document([token, revision_id, namespace])


def module_tfvars(rng: random.Random, owner: Owner) -> str:
    """terraform.tfvars: the non-secret values; the token comes from the environment."""
    width = len("revision_id")
    return (
        f"{'revision_id':<{width}} = {quoted(revision(rng))}\n"
        f"{'namespace':<{width}} = {quoted(f'{owner.team}-{owner.environment}')}\n"
    )


def distinct_owners(rng: random.Random, count: int) -> list[Owner]:
    """`count` different owners, so that integration names never collide across modules."""
    every = [Owner(t, p, e) for t in TEAMS for p in PRODUCTS for e in ENVIRONMENTS]
    if count > len(every):
        raise GenerationError(f"at most {len(every)} euno modules can have distinct owners")
    return rng.sample(every, count)


# --------------------------------------------------------------------------- AWS Terraform


@dataclass(slots=True)
class Component:
    """The directory being filled: names its blocks share, and labels already used in it."""

    domain: str
    component: str
    environment: str
    used_labels: set[str] = dataclasses.field(default_factory=set)

    @property
    def prefix(self) -> str:
        """The name prefix its resources use."""
        return f"{self.domain}-{self.component}-{self.environment}"

    def label(self, rng: random.Random, nouns: Sequence[str]) -> str:
        """A resource label not yet used in this directory."""
        base = rng.choice(nouns)
        label, n = base, 2
        while label in self.used_labels:
            label, n = f"{base}_{n}", n + 1
        self.used_labels.add(label)
        return label


DOMAINS = (
    "payments", "identity", "search", "orders", "shipping", "catalog", "messaging", "billing",
    "analytics", "reporting", "fraud", "ledger", "notifications", "media", "pricing", "accounts",
    "support", "warehouse", "inventory", "auth", "gateway", "ml", "etl", "crm", "audit",
)  # fmt: skip
COMPONENTS = (
    "api", "worker", "scheduler", "ingest", "export", "web", "cron", "consumer", "producer",
    "sync", "backfill", "gateway", "indexer", "renderer", "webhooks", "queue", "batch", "stream",
)  # fmt: skip
REGIONS = ("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2")
BUCKET_NOUNS = ("artifacts", "logs", "exports", "backups", "raw", "curated", "reports", "uploads")
ROLE_NOUNS = ("worker", "task", "lambda", "deployer", "reader", "exporter", "scheduler")
SERVICE_PRINCIPALS = (
    "ecs-tasks.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com",
    "states.amazonaws.com", "glue.amazonaws.com",
)  # fmt: skip
S3_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:DeleteObject")
OTHER_ACTIONS = (
    ("sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"),
    ("kms:Decrypt", "kms:GenerateDataKey"),
    ("logs:CreateLogStream", "logs:PutLogEvents"),
    ("ssm:GetParameter", "ssm:GetParametersByPath"),
    ("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"),
)


def s3_bucket(rng: random.Random, at: Component) -> str:
    """A bucket with versioning, encryption and lifecycle rules from a dynamic block."""
    label = at.label(rng, BUCKET_NOUNS)
    bucket_name = f'"${{local.name_prefix}}-{label.replace("_", "-")}"'
    rules = [
        f'    {{ id = "{prefix.rstrip("/")}", prefix = "{prefix}", days = {days} }},'
        for prefix, days in rng.sample(
            [("logs/", 30), ("tmp/", 7), ("exports/", 90), ("raw/", 180), ("archive/", 365)],
            rng.randint(1, 3),
        )
    ]
    return document(
        [
            f"locals {{\n  {label}_lifecycle_rules = [\n" + "\n".join(rules) + "\n  ]\n}",
            block(
                f'resource "aws_s3_bucket" "{label}"',
                [
                    ("bucket", bucket_name),
                    ("tags", f"merge(local.common_tags, {{ Name = {bucket_name} }})"),
                ],
            ),
            block(
                f'resource "aws_s3_bucket_versioning" "{label}"',
                [
                    ("bucket", f"aws_s3_bucket.{label}.id"),
                    nested("versioning_configuration", [("status", quoted("Enabled"))], 1),
                ],
            ),
            s3_encryption(label),
            s3_lifecycle(label),
        ]
    ).rstrip("\n")


def s3_encryption(label: str) -> str:
    """Server-side encryption with the environment's KMS key."""
    default = nested(
        "apply_server_side_encryption_by_default",
        [("sse_algorithm", quoted("aws:kms")), ("kms_master_key_id", "var.kms_key_arn")],
        2,
    )
    return block(
        f'resource "aws_s3_bucket_server_side_encryption_configuration" "{label}"',
        [("bucket", f"aws_s3_bucket.{label}.id"), nested("rule", [default], 1)],
    )


def s3_lifecycle(label: str) -> str:
    """Lifecycle rules generated with a dynamic block over a local list."""
    content = nested(
        "content",
        [
            ("id", "rule.value.id"),
            ("status", quoted("Enabled")),
            nested("filter", [("prefix", "rule.value.prefix")], 3),
            nested("expiration", [("days", "rule.value.days")], 3),
        ],
        2,
    )
    rule = nested('dynamic "rule"', [("for_each", f"local.{label}_lifecycle_rules"), content], 1)
    return block(
        f'resource "aws_s3_bucket_lifecycle_configuration" "{label}"',
        [("bucket", f"aws_s3_bucket.{label}.id"), rule],
    )


def iam_role(rng: random.Random, at: Component) -> str:
    """A role whose trust and inline policies are written with jsonencode."""
    label = at.label(rng, ROLE_NOUNS)
    principal = rng.choice(SERVICE_PRINCIPALS)
    assume = (
        "jsonencode({\n"
        '    Version = "2012-10-17"\n'
        "    Statement = [{\n"
        '      Effect    = "Allow"\n'
        f'      Principal = {{ Service = "{principal}" }}\n'
        '      Action    = "sts:AssumeRole"\n'
        "    }]\n"
        "  })"
    )
    role = block(
        f'resource "aws_iam_role" "{label}"',
        [
            ("name", f'"${{local.name_prefix}}-{label.replace("_", "-")}"'),
            ("assume_role_policy", assume),
            ("max_session_duration", str(rng.choice((3600, 7200, 14400)))),
            ("tags", "local.common_tags"),
        ],
    )
    return role + "\n\n" + iam_role_policy(rng, label)


def iam_role_policy(rng: random.Random, role: str) -> str:
    """An inline policy with one to three statements."""
    statements = [
        "      {\n"
        f'        Sid      = "{sid}"\n'
        '        Effect   = "Allow"\n'
        f"        Action   = {string_list(actions)}\n"
        f"        Resource = {resource}\n"
        "      },"
        for sid, actions, resource in policy_statements(rng)
    ]
    policy = (
        'jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n'
        + "\n".join(statements)
        + "\n    ]\n  })"
    )
    return block(
        f'resource "aws_iam_role_policy" "{role}"',
        [
            ("name", quoted(f"{role}-inline")),
            ("role", f"aws_iam_role.{role}.id"),
            ("policy", policy),
        ],
    )


def policy_statements(rng: random.Random) -> list[tuple[str, tuple[str, ...], str]]:
    """(sid, actions, resource expression) for a policy."""
    statements = [
        (
            "ObjectAccess",
            tuple(sorted(rng.sample(S3_ACTIONS, rng.randint(1, 3)))),
            '["arn:aws:s3:::${local.name_prefix}-*", "arn:aws:s3:::${local.name_prefix}-*/*"]',
        )
    ]
    for n, actions in enumerate(rng.sample(OTHER_ACTIONS, rng.randint(0, 2))):
        service = actions[0].split(":")[0]
        resource = f'"arn:aws:{service}:${{var.region}}:${{var.account_id}}:*"'
        statements.append((f"{service.capitalize()}Access{n}", actions, resource))
    return statements


def policy_document(rng: random.Random, at: Component) -> str:
    """A data source whose statements come from a dynamic block over a map variable."""
    label = at.label(rng, ("readers", "writers", "cross_account", "replication"))
    content = nested(
        "content",
        [
            ("sid", "statement.key"),
            ("actions", "statement.value.actions"),
            ("resources", "statement.value.resources"),
            nested(
                "principals",
                [("type", quoted("AWS")), ("identifiers", "var.trusted_account_arns")],
                3,
            ),
        ],
        2,
    )
    statement = nested('dynamic "statement"', [("for_each", "var.bucket_statements"), content], 1)
    return block(f'data "aws_iam_policy_document" "{label}"', [statement])


def security_group(rng: random.Random, at: Component) -> str:
    """A security group whose ingress rules come from a dynamic block."""
    label = at.label(rng, ("service", "alb", "database", "cache", "bastion", "internal"))
    ingress = nested(
        'dynamic "ingress"',
        [
            ("for_each", "var.ingress_ports"),
            nested(
                "content",
                [
                    ("description", '"${ingress.key} from the VPC"'),
                    ("from_port", "ingress.value"),
                    ("to_port", "ingress.value"),
                    ("protocol", quoted("tcp")),
                    ("cidr_blocks", "var.allowed_cidrs"),
                ],
                2,
            ),
        ],
        1,
    )
    egress = nested(
        "egress",
        [
            ("from_port", "0"),
            ("to_port", "0"),
            ("protocol", quoted("-1")),
            ("cidr_blocks", string_list(["0.0.0.0/0"])),
        ],
        1,
    )
    return block(
        f'resource "aws_security_group" "{label}"',
        [
            ("name", f'"${{local.name_prefix}}-{label}"'),
            ("description", quoted(f"{label.capitalize()} traffic for {at.prefix}")),
            ("vpc_id", "var.vpc_id"),
            ingress,
            egress,
            ("tags", "local.common_tags"),
        ],
    )


def cloudwatch_alarm(rng: random.Random, at: Component) -> str:
    """A metric alarm with dimensions and an SNS action."""
    metric, namespace = rng.choice(
        [
            ("CPUUtilization", "AWS/ECS"),
            ("ApproximateAgeOfOldestMessage", "AWS/SQS"),
            ("Errors", "AWS/Lambda"),
            ("5XXError", "AWS/ApiGateway"),
        ]
    )
    label = at.label(rng, ("high_cpu", "queue_age", "errors", "latency", "throttles"))
    return block(
        f'resource "aws_cloudwatch_metric_alarm" "{label}"',
        [
            ("alarm_name", f'"${{local.name_prefix}}-{label.replace("_", "-")}"'),
            ("comparison_operator", quoted("GreaterThanThreshold")),
            ("evaluation_periods", str(rng.choice((1, 2, 3, 5)))),
            ("metric_name", quoted(metric)),
            ("namespace", quoted(namespace)),
            ("period", str(rng.choice((60, 300, 900)))),
            ("statistic", quoted(rng.choice(("Average", "Maximum", "Sum")))),
            ("threshold", str(rng.choice((1, 5, 80, 90, 300)))),
            ("alarm_actions", "[aws_sns_topic.alerts.arn]"),
            ("treat_missing_data", quoted("notBreaching")),
            nested("dimensions =", [("ServiceName", "local.name_prefix")], 1),
        ],
    )


def ssm_parameter(rng: random.Random, at: Component) -> str:
    """A configuration parameter for the service."""
    label = at.label(rng, ("endpoint", "queue_url", "feature_flags", "log_level", "batch_size"))
    value = rng.choice(
        (
            f'"https://{at.component}.{at.domain}.internal"',
            "jsonencode({ enabled = true, percentage = 25 })",
            quoted(rng.choice(("INFO", "DEBUG", "WARN"))),
            quoted(str(rng.choice((50, 100, 500)))),
        )
    )
    return block(
        f'resource "aws_ssm_parameter" "{label}"',
        [
            ("name", f'"/${{var.environment}}/{at.domain}/{at.component}/{label}"'),
            ("type", quoted("String")),
            ("value", value),
            ("tags", "local.common_tags"),
        ],
    )


MODULE_VERSIONS = ("~> 1.2", "~> 2.0", "~> 3.4", ">= 4.1, < 5.0")


def module_call(rng: random.Random, at: Component) -> str:
    """A call to a module of the organisation's private registry, with a few inputs."""
    kind = rng.choice(("queue", "service", "table", "topic", "function"))
    label = at.label(rng, (kind,))
    return block(
        f'module "{label}"',
        [
            ("source", quoted(f"app.terraform.io/acme/{kind}/aws")),
            ("version", quoted(rng.choice(MODULE_VERSIONS))),
            ("name", f'"${{local.name_prefix}}-{label}"'),
            ("environment", "var.environment"),
            ("desired_count", 'var.environment == "prod" ? 3 : 1'),
            ("subnet_ids", "var.private_subnet_ids"),
            ("kms_key_arn", "var.kms_key_arn"),
            ("tags", 'merge(local.common_tags, { Component = "' + label + '" })'),
        ],
    )


VARIABLE_SPECS = (
    ("environment", "string", None, "Deployment environment (dev, staging or prod)."),
    ("region", "string", '"us-east-1"', "AWS region to deploy into."),
    ("account_id", "string", None, "AWS account that owns the resources."),
    ("vpc_id", "string", None, "VPC the service runs in."),
    ("kms_key_arn", "string", None, "KMS key used to encrypt data at rest."),
    ("allowed_cidrs", "list(string)", '["10.0.0.0/8"]', "CIDR ranges allowed to connect."),
    ("ingress_ports", "map(number)", "{ https = 443 }", "Ports opened to the allowed ranges."),
    ("private_subnet_ids", "list(string)", "[]", "Subnets for tasks and functions."),
    ("trusted_account_arns", "list(string)", "[]", "Accounts allowed to read the buckets."),
    ("bucket_statements", "map(object({ actions = list(string), resources = list(string) }))",
     "{}", "Extra bucket policy statements keyed by Sid."),
    ("log_retention_days", "number", "30", "How long to keep CloudWatch logs."),
    ("alarm_email", "string", '""', "Where alarm notifications go."),
    ("enable_replication", "bool", "false", "Replicate buckets to the DR region."),
    ("tags", "map(string)", "{}", "Extra tags for every resource."),
    ("desired_count", "number", "2", "Tasks to keep running."),
    ("min_capacity", "number", "1", "Lower bound for autoscaling."),
    ("max_capacity", "number", "10", "Upper bound for autoscaling."),
    ("container_image", "string", None, "Image to deploy, with its tag."),
    ("schedule_expression", "string", '"rate(1 hour)"', "When the scheduled job runs."),
    ("alarm_thresholds", "object({ cpu = number, queue_age = number })",
     "{ cpu = 80, queue_age = 300 }", "Thresholds of the service's alarms."),
)  # fmt: skip


def variables_file(rng: random.Random, target_size: int) -> str:
    """variables.tf: declarations in a stable order until the file reaches its size."""
    blocks: list[str] = []
    size = 0
    for name, type_, default, description in VARIABLE_SPECS:
        if size >= target_size:
            break
        items: list[Item] = [("description", quoted(description)), ("type", type_)]
        items.append(("default", default))
        if name == "environment":
            items.append(environment_validation())
        elif name == "log_retention_days" and rng.random() < 0.5:
            items.append(retention_validation())
        blocks.append(block(f'variable "{name}"', items))
        size += len(blocks[-1]) + 2
    return document(blocks)


def environment_validation() -> str:
    """The validation most repositories put on the environment variable."""
    return nested(
        "validation",
        [
            ("condition", 'contains(["dev", "staging", "prod"], var.environment)'),
            ("error_message", quoted("environment must be dev, staging or prod.")),
        ],
        1,
    )


def retention_validation() -> str:
    """A range check on the log retention."""
    return nested(
        "validation",
        [
            ("condition", "var.log_retention_days >= 1 && var.log_retention_days <= 3653"),
            ("error_message", quoted("log_retention_days must be between 1 and 3653.")),
        ],
        1,
    )


OUTPUT_VALUES = (
    ("bucket_arn", "aws_s3_bucket.{bucket}.arn"),
    ("bucket_name", "aws_s3_bucket.{bucket}.bucket"),
    ("role_arn", "aws_iam_role.{role}.arn"),
    ("queue_url", "module.queue.url"),
    ("security_group_id", "aws_security_group.service.id"),
    ("name_prefix", "local.name_prefix"),
)


def outputs_block(rng: random.Random, at: Component) -> str:
    """An output exposing an attribute of something the directory creates."""
    base, value_format = rng.choice(OUTPUT_VALUES)
    label = at.label(rng, (base,))
    value = value_format.format(bucket=rng.choice(BUCKET_NOUNS), role=rng.choice(ROLE_NOUNS))
    return block(
        f'output "{label}"',
        [
            ("description", quoted(f"The {label.replace('_', ' ')} of {at.prefix}.")),
            ("value", value),
            ("sensitive", "false" if rng.random() < 0.2 else None),
        ],
    )


def common_locals(rng: random.Random, at: Component) -> str:
    """The locals every main.tf starts with: a name prefix and tags, plus a derived map."""
    owner = f"team-{rng.choice(TEAMS)}"
    return (
        "locals {\n"
        f'  name_prefix = "{at.domain}-{at.component}-${{var.environment}}"\n'
        "  common_tags = merge(var.tags, {\n"
        f'    Project     = "{at.domain}"\n'
        f'    Component   = "{at.component}"\n'
        "    Environment = var.environment\n"
        f'    Owner       = "{owner}"\n'
        f'    CostCenter  = "cc-{rng.randint(1000, 9999)}"\n'
        '    ManagedBy   = "terraform"\n'
        "  })\n"
        "  subnet_by_az = { for id in var.private_subnet_ids : substr(id, -1, 1) => id }\n"
        "}"
    )


def sns_topic(_rng: random.Random, at: Component) -> str:
    """The alerts topic alarms notify, with an optional e-mail subscription (once per directory)."""
    if "alerts" in at.used_labels:
        return ""
    at.used_labels.add("alerts")
    topic = block(
        'resource "aws_sns_topic" "alerts"',
        [
            ("name", '"${local.name_prefix}-alerts"'),
            ("kms_master_key_id", "var.kms_key_arn"),
            ("tags", "local.common_tags"),
        ],
    )
    subscription = block(
        'resource "aws_sns_topic_subscription" "alerts_email"',
        [
            ("count", 'var.alarm_email == "" ? 0 : 1'),
            ("topic_arn", "aws_sns_topic.alerts.arn"),
            ("protocol", quoted("email")),
            ("endpoint", "var.alarm_email"),
        ],
    )
    return topic + "\n\n" + subscription


BlockMaker = Callable[[random.Random, Component], str]
FILE_KINDS: dict[str, tuple[BlockMaker, ...]] = {
    "main.tf": (module_call, ssm_parameter, s3_bucket),
    "s3.tf": (s3_bucket,),
    "iam.tf": (iam_role, iam_role, policy_document),
    "network.tf": (security_group,),
    "monitoring.tf": (sns_topic, cloudwatch_alarm, cloudwatch_alarm),
    "outputs.tf": (outputs_block,),
}
OPTIONAL_FILES = ("iam.tf", "monitoring.tf", "network.tf", "outputs.tf", "s3.tf")
MIN_FILE_BYTES, MAX_TARGET_BYTES = 2048, 3900


def aws_file(rng: random.Random, at: Component, name: str) -> str:
    """One ordinary Terraform file of 2-5 KB; main.tf starts with the shared locals."""
    target = rng.randint(MIN_FILE_BYTES, MAX_TARGET_BYTES)
    if name == "variables.tf":
        return variables_file(rng, target)
    makers = FILE_KINDS[name]
    blocks = [common_locals(rng, at)] if name == "main.tf" else []
    size = sum(len(b) for b in blocks)
    while size < target:
        made = rng.choice(makers)(rng, at)
        if made:
            blocks.append(made)
            size += len(made) + 2
    return document(blocks)


def aws_directory(rng: random.Random, at: Component, file_count: int) -> Tree:
    """A directory of `file_count` files: main.tf and variables.tf, then a few others."""
    names = ["main.tf", "variables.tf", *rng.sample(OPTIONAL_FILES, len(OPTIONAL_FILES))]
    return {name: aws_file(rng, at, name) for name in sorted(names[:file_count])}


# --------------------------------------------------------------------------- repository layout


def aws_directory_path(rng: random.Random) -> tuple[str, Component]:
    """A nested directory path in one of the layouts monorepos use, and its component."""
    domain, component = rng.choice(DOMAINS), rng.choice(COMPONENTS)
    environment = rng.choice(ENVIRONMENTS)
    layout = rng.randrange(4)
    if layout == 0:
        path = f"services/{domain}/{domain}-{component}/{environment}"
    elif layout == 1:
        path = f"platform/{component}/{rng.choice(REGIONS)}/{environment}"
    elif layout == 2:
        path = f"data/{domain}/{component}-pipeline/{environment}/{rng.choice(REGIONS)}"
    else:
        path = f"teams/{rng.choice(TEAMS)}/{domain}-{component}"
    return path, Component(domain, component, environment)


def repository(rng: random.Random, tf_files: int, euno_modules: int, resources: int) -> Generated:
    """A monorepo: `euno_modules` euno modules, ordinary directories up to `tf_files` .tf files."""
    tree: Tree = {".gitignore": GITIGNORE}
    euno_resources = problems = 0
    for owner in distinct_owners(rng, euno_modules):
        module = euno_module(rng, owner, resources)
        directory = f"data/{owner.team}/{owner.product}-hex/{owner.environment}"
        tree.update({f"{directory}/{name}": text for name, text in module.files.items()})
        euno_resources += module.resources
        problems += module.problems
    remaining = tf_files - 2 * euno_modules
    used: set[str] = set()
    while remaining > 0:
        path, component = aws_directory_path(rng)
        if path in used:
            continue
        used.add(path)
        count = min(remaining, rng.choice((2, 3, 3, 4, 4, 5, 6)))
        files = aws_directory(rng, component, count)
        tree.update({f"{path}/{name}": text for name, text in files.items()})
        remaining -= count
    return Generated(tree, euno_resources, problems)


def big_file(rng: random.Random, resources: int) -> Generated:
    """One main.tf holding every integration of the account, with its variables.tf."""
    every = [(o, t) for o in distinct_owners(rng, len(TEAMS) * len(PRODUCTS)) for t in TOPICS]
    style = Style(module_locals=False, banners=True)
    clean = [
        make_integration(rng, owner, topic, f"{owner.slug}-{topic}".replace("-", "_"), style)
        for owner, topic in rng.sample(every, resources)
    ]
    integrations, problems = plant_problems(rng, clean, at_least_one=True)
    account = Owner("platform", "catalog", "prod")
    files = {
        ".gitignore": GITIGNORE,
        "main.tf": document([PROVIDER_REQUIREMENT, *map(render_integration, integrations)]),
        "variables.tf": module_variables(account, revision_default="2024-06-r1"),
    }
    return Generated(files, len(integrations), problems)


def pre_commit_module(rng: random.Random, resources: int) -> Generated:
    """The module a pre-commit hook lints: one directory, one mistake in it."""
    owner = distinct_owners(rng, 1)[0]
    module = euno_module(rng, owner, resources, at_least_one_problem=True)
    files = {".gitignore": GITIGNORE, **module.files}
    return Generated(files, module.resources, module.problems)


# --------------------------------------------------------------------------- module calls

MODULE_SOURCE = "../../modules/hex"
MAP_PROBLEMS: tuple[Callable[[random.Random, Integration], Integration], ...] = (
    typo_frequency, custom_without_cron, weekly_without_days, invalid_cron, abbreviated_days,
    six_field_slip, too_frequent, zero_ttl,
)  # fmt: skip
"""The mistakes a project's map entry can carry (revision and namespace are per call)."""
DEFAULT_TTL_DAYS = 7

HEX_MODULE_MAIN = document(
    [
        PROVIDER_REQUIREMENT,
        block("locals", [("prefix", '"${var.team}-${var.environment}"')]),
        "# One integration per Hex project of the team, named after the project's key.\n"
        + block(
            'resource "euno_hex_integration" "project"',
            [
                "  for_each = var.projects\n",
                ("name", '"${local.prefix}-${each.key}"'),
                ("active", "each.value.active"),
                nested(
                    "schedule",
                    [
                        ("frequency", "each.value.frequency"),
                        ("cron_expression", "each.value.cron_expression"),
                        ("repeat_on", "each.value.repeat_on"),
                    ],
                    1,
                ),
                nested(
                    "invalidation_strategy",
                    [("revision_id", "var.revision_id"), ("ttl_days", "each.value.ttl_days")],
                    1,
                ),
                nested(
                    "configuration",
                    [
                        ("api_token", "var.token"),
                        ("project_id", "each.value.project_id"),
                        ("namespace_id", "var.namespace"),
                        ("exclude_deleted_notebooks", "each.value.exclude_deleted_notebooks"),
                    ],
                    1,
                ),
            ],
        ),
    ]
)

PROJECTS_TYPE = f"""map(object({{
    project_id                = string
    frequency                 = string
    cron_expression           = optional(string)
    repeat_on                 = optional(list(string))
    ttl_days                  = optional(number, {DEFAULT_TTL_DAYS})
    active                    = optional(bool)
    exclude_deleted_notebooks = optional(bool)
  }}))"""

HEX_MODULE_VARIABLES = document(
    [
        block(
            'variable "team"',
            [
                ("description", quoted("Team owning the projects; prefixes names.")),
                ("type", "string"),
            ],
        ),
        block(
            'variable "environment"',
            [
                ("description", quoted("Deployment environment (dev, staging or prod).")),
                ("type", "string"),
                environment_validation(),
            ],
        ),
        block(
            'variable "namespace"',
            [
                ("description", quoted("Euno namespace of the team's integrations.")),
                ("type", "string"),
            ],
        ),
        block(
            'variable "revision_id"',
            [
                ("description", quoted("Bump to make Euno re-crawl every project.")),
                ("type", "string"),
            ],
        ),
        block(
            'variable "token"',
            [
                ("description", quoted("Hex workspace token Euno uses to crawl the projects.")),
                ("type", "string"),
                ("sensitive", "true"),
            ],
        ),
        block(
            'variable "projects"',
            [
                (
                    "description",
                    quoted("Hex projects to crawl; each key ends its integration's name."),
                ),
                ("type", PROJECTS_TYPE),
            ],
        ),
    ]
)

HEX_MODULE_OUTPUTS = (
    block(
        'output "integration_ids"',
        [
            ("description", quoted("Euno integration id of each project, by key.")),
            (
                "value",
                "{ for key, integration in euno_hex_integration.project : key => integration.id }",
            ),
        ],
    )
    + "\n"
)


def project_entry(key: str, it: Integration) -> str:
    """One project of a call's `projects` map: an object with the integration's values."""
    schedule = it.schedule
    cron = quoted(schedule.cron_expression) if schedule.cron_expression is not None else None
    days = string_list(schedule.repeat_on) if schedule.repeat_on is not None else None
    ttl = None if it.ttl_days == str(DEFAULT_TTL_DAYS) else it.ttl_days
    entry = nested(
        f"{quoted(key)} =",
        [
            ("project_id", it.project_id),
            ("frequency", quoted(schedule.frequency)),
            ("cron_expression", cron),
            ("repeat_on", days),
            ("ttl_days", ttl),
            ("active", it.active),
            ("exclude_deleted_notebooks", it.exclude_deleted_notebooks),
        ],
        2,
    )
    if it.comment is None:
        return entry
    return "".join(f"    # {line}\n" for line in it.comment.split("\n")) + entry


def team_call(rng: random.Random, owner: Owner, projects: Sequence[Integration]) -> str:
    """A `module "team_<team>"` call of the local hex module, with the team's projects map."""
    namespace = rng.choice((quoted(owner.team), quoted(f"{owner.team}-{owner.environment}")))
    entries = [project_entry(it.label, it) for it in projects]
    call = block(
        f'module "team_{owner.team.replace("-", "_")}"',
        [
            ("source", quoted(MODULE_SOURCE)),
            ("team", quoted(owner.team)),
            ("environment", "local.environment"),
            ("namespace", namespace),
            ("revision_id", "var.revision_id"),
            ("token", "var.hex_api_token"),
            nested("projects =", entries, 1),
        ],
    )
    return f"# {owner.team.capitalize()}: {len(projects)} Hex projects.\n# {contact(owner)}\n{call}"


def root_module_main(calls: Sequence[str]) -> str:
    """The environment's main.tf: providers, state, the environment local, one call per team."""
    settings = block(
        "terraform",
        [
            ("required_version", quoted(">= 1.5")),
            nested(
                'backend "s3"',
                [
                    ("bucket", quoted("acme-terraform-state")),
                    ("key", quoted("euno/prod/terraform.tfstate")),
                    ("region", quoted("us-east-1")),
                    ("dynamodb_table", quoted("terraform-locks")),
                ],
                1,
            ),
            nested(
                "required_providers",
                [
                    nested(
                        "euno =",
                        [("source", quoted("euno-ai/euno")), ("version", quoted("~> 1.4"))],
                        2,
                    )
                ],
                1,
            ),
        ],
    )
    environment = block("locals", [("environment", quoted("prod"))])
    return document([settings, environment, *calls])


def root_module_variables() -> str:
    """The environment's variables.tf: the sensitive token and the revision to crawl from."""
    token = block(
        'variable "hex_api_token"',
        [
            ("description", quoted("Hex workspace token, from TF_VAR_hex_api_token in CI.")),
            ("type", "string"),
            ("sensitive", "true"),
        ],
    )
    revision_id = block(
        'variable "revision_id"',
        [("description", quoted("Bump to make Euno re-crawl every project.")), ("type", "string")],
    )
    return document([token, revision_id])


def module_calls(rng: random.Random, calls: int, projects_per_call: int) -> Generated:
    """A root module calling the local hex module once per team, each with a projects map."""
    teams = sorted(rng.sample(TEAMS, calls))
    owners = [Owner(team, rng.choice(PRODUCTS), "prod") for team in teams]
    style = Style(module_locals=False)
    clean = [
        make_integration(rng, owner, topic, topic, style)
        for owner in owners
        for topic in rng.sample(TOPICS, projects_per_call)
    ]
    integrations, problems = plant_problems(rng, clean, at_least_one=True, problems=MAP_PROBLEMS)
    team_calls = [
        team_call(rng, owner, integrations[n * projects_per_call : (n + 1) * projects_per_call])
        for n, owner in enumerate(owners)
    ]
    files = {
        ".gitignore": GITIGNORE,
        "envs/prod/main.tf": root_module_main(team_calls),
        "envs/prod/variables.tf": root_module_variables(),
        "envs/prod/terraform.tfvars": f"revision_id = {quoted(revision(rng))}\n",
        "modules/hex/main.tf": HEX_MODULE_MAIN,
        "modules/hex/outputs.tf": HEX_MODULE_OUTPUTS,
        "modules/hex/variables.tf": HEX_MODULE_VARIABLES,
    }
    return Generated(files, len(integrations), problems)


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class Recipe:
    """How to build one workload and how euno-lint and the python-hcl2 floor are pointed at it."""

    title: str
    build: Callable[[random.Random, Scale], Generated]
    lint_paths: tuple[str, ...]
    floor_files: tuple[str, ...]


RECIPES = {
    "W1": Recipe(
        "pre-commit",
        lambda rng, scale: pre_commit_module(rng, scale.module_resources),
        ("main.tf", "variables.tf"),
        ("main.tf", "variables.tf"),
    ),
    "W2": Recipe(
        "monorepo",
        lambda rng, scale: repository(
            rng, scale.repository_tf_files, scale.monorepo_euno_modules, scale.module_resources
        ),
        (".",),
        (),
    ),
    "W3": Recipe(
        "heavy",
        lambda rng, scale: repository(
            rng, scale.repository_tf_files, scale.heavy_euno_modules, scale.module_resources
        ),
        (".",),
        (),
    ),
    "W4": Recipe(
        "big file",
        lambda rng, scale: big_file(rng, scale.big_file_resources),
        (".",),
        ("main.tf",),
    ),
    "W5": Recipe(
        "modules",
        lambda rng, scale: module_calls(rng, scale.module_calls, scale.projects_per_call),
        ("envs/prod",),
        (),
    ),
}


def tree_digest(tree: Tree) -> str:
    """A SHA-256 over every path and content, in sorted order."""
    digest = hashlib.sha256()
    for path in sorted(tree):
        data = tree[path].encode()
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def build(name: str, scale: Scale) -> tuple[Workload, Tree]:
    """The workload's manifest and files, without touching the disk."""
    recipe = RECIPES[name]
    rng = random.Random(f"euno-lint-benchmarks/{name}/{scale.name}/v{GENERATOR_VERSION}")
    made = recipe.build(rng, scale)
    workload = Workload(
        name=name,
        title=recipe.title,
        scale=scale.name,
        generator_version=GENERATOR_VERSION,
        lint_paths=recipe.lint_paths,
        floor_files=recipe.floor_files,
        tf_files=sum(1 for path in made.files if path.endswith(".tf")),
        files=len(made.files),
        bytes=sum(len(text.encode()) for text in made.files.values()),
        euno_resources=made.resources,
        planted_problems=made.problems,
        digest=tree_digest(made.files),
    )
    return workload, made.files


def manifest_path(target: Path, name: str) -> Path:
    """Where a workload's manifest is kept: next to its directory."""
    return target / f"{name}.json"


def load_manifest(target: Path, name: str) -> Workload | None:
    """The recorded manifest of a workload, or None when there is none or it is unreadable."""
    try:
        data = json.loads(manifest_path(target, name).read_text(encoding="utf-8"))
        data["lint_paths"] = tuple(data["lint_paths"])
        data["floor_files"] = tuple(data["floor_files"])
        return Workload(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def write(target: Path, workload: Workload, tree: Tree) -> None:
    """Write a workload next to its manifest, replacing an older generation of it."""
    root = workload.root(target)
    if root.exists() and load_manifest(target, workload.name) is None:
        raise GenerationError(f"{root} exists and was not made by this generator; remove it")
    partial = target / f".{workload.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    for path in sorted(tree):
        file = partial / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(tree[path].encode())
    (partial / ".git").mkdir()
    manifest = json.dumps(dataclasses.asdict(workload), indent=2, sort_keys=True) + "\n"
    manifest_path(target, workload.name).write_text(manifest, encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)


def generate(
    target: Path, scale: Scale, names: Iterable[str] = WORKLOAD_NAMES
) -> dict[str, Workload]:
    """Build and write the named workloads under `target`, replacing what was there."""
    target.mkdir(parents=True, exist_ok=True)
    made: dict[str, Workload] = {}
    for name in names:
        workload, tree = build(name, scale)
        write(target, workload, tree)
        made[name] = workload
    return made


def is_current(target: Path, workload: Workload | None, scale: Scale) -> bool:
    """Whether a recorded workload matches this generator and scale and is still on disk."""
    return (
        workload is not None
        and workload.generator_version == GENERATOR_VERSION
        and workload.scale == scale.name
        and workload.root(target).is_dir()
    )


def ensure(
    target: Path,
    scale: Scale,
    names: Iterable[str] = WORKLOAD_NAMES,
    report: Callable[[str], None] = lambda _message: None,
) -> dict[str, Workload]:
    """The named workloads, generating those that are missing or from another generator."""
    found: dict[str, Workload] = {}
    for name in names:
        recorded = load_manifest(target, name)
        if recorded is not None and is_current(target, recorded, scale):
            found[name] = recorded
            continue
        report(f"generating {name} ({scale.name}) in {target / name} ...")
        found.update(generate(target, scale, [name]))
    return found


def parse_names(text: str) -> list[str]:
    """Workload names from a comma-separated list such as ``W1,W3``, validated."""
    names = [part.strip().upper() for part in text.split(",") if part.strip()]
    unknown = sorted(set(names) - set(WORKLOAD_NAMES))
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown workload {', '.join(unknown)} (choose from {', '.join(WORKLOAD_NAMES)})"
        )
    return [name for name in WORKLOAD_NAMES if name in names]


def default_target(scale: Scale) -> Path:
    """Where a scale's workloads go unless told otherwise."""
    return DEFAULT_TARGET if scale is FULL else DEFAULT_TARGET / scale.name


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the workloads from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--target", type=Path, help="directory to write into")
    parser.add_argument("--tiny", action="store_true", help="drastically smaller workloads")
    parser.add_argument("--workloads", type=parse_names, default=list(WORKLOAD_NAMES))
    parser.add_argument("--force", action="store_true", help="regenerate even when current")
    options = parser.parse_args(argv)
    scale = TINY if options.tiny else FULL
    target: Path = options.target or default_target(scale)
    try:
        if options.force:
            made = generate(target, scale, options.workloads)
        else:
            made = ensure(target, scale, options.workloads, report=print)
    except GenerationError as error:
        print(f"generate: error: {error}", file=sys.stderr)
        return 2
    for workload in made.values():
        print(describe(workload, target))
    return 0


def describe(workload: Workload, target: Path) -> str:
    """One line about a workload: where, how big, its digest."""
    return (
        f"{workload.name} {workload.title}: {workload.tf_files:,} .tf files, "
        f"{workload.bytes / 1e6:.1f} MB, {workload.euno_resources} integrations "
        f"({workload.planted_problems} with a planted problem) in {workload.root(target)} "
        f"sha256 {workload.digest[:12]}"
    )


if __name__ == "__main__":
    sys.exit(main())
