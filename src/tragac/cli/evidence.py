"""`tragac evidence …`: evidence packages (export, verify), vault capture, and recipient keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tragac.cli.case import ByOption, actor
from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for

evidence_app = typer.Typer(help="Evidence packages a prosecutor or court can check.", no_args_is_help=True)


@evidence_app.command("export")
def export(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The zip file to write.")],
    recipient_key: Annotated[
        Path | None, typer.Option("--recipient-key", help="X25519 public key (PEM): encrypt media for it.")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also render the summary as PDF.")] = False,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Write the case's evidence package (manifest, custody log, summary, vault media); logged as a custody event."""
    from tragac.cases.package import export_package

    res = export_package(store_for(home), case, output, actor=actor(by), recipient_key=recipient_key, pdf=pdf)
    out = {
        "path": str(res.path),
        "sha256": res.sha256,
        "items": res.items,
        "media_files": res.media_files,
        "custody_head": res.custody_head,
    }
    if json:
        print_json(out)
    else:
        console.print(
            f"wrote {res.path}: {res.items} item(s), {res.media_files} media file(s)\n"
            f"package SHA-256 {res.sha256}\ncustody head {res.custody_head} (give it to the recipient separately)"
        )


@evidence_app.command("verify")
def verify(
    package: Annotated[Path, typer.Argument(help="An evidence package zip.")],
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Recompute every hash and the custody chain; exit 1 naming the first bad item if anything was altered."""
    from tragac.cases.package import verify_package

    res = verify_package(package)
    out = {
        "ok": res.ok,
        "items": res.items,
        "files": res.files,
        "custody_entries": res.custody_entries,
        "custody_head": res.custody_head,
        "first_problem": res.first_problem,
        "problems": res.problems,
    }
    if json:
        print_json(out)
    elif res.ok:
        console.print(
            f"OK: {res.items} item(s), {res.files} file(s), custody chain of {res.custody_entries} entries intact; "
            f"head {res.custody_head}"
        )
    else:
        console.print(f"[bold red]ALTERED:[/] {res.first_problem}", highlight=False)
        for p in res.problems[1:]:
            console.print(f"  also: {p}", highlight=False)
    if not res.ok:
        raise typer.Exit(1)


@evidence_app.command("capture")
def capture(
    case: Annotated[str, typer.Argument(help="Case name or id (its vault must be enabled).")],
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Copy the case's matched media into the encrypted vault, from export folders still on disk."""
    from tragac.cases.vault import collect_case_media

    counts = collect_case_media(store_for(home), case, collector=actor(by))
    if json:
        print_json(counts)
    else:
        console.print(", ".join(f"{k} {v}" for k, v in counts.items()))


@evidence_app.command("keygen")
def keygen(
    folder: Annotated[Path, typer.Argument(help="Where to write recipient-private.pem and recipient-public.pem.")],
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Make a recipient key pair (for a lawyer or prosecutor): give out the public key, keep the private one."""
    from tragac.cases.recipient import keygen as do_keygen

    priv, pub = do_keygen(folder)
    if json:
        print_json({"private_key": str(priv), "public_key": str(pub)})
    else:
        console.print(f"private key {priv} (keep it secret)\npublic key {pub} (give it to the caseworker)")


@evidence_app.command("decrypt")
def decrypt(
    package: Annotated[Path, typer.Argument(help="An evidence package zip with encrypted media.")],
    key: Annotated[Path, typer.Option("--key", help="The recipient's private key (PEM).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the decrypted files.")],
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Decrypt a package's media with the recipient's private key (each file checked against its SHA-256)."""
    from tragac.cases.package import decrypt_media

    n = decrypt_media(package, key, output)
    if json:
        print_json({"decrypted": n, "folder": str(output)})
    else:
        console.print(f"{n} file(s) decrypted into {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
