"""`tragac ray hash` and `tragac ray match`: the fingerprint functions and the bank index on a Ray cluster."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.fingerprints.pdq import PDQ_MATCH_THRESHOLD

app = typer.Typer(
    help="Hashing and sharded matching on a Ray cluster (optional extra: pip install 'tragac[ray]').",
    no_args_is_help=True,
)

AddressOption = Annotated[
    str | None,
    typer.Option(
        "--address", envvar="RAY_ADDRESS", help="Ray cluster to join (ray://host:10001 or auto); default: a local Ray."
    ),
]
CpusOption = Annotated[int | None, typer.Option("--num-cpus", min=1, help="CPUs of the local Ray (no --address).")]


@app.command("hash")
def hash_command(
    sources: Annotated[
        list[str], typer.Argument(help="Files, folders or object-store URIs (s3://…, gs://…).", show_default=False)
    ],
    out: Annotated[Path | None, typer.Option("--out", help="Write the hashes as Parquet files in this folder.")] = None,
    into_store: Annotated[
        bool, typer.Option("--store", help="Also write them onto the store's unhashed media with the same SHA-256.")
    ] = False,
    actors: Annotated[int, typer.Option("--actors", min=1, help="Hashing actors (each holds its decoders).")] = 2,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Files per map_batches call.")] = 16,
    reference: Annotated[
        bool, typer.Option("--reference", help="A victim's own media: 8 dihedral hashes and every video frame.")
    ] = False,
    address: AddressOption = None,
    num_cpus: CpusOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Fingerprint files with Ray Data (same hash functions as `tragac hash`); write Parquet and/or into the store."""
    from tragac.distributed.ray_hash import apply_to_store, from_row, hash_dataset, start_ray, write_parquet
    from tragac.errors import InputError
    from tragac.media.hasher import HashOptions

    if out is None and not into_store:
        raise InputError("say where the hashes go: --out FOLDER (Parquet), --store, or both")
    start_ray(address, num_cpus)
    ds = hash_dataset(sources, HashOptions(reference=reference, video_threads=1), actors=actors, batch_size=batch_size)
    ds = ds.materialize()
    summary: dict[str, object] = {"files": ds.count()}
    if out is not None:
        write_parquet(ds, out)
        summary["parquet"] = str(out)
    if into_store:
        summary["store"] = apply_to_store(store_for(home), (from_row(r) for r in ds.iter_rows()))
    if json:
        print_json(summary)
    else:
        console.print(f"hashed {summary['files']} files" + (f" into {out}" if out else ""))
        if into_store:
            console.print(f"store: {summary['store']}")


@app.command("match")
def match_command(
    hashes: Annotated[Path, typer.Argument(help="Parquet written by `tragac ray hash --out`.", show_default=False)],
    shards: Annotated[int, typer.Option("--shards", min=1, help="Index shards, one Ray actor each.")] = 2,
    index_file: Annotated[
        Path | None, typer.Option("--index", help="An index .npz (default: the store's bank index, kept in sync).")
    ] = None,
    threshold: Annotated[
        int, typer.Option("--threshold", min=0, max=256, help="Hamming distance, inclusive.")
    ] = PDQ_MATCH_THRESHOLD,
    address: AddressOption = None,
    num_cpus: CpusOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Match hashes against the bank index sharded by hash prefix across Ray actors; exact, like `tragac match`."""
    import pyarrow.parquet as pq

    from tragac.distributed.ray_hash import start_ray
    from tragac.distributed.ray_match import RayShardedIndex, match_hash_rows
    from tragac.errors import InputError
    from tragac.matching.index import HashIndex, MIHIndex

    if not hashes.exists():
        raise InputError(f"{hashes}: no such file or folder")
    rows = pq.read_table(hashes).to_pylist()
    source: HashIndex
    if index_file is not None:
        if not index_file.is_file():
            raise InputError(f"{index_file}: no such index file")
        source = MIHIndex.load(index_file)
    else:
        from tragac.matching.bank_index import synced_index

        source, _ = synced_index(store_for(home))
    start_ray(address, num_cpus)
    sharded = RayShardedIndex(shards=shards)
    try:
        sharded.add(*source.entries())
        del source
        matches = match_hash_rows(sharded, rows, threshold)
        sizes = sharded.shard_sizes()
    finally:
        sharded.close()
    summary = {"queries": len(rows), "entries": sum(sizes), "shard_sizes": sizes, "matches": matches}
    if json:
        print_json(summary)
        return
    console.print(f"{len(matches)} matches for {len(rows)} hashes against {sum(sizes)} entries in {shards} shards")
    for m in matches[:50]:
        console.print(f"  {m['path']}  entry {m['entry_id']}  distance {m['distance']}")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="ray")
