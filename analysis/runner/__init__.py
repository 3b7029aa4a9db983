"""The runner's compute layer: one settings source, a stage store, and a Dask engine (issue 7).

Public API:

* settings: :class:`Setting`, :data:`SETTINGS`, :class:`ResolvedSettings`,
  :func:`resolve_settings`, :func:`to_json`, :func:`from_json`;
* store: :class:`Store`, :class:`Entry`, :class:`StoreError`, :data:`DATA_INTERIM_DIR`,
  :data:`DEFAULT_STORE_DIR`, :func:`write_parquet`, :func:`make_key`;
* engine: :class:`Engine`, :class:`EngineError`, :class:`Partition`, :func:`plan_partitions`;
* stages: :data:`STAGES` (each a declared :class:`Stage`), :func:`build`, :func:`build_all`, :func:`stage_keys`,
  :func:`table_bytes`; code versions from the import graph (:mod:`~analysis.runner.code_version`);
* the report: :mod:`~analysis.runner.report` (``python -m analysis report``) builds the stages, runs the
  notebooks and publishes with :mod:`analysis.report`.

A notebook (or the runner) builds what it needs and reads only the rows it needs::

    from analysis.runner import Store, build
    tokens = build("text", "data/raw", {}, Store())      # builds documents and text if missing
    nato = tokens.read("tokens", filters=[("norm", "in", ["nato"])])
"""

from analysis.runner.engine import Engine, EngineError, Partition, plan_partitions
from analysis.runner.settings import (
    SETTINGS,
    ResolvedSettings,
    Setting,
    from_json,
    resolve_settings,
    to_json,
)
from analysis.runner.stages import STAGES, Stage, build, build_all, settings_read, stage_keys, table_bytes
from analysis.runner.store import (
    DATA_INTERIM_DIR,
    DEFAULT_STORE_DIR,
    Entry,
    Store,
    StoreError,
    make_key,
    write_parquet,
)

__all__ = [
    "SETTINGS", "Setting", "ResolvedSettings", "resolve_settings", "to_json", "from_json",
    "Store", "Entry", "StoreError", "DATA_INTERIM_DIR", "DEFAULT_STORE_DIR", "write_parquet", "make_key",
    "Engine", "EngineError", "Partition", "plan_partitions",
    "STAGES", "Stage", "settings_read", "build", "build_all", "stage_keys", "table_bytes",
]
