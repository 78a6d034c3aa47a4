"""`tragac notice …`: takedown notices and referrals, from draft to confirmed removal, with re-notices."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tragac.cli.case import ByOption, actor
from tragac.cli.common import HomeOption, JsonOption, console, fail, print_json, store_for
from tragac.errors import TragacError

notice_app = typer.Typer(help="Takedown notices: draft, approve, send, re-send, track removal.", no_args_is_help=True)


@notice_app.command("draft")
def draft(
    case: Annotated[str, typer.Argument(help="Case name or id.")],
    template: Annotated[
        str, typer.Option("--template", "-t", help="telegram | dsa_hosting | police_referral")
    ] = "telegram",
    lang: Annotated[str, typer.Option("--lang", help="sr or en")] = "en",
    to: Annotated[str | None, typer.Option("--to", help="Recipient e-mail (default: the template's).")] = None,
    finding: Annotated[
        list[int] | None, typer.Option("--finding", help="Only these findings (repeatable; default all that fit).")
    ] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Draft a notice naming the exact locations; a possible-minor case gets the hotline referral text instead
    (exit status 3, nothing drafted)."""
    from tragac.cases.notices.service import HotlineReferralRequired, draft_notice, notice_dict

    try:
        n = draft_notice(
            store_for(home),
            case,
            template_name=template,
            language=lang,
            recipient=to,
            finding_ids=finding,
            actor=actor(by),
        )
    except HotlineReferralRequired as exc:
        if json:
            print_json({"drafted": False, "reason": "possible_minor", "referral": exc.text})
        else:
            console.print(exc.text, highlight=False)
        raise typer.Exit(3) from None
    except TragacError as exc:
        fail(str(exc))
    if json:
        print_json({**notice_dict(n), "body": n.body})
    else:
        console.print(
            f"notice {n.id} drafted to {n.recipient}; approve it with `tragac notice approve {n.id} --by NAME`"
        )
        console.print(f"\nSubject: {n.subject}\n\n{n.body}", highlight=False, markup=False)


@notice_app.command("approve")
def approve(
    notice_id: Annotated[int, typer.Argument(help="Notice id.")],
    by: Annotated[str, typer.Option("--by", help="The approver's name (required).")],
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Approve a draft. A named person's approval is required before anything is sent."""
    from tragac.cases.notices.service import approve_notice

    n = approve_notice(store_for(home), notice_id, approver=by)
    if json:
        print_json({"id": n.id, "state": n.state, "approved_by": n.approved_by, "approved_at": n.approved_at})
    else:
        console.print(f"notice {n.id} approved by {n.approved_by}")


@notice_app.command("send")
def send(
    notice_id: Annotated[int, typer.Argument(help="Notice id.")],
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Write an .eml file into this folder instead of using SMTP.")
    ] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Send an approved notice by SMTP (TRAGAC_SMTP_HOST) or write it as an .eml to send by hand."""
    from tragac.cases.notices.service import send_notice

    res = send_notice(store_for(home), notice_id, actor=actor(by), eml_dir=eml)
    out = {"id": res.notice_id, "via": res.via, "path": res.path, "message_id": res.message_id, "reply": res.reply,
           "sent": res.via == "smtp"}  # fmt: skip
    if json:
        print_json(out)
    elif res.via == "eml":
        console.print(
            f"notice {res.notice_id} written to {res.path}, NOT sent: send it from your mail program, then "
            f"`tragac notice status {res.notice_id} --sent-by-hand`"
        )
    else:
        console.print(f"notice {res.notice_id} sent: the mail server answered {res.reply}")


@notice_app.command("status")
def status(
    notice_id: Annotated[int, typer.Argument(help="Notice id.")],
    sent_by_hand: Annotated[
        bool, typer.Option("--sent-by-hand", help="Mark: you sent its outboxed .eml from your mail program.")
    ] = False,
    acknowledged: Annotated[
        bool, typer.Option("--acknowledged", help="Mark: the recipient confirmed receipt.")
    ] = False,
    removed: Annotated[bool, typer.Option("--removed", help="Mark: the content is gone.")] = False,
    rejected: Annotated[bool, typer.Option("--rejected", help="Mark: the recipient refused.")] = False,
    at: Annotated[datetime | None, typer.Option("--at", help="When it happened (UTC, ISO 8601); default now.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note kept with the mark.")] = None,
    by: ByOption = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Show a notice with its lifecycle, or record the recipient's answer."""
    from tragac.cases.notices.service import get_notice, mark_notice

    marks = [
        m
        for m, on in (
            ("sent", sent_by_hand),
            ("acknowledged", acknowledged),
            ("removed", removed),
            ("rejected", rejected),
        )
        if on
    ]
    if len(marks) > 1:
        fail("give one of --sent-by-hand, --acknowledged, --removed, --rejected")
    store = store_for(home)
    when = at.replace(tzinfo=UTC) if at and at.tzinfo is None else at
    if marks:
        mark_notice(store, notice_id, marks[0], actor=actor(by), at=when, note=note)
    detail = get_notice(store, notice_id)
    if json:
        print_json(detail)
        return
    console.print(
        f"notice {detail['id']} ({detail['template']}, {detail['language']}) to {detail['recipient']}: "
        f"[bold]{detail['state']}[/], sent {detail['send_count']} time(s)"
    )
    for e in detail["events"]:
        console.print(f"  {e['at']:%Y-%m-%d %H:%M:%S} {e['event']} {e.get('actor') or ''}")


@notice_app.command("list")
def list_(
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
    state: Annotated[str | None, typer.Option("--state", help="Only notices in this state.")] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """List notices."""
    from tragac.cases.notices.service import list_notices

    rows = list_notices(store_for(home), case, state)
    if json:
        print_json({"notices": rows})
        return
    table = Table("id", "case", "template", "recipient", "state", "sent", "next re-notice")
    for r in rows:
        table.add_row(
            str(r["id"]),
            str(r["case_id"]),
            r["template"],
            r["recipient"],
            r["state"],
            str(r["send_count"]),
            str(r["next_renotice_at"] or ""),
        )
    console.print(table)


@notice_app.command("renotice")
def renotice(
    allow_loopback: Annotated[bool, typer.Option("--allow-loopback", hidden=True)] = False,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Check removal and re-send every notice whose re-notice time has come (run it hourly, e.g. from cron)."""
    from tragac.cases.notices.service import default_checker, run_renotices
    from tragac.sources.web.watch import check_url_removed, make_fetcher

    store = store_for(home)
    config = store.settings
    with make_fetcher(config, allow_loopback=allow_loopback) as fetcher:
        out = run_renotices(store, config=config, checker=default_checker(check_url_removed(fetcher, config)))
    if json:
        print_json(out)
    else:
        console.print(", ".join(f"{k} {v}" for k, v in out.items()))


@notice_app.command("stats")
def stats(
    case: Annotated[str | None, typer.Option("--case", help="Only this case.")] = None,
    home: HomeOption = None,
    json: JsonOption = False,
) -> None:
    """Removal statistics per recipient: median time to removal, % within 24 h, % still up after 42 days, re-uploads."""
    from tragac.cases.notices.service import removal_stats

    out = removal_stats(store_for(home), case_ref=case)
    if json:
        print_json(out)
        return
    table = Table("recipient", "sent", "removed", "median h", "≤24 h %", "up >42 d %", "re-uploads")
    for r in out["recipients"]:
        table.add_row(
            r["recipient"],
            str(r["notices_sent"]),
            str(r["removed"]),
            str(r["median_hours_to_removal"]),
            str(r["removed_within_24h_pct"]),
            str(r["still_up_after_42_days_pct"]),
            str(r["reuploads"]),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(notice_app, name="notice")
