"""`chipwatch run` and `chipwatch demo`: the whole pipeline once, locally, with Prefect's temporary server."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from flows.cli.options import budget_seconds, dask_address, positive
from flows.settings import default_dask_address, default_workers
from nlp.supervised import DEFAULT_BUDGET

if TYPE_CHECKING:
    from crawler.sources import SourcesConfig

DEFAULT_DEMO_DB = Path("chipwatch.duckdb")


def register(commands: argparse._SubParsersAction) -> None:
    """Add the pipeline subcommands to the `chipwatch` parser."""
    run = commands.add_parser(
        "run", help="crawl, extract and load the configured sources once into a DuckDB warehouse",
        description="Run the `pipeline` Prefect flow once, locally: crawl every source of the sources file, "
        "extract entities, relations and sanction events from new articles, and load everything into the "
        "warehouse. The crawler's raw records are kept beside it in DB.crawl.jsonl.")
    run.add_argument("--sources", required=True, type=Path, help="sources YAML file (see sources.example.yaml)")
    run.add_argument("--db", required=True, type=Path, help="DuckDB warehouse file (created when missing)")
    _pipeline_options(run)
    run.set_defaults(handler=run_pipeline_command)

    demo = commands.add_parser(
        "demo", help="run the whole pipeline on the bundled demo press, offline, into ./chipwatch.duckdb",
        description="Serve the bundled demo press (fictional French, English and Chinese outlets) on "
        "127.0.0.1, run the pipeline over it like over real sources, and summarise what the warehouse holds.")
    demo.add_argument("--db", type=Path, default=DEFAULT_DEMO_DB, help=f"warehouse file (default: {DEFAULT_DEMO_DB})")
    _pipeline_options(demo)
    demo.set_defaults(handler=run_demo_command)


def _pipeline_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--alerts", type=Path, help="alert channels and watch list YAML (see "
                        "flows/alerting/alerts.example.yaml); without it alerts are recorded, not sent")
    parser.add_argument("--workers", type=positive, default=default_workers(),
                        help="extraction worker processes (default: CHIPWATCH_WORKERS or one per core)")
    parser.add_argument("--budget", type=budget_seconds, default=DEFAULT_BUDGET, metavar="SECONDS",
                        help=f"seconds one article may take to extract; a slower one is skipped with its reason "
                        f"(default {DEFAULT_BUDGET:g})")
    parser.add_argument("--dask", metavar="ADDRESS", default=default_dask_address(), type=dask_address,
                        help="extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786) instead "
                        "of local processes; no per-article budget there (default: CHIPWATCH_DASK)")
    parser.add_argument("--refetch", action="store_true", help="fetch again pages that are already stored")
    parser.add_argument("--ner-model", type=Path, help="local Hugging Face token-classification model folder "
                        "used as an extra NER source (needs the `transformers` extra)")


def run_pipeline_command(args: argparse.Namespace) -> int:
    from crawler.sources import load_sources

    _run(load_sources(args.sources), args)  # a configuration mistake stops here, before Prefect starts
    return 0


def run_demo_command(args: argparse.Namespace) -> int:
    from crawler.demo import serve_demo_sources
    from crawler.sources import load_sources

    with serve_demo_sources(args.db) as sources_file:
        _run(load_sources(sources_file), args)
    return 0


def _run(config: SourcesConfig, args: argparse.Namespace) -> None:
    from flows.alerting import load_alert_config
    from flows.settings import configure_prefect

    if args.alerts:
        load_alert_config(args.alerts)  # checked before Prefect starts
    if args.ner_model:
        from nlp.backends.transformers_ner import check_model_folder

        check_model_folder(args.ner_model)  # a missing model folder stops here
    if args.dask:
        from flows.cluster import check_scheduler

        check_scheduler(args.dask)  # an unreachable scheduler stops here
    configure_prefect()
    from flows.pipeline import pipeline
    from flows.report import warehouse_summary
    from warehouse.db import open_warehouse

    with open_warehouse(args.db):  # the schema, the folder and the lock are checked before Prefect starts
        pass
    pipeline(sources=config, db=str(args.db), alerts_file=str(args.alerts) if args.alerts else None,
             workers=args.workers, refetch=args.refetch,
             ner_model=str(args.ner_model) if args.ner_model else None, budget=args.budget, dask=args.dask)
    print(warehouse_summary(str(args.db)))
