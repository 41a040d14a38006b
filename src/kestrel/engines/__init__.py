"""Scale-out engines: the same pipeline on a Dask cluster (or Spark), writing Parquet.

- :func:`rows_from_batch`: the one batch function (articles → rows of the store's tables).
- :func:`plan_partitions` / :func:`read_partition`: inputs split into redoable units of work.
- :func:`run_dask`: code partitions on a Dask distributed cluster into date-partitioned Parquet
  with a manifest; reruns skip partitions already done.
- :func:`load_output`: load an output folder into an :class:`~kestrel.store.EventStore`.

Dask itself is an optional dependency (``pip install 'kestrel-events[dask]'``) imported only when a
cluster is needed. See docs/scaling.md.
"""

from __future__ import annotations

from kestrel.engines.dask_engine import EngineReport, code_partition, run_dask
from kestrel.engines.manifest import read_manifest
from kestrel.engines.parquet import LoadResult, load_output, load_parquet, write_partition_rows
from kestrel.engines.partition import Partition, plan_partitions, read_partition
from kestrel.engines.rows import TABLES, rows_from_batch, table_columns

__all__ = [
    "TABLES",
    "EngineReport",
    "LoadResult",
    "Partition",
    "code_partition",
    "load_output",
    "load_parquet",
    "plan_partitions",
    "read_manifest",
    "read_partition",
    "rows_from_batch",
    "run_dask",
    "table_columns",
    "write_partition_rows",
]
