"""Call detail records (CDR) from PBXs, turned into plain call dicts.

No database here: the import wizard, the JSON endpoint and the benchmark all feed
rows through these functions, then insert them in batches.

A call dict has the keys of ``CALL_KEYS``. Dates are naive UTC datetimes, as Odoo
stores them.
"""

import csv
import hashlib
import re
from datetime import UTC, datetime, timedelta

import phonenumbers

CALL_KEYS = (
    "pbx_uid",
    "start_date",
    "answer_date",
    "end_date",
    "direction",
    "state",
    "wait_seconds",
    "talk_seconds",
    "caller",
    "queue",
    "agent_ext",
    "is_callback",
)

# Asterisk cdr_csv, Master.csv: no header, these columns in this order (uniqueid
# and userfield are written with loguniqueid/loguserfield, the defaults).
ASTERISK_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)

# 3CX CDR (v18/v20 "CDR output" default field list). The order can be changed in
# 3CX, so a header row naming the fields wins over this order.
THREECX_COLUMNS = (
    "historyid",
    "callid",
    "duration",
    "time-start",
    "time-answered",
    "time-end",
    "reason-terminated",
    "from-no",
    "to-no",
    "from-dn",
    "to-dn",
    "dial-no",
    "reason-changed",
    "final-number",
    "final-dn",
    "bill-code",
    "bill-rate",
    "bill-cost",
    "bill-name",
    "chain",
    "from-type",
    "to-type",
    "final-type",
    "from-dispname",
    "to-dispname",
    "final-dispname",
)

# An internal extension, as PBXs number them: a short run of digits.
_EXTENSION = re.compile(r"^\d{2,6}$")
_CHANNEL_EXTENSION = re.compile(r"^[A-Za-z0-9]+/(\d{2,6})(?:[-@;].*)?$")
_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


class CdrError(ValueError):
    """A row or a payload that is not a call. ``code`` names the problem."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


def parse_datetime(value):
    """Naive UTC datetime from a CDR date, or None when empty.

    Accepts "2026-11-02 09:15:03", ISO 8601 with "T", an offset or "Z", and
    fractions of a second (3CX writes milliseconds). Naive values are UTC, as the
    Asterisk and 3CX CDR writers are configured to use UTC here.
    """
    value = (value or "").strip()
    if not value:
        return None
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
        for fmt in _DATE_FORMATS:
            try:
                moment = datetime.strptime(value[:19], fmt)
                break
            except ValueError:
                continue
        if moment is None:
            raise CdrError("bad_date", value) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _seconds(start, end):
    if not start or not end:
        return 0
    return max(0, int((end - start).total_seconds()))


def _int(value, code):
    value = (value or "").strip()
    if not value:
        return 0
    try:
        number = int(float(value))
    except ValueError:
        raise CdrError(code, value) from None
    if number < 0:
        raise CdrError(code, value)
    return number


def _hms(value):
    """Seconds from 3CX's "hh:mm:ss" (or plain seconds)."""
    value = (value or "").strip()
    if not value:
        return 0
    if ":" not in value:
        return _int(value, "bad_duration")
    parts = value.split(":")
    try:
        hours, minutes, seconds = (float(p) for p in ([0] * (3 - len(parts)) + parts))
    except ValueError:
        raise CdrError("bad_duration", value) from None
    return int(hours * 3600 + minutes * 60 + seconds)


def channel_extension(channel):
    """Extension in an Asterisk channel name ("PJSIP/101-0000002a" -> "101")."""
    match = _CHANNEL_EXTENSION.match((channel or "").strip())
    return match.group(1) if match else ""


def _direction(src, dst):
    if _EXTENSION.match(src or "") and not _EXTENSION.match(dst or ""):
        return "outbound"
    if _EXTENSION.match(src or "") and _EXTENSION.match(dst or ""):
        return "internal"
    return "inbound"


def _synthetic_uid(*parts):
    # Without a PBX id the call is keyed on what identifies it, so that importing
    # the same file twice adds nothing.
    return "h:" + hashlib.sha1("|".join(parts).encode()).hexdigest()[:32]


def asterisk_call(row):
    """Call dict from one Master.csv row (a list of strings)."""
    if len(row) < 15:
        raise CdrError("short_row", str(len(row)))
    rec = dict(zip(ASTERISK_COLUMNS, row, strict=False))
    start = parse_datetime(rec["start"])
    if not start:
        raise CdrError("missing_start")
    answer = parse_datetime(rec["answer"])
    end = parse_datetime(rec["end"])
    disposition = rec["disposition"].strip().upper()
    billsec = _int(rec["billsec"], "bad_duration")
    duration = _int(rec["duration"], "bad_duration")
    answered = disposition == "ANSWERED" and answer is not None
    if answered:
        wait = _seconds(start, answer)
        talk = billsec
    else:
        wait = duration or _seconds(start, end)
        talk = 0
    queue = rec["dcontext"].strip()
    if rec["lastapp"].strip().lower() == "queue" and rec["lastdata"].strip():
        queue = rec["lastdata"].split(",")[0].strip()
    uid = (rec.get("uniqueid") or "").strip() or _synthetic_uid(
        rec["start"], rec["src"], rec["dst"], rec["channel"]
    )
    direction = _direction(rec["src"].strip(), rec["dst"].strip())
    tags = (rec.get("userfield") or "") + " " + rec["accountcode"]
    return {
        "pbx_uid": uid,
        "start_date": start,
        "answer_date": answer if answered else None,
        "end_date": end,
        "direction": direction,
        "state": "answered" if answered else "abandoned",
        "wait_seconds": wait,
        "talk_seconds": talk,
        "caller": rec["src"].strip() if direction == "inbound" else rec["dst"].strip(),
        "queue": queue if direction == "inbound" else "",
        "agent_ext": channel_extension(
            rec["dstchannel"] if direction == "inbound" else rec["channel"]
        ),
        "is_callback": "callback" in tags.lower(),
    }


def threecx_call(rec):
    """Call dict from one 3CX CDR record (a dict keyed by 3CX field names)."""
    start = parse_datetime(rec.get("time-start"))
    if not start:
        raise CdrError("missing_start")
    answer = parse_datetime(rec.get("time-answered"))
    end = parse_datetime(rec.get("time-end"))
    from_no = (rec.get("from-no") or "").strip()
    to_no = (rec.get("to-no") or "").strip()
    from_type = (rec.get("from-type") or "").strip().lower()
    to_type = (rec.get("to-type") or "").strip().lower()
    if from_type == "extension" and to_type in ("external_line", "line", "outbound"):
        direction = "outbound"
    elif from_type == "extension" and to_type == "extension":
        direction = "internal"
    elif from_type or to_type:
        direction = "inbound"
    else:
        direction = _direction(from_no, to_no)
    wait = _seconds(start, answer) if answer else _seconds(start, end)
    talk = _seconds(answer, end) if answer else 0
    if answer and not end:
        talk = max(0, _hms(rec.get("duration")) - wait)
    uid = (rec.get("historyid") or rec.get("callid") or "").strip()
    if not uid:
        uid = _synthetic_uid(rec.get("time-start") or "", from_no, to_no)
    queue = (rec.get("to-dn") or "").strip() if to_type == "queue" else ""
    agent = (rec.get("final-dn") or "").strip()
    if direction == "outbound":
        agent = (rec.get("from-dn") or "").strip()
    return {
        "pbx_uid": uid,
        "start_date": start,
        "answer_date": answer,
        "end_date": end,
        "direction": direction,
        "state": "answered" if answer else "abandoned",
        "wait_seconds": wait,
        "talk_seconds": talk,
        "caller": from_no if direction == "inbound" else to_no,
        "queue": queue,
        "agent_ext": agent if _EXTENSION.match(agent) else "",
        "is_callback": "callback" in (rec.get("reason-changed") or "").lower(),
    }


def sniff_format(first_line):
    """ "threecx" for a 3CX header line or a 3CX-shaped line, else "asterisk"."""
    line = (first_line or "").lower()
    if "historyid" in line or "time-start" in line:
        return "threecx"
    fields_ = next(csv.reader([first_line or ""]), [])
    if len(fields_) >= 20 and ":" in (fields_[2] if len(fields_) > 2 else ""):
        return "threecx"
    return "asterisk"


def iter_calls(lines, fmt="auto", errors=None):
    """Yield call dicts from the text ``lines`` of a CDR file (streamed).

    ``errors``, a list, receives (line_number, CdrError) for rows that are not
    calls; they are skipped so one bad line does not stop a million-row import.
    """
    reader = csv.reader(lines)
    header = None
    for number, row in enumerate(reader, start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if number == 1:
            if fmt == "auto":
                fmt = sniff_format(",".join(row))
            if fmt == "threecx" and any(
                cell.strip().lower() == "historyid" for cell in row
            ):
                header = [cell.strip().lower() for cell in row]
                continue
            if fmt == "asterisk" and row[0].strip().lower() == "accountcode":
                continue
        try:
            if fmt == "threecx":
                rec = dict(zip(header or THREECX_COLUMNS, row, strict=False))
                yield threecx_call(rec)
            else:
                yield asterisk_call(row)
        except CdrError as problem:
            if errors is None:
                raise
            errors.append((number, problem))


def is_header(line, fmt):
    """True when ``line``, the first line of a CDR file of format ``fmt``, names
    the columns (as ``iter_calls`` reads it) rather than holding a call."""
    cells = [cell.strip().lower() for cell in next(csv.reader([line or ""]), [])]
    if fmt == "threecx":
        return "historyid" in cells
    return bool(cells) and cells[0] == "accountcode"


def split_cdr(lines, size, fmt):
    """Yield (offset, text) chunks of the CDR text ``lines`` (a file of format
    ``fmt``), each of at most ``size`` lines cut at line ends, for import jobs that
    parse one chunk each. A header line is repeated atop every chunk; a row's line
    number in its chunk plus ``offset`` is its line number in the file."""
    lines = iter(lines)
    first = next(lines, None)
    if first is None:
        return
    header = [first] if is_header(first, fmt) else []
    done = len(header)
    rows = [] if header else [first]
    for line in lines:
        if len(rows) >= size:
            yield done - len(header), "".join(header + rows)
            done += len(rows)
            rows = []
        rows.append(line)
    if rows:
        yield done - len(header), "".join(header + rows)


def batched(iterable, size):
    """Lists of at most ``size`` items of ``iterable``, lazily."""
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def json_call(payload):
    """Call dict from one call pushed as JSON by a PBX.

    Required: "call_id" and "start". Either "answer"/"end" dates or
    "wait_seconds"/"talk_seconds" give the times; "status" is "answered" or
    "abandoned" (deduced from "answer" when absent).
    """
    if not isinstance(payload, dict):
        raise CdrError("not_an_object")
    uid = str(payload.get("call_id") or "").strip()
    if not uid:
        raise CdrError("missing_call_id")
    if len(uid) > 128:
        raise CdrError("bad_call_id", uid[:20])
    start = parse_datetime(str(payload.get("start") or ""))
    if not start:
        raise CdrError("missing_start")
    answer = parse_datetime(str(payload.get("answer") or ""))
    end = parse_datetime(str(payload.get("end") or ""))
    status = str(payload.get("status") or ("answered" if answer else "abandoned"))
    if status not in ("answered", "abandoned"):
        raise CdrError("bad_status", status)
    direction = str(payload.get("direction") or "inbound")
    if direction not in ("inbound", "outbound", "internal"):
        raise CdrError("bad_direction", direction)
    wait = payload.get("wait_seconds")
    talk = payload.get("talk_seconds")
    for value in (wait, talk):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value < 0
        ):
            raise CdrError("bad_duration", str(value))
    if wait is None:
        wait = _seconds(start, answer) if answer else _seconds(start, end)
    if talk is None:
        talk = _seconds(answer, end) if answer else 0
    if status == "answered" and answer is None:
        answer = start + timedelta(seconds=wait)
    return {
        "pbx_uid": uid,
        "start_date": start,
        "answer_date": answer if status == "answered" else None,
        "end_date": end,
        "direction": direction,
        "state": status,
        "wait_seconds": wait,
        "talk_seconds": talk if status == "answered" else 0,
        "caller": str(payload.get("caller") or "").strip()[:64],
        "queue": str(payload.get("queue") or "").strip()[:64],
        "agent_ext": str(payload.get("agent") or "").strip()[:32],
        "is_callback": bool(payload.get("callback")),
    }


_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_PUNCTUATION = re.compile(r"[\s().\-/]")


def to_e164(raw, region):
    """The number ``raw`` in E.164, or None; ``region`` is a country code ("ES").

    Numbers already international ("+34...", "0034...") are only cleaned; national
    ones are parsed for ``region``. Validity is not checked: contacts are matched
    on their validated E.164 number, which an invalid number never equals. This
    skips most of phonenumbers' work, the cost of a large CDR import.
    """
    number = _PUNCTUATION.sub("", raw or "")
    if not number:
        return None
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+"):
        return number if _E164.match(number) else None
    try:
        parsed = phonenumbers.parse(number, region or None)
    except phonenumbers.NumberParseException:
        return None
    result = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return result if _E164.match(result) else None
