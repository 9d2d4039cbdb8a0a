"""The Dask cluster extraction may run on: checked before a run starts."""

from __future__ import annotations

from core.errors import UserError

CONNECT_SECONDS = 10


def check_scheduler(address: str) -> None:
    """Raise `UserError` unless a Dask scheduler answers at `address` within `CONNECT_SECONDS`."""
    from distributed import Client

    try:
        with Client(address, timeout=CONNECT_SECONDS, set_as_default=False) as client:
            workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
    except (OSError, TimeoutError) as error:
        raise UserError(f"no Dask scheduler answers at {address} ({type(error).__name__}: {error})") from error
    if workers == 0:
        raise UserError(f"the Dask scheduler at {address} has no worker; start some with "
                        f"`dask worker {address}`")
