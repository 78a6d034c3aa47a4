"""`tragac evidence …`: evidence packages (export, verify), vault capture, and recipient keys."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tragac.cli.common import HomeOption, JsonOption, console, print_json, store_for
from tragac.errors import InputError

# The Tragač user who acts (the custody log and the audit log name them); ``--by`` is kept as an alias.
OperatorOption = Annotated[
    str | None,
    typer.Option(
        "--operator",
        "--by",
        help="The Tragač user who does this (named in the custody log). Default: TRAGAC_USER; never the OS account.",
    ),
]

evidence_app = typer.Typer(help="Evidence packages a prosecutor or court can check.", no_args_is_help=True)


def tragac_user(by: str | None) -> str:
    """The Tragač user the custody log names: ``--operator`` (``--by``) or ``TRAGAC_USER``, never the operating-system
    account (on a shared server or in a container that is ``root``, which proves nothing about who exported)."""
    from tragac.config import load_settings

    user = by or load_settings().user
    if not user:
        raise InputError("say who you are: --operator NAME or TRAGAC_USER (the custody log names the Tragač user)")
    return user


@evidence_app.command("export")
def export(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The zip file to write.")],
    recipient_key: Annotated[
        Path | None, typer.Option("--recipient-key", help="X25519 public key (PEM): encrypt media for it.")
    ] = None,
    ask_passphrase: Annotated[
        bool, typer.Option("--ask-passphrase", help="Encrypt media under a passphrase you type (default: one is made).")
    ] = False,
    plain: Annotated[
        bool, typer.Option("--plain", help="Put media in unencrypted (an explicit choice, logged in custody).")
    ] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also render the summary as PDF (A4).")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Summary language: en or sr.")] = "en",
    tsa: Annotated[
        list[str] | None, typer.Option("--tsa", help="RFC 3161 TSA URL (repeatable; default TRAGAC_EVIDENCE_TSA_URLS).")
    ] = None,
    by: OperatorOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Write the case's evidence package (manifest, custody log, summary, encrypted vault media), signed with the
    organisation key and time-stamped; logged as a custody event."""
    from tragac.cases.package import export_package

    if plain and (recipient_key or ask_passphrase):
        raise InputError("--plain cannot be combined with --recipient-key or --ask-passphrase")
    passphrase = None
    if ask_passphrase:
        passphrase = typer.prompt("passphrase", hide_input=True, confirmation_prompt=True)
    res = export_package(
        store_for(home),
        case,
        output,
        actor=tragac_user(by),
        encrypt=not plain,
        passphrase=passphrase,
        recipient_key=recipient_key,
        pdf=pdf,
        lang=lang,
        tsa_urls=tsa or None,
    )
    out = {
        "path": str(res.path),
        "sha256": res.sha256,
        "items": res.items,
        "media_files": res.media_files,
        "custody_head": res.custody_head,
        "manifest_sha256": res.manifest_sha256,
        "signing_key": res.signing_key,
        "media_encryption": res.media_encryption,
        "passphrase": res.passphrase,
        "timestamped_by": res.timestamped_by,
        "timestamps_queued": res.timestamps_queued,
    }
    if json:
        print_json(out)
        return
    console.print(
        f"wrote {res.path}: {res.items} item(s), {res.media_files} media file(s), media encryption "
        f"{res.media_encryption}\npackage SHA-256 {res.sha256}\nmanifest SHA-256 {res.manifest_sha256} "
        f"(signed by key {res.signing_key})\ncustody head {res.custody_head} (give it to the recipient separately)",
        highlight=False,
    )
    if res.timestamped_by:
        console.print(f"time-stamped by {', '.join(res.timestamped_by)}", highlight=False)
    if res.timestamps_queued:
        console.print(
            f"[yellow]time-stamp queued[/] (TSA not reachable): {', '.join(res.timestamps_queued)}; "
            "run `tragac evidence timestamp` when online",
            highlight=False,
        )
    if res.passphrase:
        console.print(
            f"[bold]passphrase (shown once, stored nowhere; send it by another channel):[/] {res.passphrase}",
            highlight=False,
        )


@evidence_app.command("verify")
def verify(
    package: Annotated[Path, typer.Argument(help="An evidence package zip.")],
    public_key: Annotated[
        list[Path] | None,
        typer.Option("--public-key", help="The organisation's Ed25519 public key (PEM) the package must be signed by."),
    ] = None,
    tsa_cert: Annotated[
        list[Path] | None, typer.Option("--tsa-cert", help="Trusted TSA certificate (PEM, repeatable).")
    ] = None,
    manifest_sha256: Annotated[
        str | None, typer.Option("--manifest-sha256", help="The manifest SHA-256 you were given separately.")
    ] = None,
    require_timestamp: Annotated[
        bool, typer.Option("--require-timestamp", help="Fail unless at least one time-stamp verifies.")
    ] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Check every hash, the custody chain, the signature and the time-stamps, offline; exit 1 naming the file and
    the check that failed."""
    from tragac.cases import signing
    from tragac.cases.package import verify_package
    from tragac.cases.timestamps import load_certs, split_list
    from tragac.config import load_settings

    keys = [signing.load_public_pem(p) for p in public_key] if public_key else None
    key_source = "given" if keys else "carried in the package"
    if keys is None and home is not None:
        # A caseworker's own HOME knows every key the organisation used (retired ones too); a court has none.
        ring = signing.load_org_keys(home)
        if ring is not None:
            keys, key_source = [k.public for k in ring.keys], "this HOME's organisation keys"
    cert_paths = list(tsa_cert or []) or [Path(p) for p in split_list(load_settings().evidence.evidence_tsa_certs)]
    certs = load_certs(cert_paths) if cert_paths else None
    res = verify_package(
        package,
        public_keys=keys,
        tsa_certs=certs,
        expected_manifest_sha256=manifest_sha256,
        require_timestamp=require_timestamp,
    )
    out = {
        "ok": res.ok,
        "items": res.items,
        "files": res.files,
        "custody_entries": res.custody_entries,
        "custody_head": res.custody_head,
        "manifest_sha256": res.manifest_sha256,
        "signature": res.signature | {"keys": key_source},
        "timestamps": res.timestamps,
        "timestamps_queued": res.timestamps_queued,
        "first_problem": res.first_problem,
        "problems": res.problems,
        "failures": [f.as_dict() for f in res.failures],
    }
    if json:
        print_json(out)
    elif res.ok:
        console.print(
            f"OK: {res.items} item(s), {res.files} file(s), custody chain of {res.custody_entries} entries intact; "
            f"head {res.custody_head}\nmanifest SHA-256 {res.manifest_sha256}, signed by key "
            f"{res.signature.get('key_id')} (checked against: {key_source})",
            highlight=False,
        )
        for t in res.timestamps:
            console.print(f"time-stamp {t['file']}: {t['gen_time']} by {t['tsa_subject']}", highlight=False)
        for url in res.timestamps_queued:
            console.print(f"[yellow]not yet time-stamped[/] by {url} (queued)", highlight=False)
    else:
        console.print(f"[bold red]FAILED:[/] {res.first_problem}", highlight=False)
        for p in res.problems[1:]:
            console.print(f"  also: {p}", highlight=False)
    if not res.ok:
        raise typer.Exit(1)


@evidence_app.command("timestamp")
def timestamp(
    packages: Annotated[
        list[Path] | None, typer.Argument(help="Packages to complete (default: every package in HOME's queue).")
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Retry queued RFC 3161 requests and add the tokens that come back (the signed manifest is unchanged)."""
    from tragac.cases.package_seal import add_queued_timestamps, queued_packages
    from tragac.config import load_settings

    settings = store_for(home).settings
    targets = list(packages or []) or [Path(p) for p in queued_packages(settings.home)]
    rows = []
    for p in targets:
        r = add_queued_timestamps(p, timeout=load_settings().evidence.evidence_tsa_timeout_s, home=settings.home)
        rows.append({"package": str(p), "added": r.added, "still_queued": r.still_queued})
    if json:
        print_json({"packages": rows})
        return
    if not rows:
        console.print("no package is waiting for a time-stamp")
    for row in rows:
        console.print(
            f"{row['package']}: added {len(row['added'])}, still queued {len(row['still_queued'])}", highlight=False
        )


@evidence_app.command("public-key")
def public_key_cmd(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the PEM here (default: print).")] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Print the organisation's current Ed25519 public key (PEM), for recipients to check packages against."""
    from tragac.cases import signing

    settings = store_for(home).settings
    ring, _ = signing.ensure_org_key(settings.home)
    key = ring.signing_key
    pem = signing.public_pem(key.public)
    if output:
        output.write_text(pem)
    if json:
        print_json(
            {
                "key_id": key.id,
                "public_key_pem": pem,
                "created_at": key.created_at,
                "retired": [{"key_id": k.id, "retired_at": k.retired_at} for k in ring.keys if k.retired_at],
                "rotations": len(ring.rotations),
            }
        )
    elif not output:
        console.print(pem, end="", highlight=False)
    else:
        console.print(f"key {key.id} written to {output}")


@evidence_app.command("rotate-key")
def rotate_key(
    by: OperatorOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Retire the organisation signing key and make a new one; the old key signs a statement naming the new one."""
    from tragac.cases import signing

    settings = store_for(home).settings
    old, new = signing.rotate_org_key(settings.home, actor=tragac_user(by))
    if json:
        print_json({"old_key": old.id, "new_key": new.id, "public_key_pem": signing.public_pem(new.public)})
    else:
        console.print(f"key {old.id} retired; new signing key {new.id} (give out the new public key)")


@evidence_app.command("capture")
def capture(
    case: Annotated[str, typer.Argument(help="Case name or id (its vault must be enabled).")],
    by: OperatorOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Copy the case's matched media into the encrypted vault, from export folders still on disk."""
    from tragac.cases.vault import collect_case_media

    counts = collect_case_media(store_for(home), case, collector=tragac_user(by))
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
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the decrypted files.")],
    key: Annotated[
        Path | None, typer.Option("--key", help="The recipient's private key (PEM), for recipient-key packages.")
    ] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Decrypt a package's media with the recipient's private key, or with its passphrase (asked for when no --key);
    each file is checked against its SHA-256."""
    from tragac.cases.package import decrypt_media

    if key is not None:
        n = decrypt_media(package, output, private_key=key)
    else:
        n = decrypt_media(package, output, passphrase=typer.prompt("passphrase", hide_input=True))
    if json:
        print_json({"decrypted": n, "folder": str(output)})
    else:
        console.print(f"{n} file(s) decrypted into {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(evidence_app, name="evidence")
