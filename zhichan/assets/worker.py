"""The parsing half of a large import, run in a second process (see ``imports.run_parallel``).

This module imports nothing of Django at load time: a spawned process unpickles the target
function before Django is set up.
"""

import gc
import marshal


def _die_with_parent() -> None:
    """Ask Linux to end this process when its parent ends, however that happens (a killed
    import must not leave a reader holding hundreds of megabytes); elsewhere nothing."""
    import ctypes
    import multiprocessing
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():  # died before the request took effect
        raise SystemExit(1)


def parse_in_child(
    kind: str,
    path: str,
    filename: str,
    queue,
    database: str,
    inbox=None,
    part: int = 0,
    parts: int = 1,
    rows: int | None = None,
) -> None:
    """Parse the file and send chunks to the parent; reads (never writes) the parent's database.
    Of several children, each parses either the byte range of a CSV file the parent sends first
    (``csv_spans``; rows of applications cut by its end go back unparsed) or, where the file cannot
    be cut, the applications whose number falls to ``part``."""
    _die_with_parent()
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database  # the parent's, also under a test runner
    from zhichan.assets.imports import IMPORTERS, as_tuples
    from zhichan.lib.tabular import TableError, read_rows

    importer = IMPORTERS[kind](None)
    # A short-lived process that builds millions of small containers and no reference cycles:
    # the cyclic collector would only rescan the growing caches again and again.
    gc.disable()
    try:
        span = None
        if inbox is not None and hasattr(importer, "multi"):
            # The parent counts the file's rows per application meanwhile; rows read before the
            # count arrives wait for it (``PatentImport.parse_chunk``).
            importer.preload(path, rows)
            if importer.stored is None:
                # New rows to place: the address parser loads meanwhile. (A re-import of rows
                # stored unchanged needs it for none.)
                importer.regions.resolve("湖北省宜昌市宜都市")
            importer.multi_from = inbox
            # First the part of the file to read: a byte range of a CSV file (``csv_spans``),
            # or None: every child reads the whole file and keeps its share of applications.
            span = inbox.get()
        elif hasattr(importer, "scan"):
            importer.scan(path, filename)
        only = None
        if span is not None:
            # An application's rows may fall on both sides of a cut: those left incomplete at
            # the end of the range go back to the parent unparsed, to be joined there.
            importer.partial = True
        elif parts > 1:
            import zlib

            from zhichan.lib.patentno import key

            only = (importer.number_header, lambda value: zlib.crc32(key(value).encode()) % parts == part)
        rows = read_rows(path, filename=filename, strip=importer.strip_cells, only=only, span=span)
        for payload, done in importer.chunks(rows):
            try:
                # Staged rows are plain values: marshal writes and reads them in about two
                # thirds of pickle's time (a million rows cross this boundary).
                payload["new"] = marshal.dumps(payload["new"])
            except ValueError:  # a value marshal does not know: pickled with the rest
                pass
            payload["changed"] = list(
                zip(
                    [pk for pk, _r in payload["changed"]],
                    as_tuples([r for _pk, r in payload["changed"]]),
                    strict=True,
                )
            )
            queue.put(("chunk", payload, done, importer.columns))
    except TableError as error:
        queue.put(("table_error", str(error)))
        return
    except Exception as error:  # reported to the parent, which fails the import
        queue.put(("error", f"{type(error).__name__}: {error}"))
        return
    queue.put(
        (
            "end",
            importer.errors,
            importer.quality,
            importer.rejected,
            importer.profile,
            importer.columns,
            importer.unrecognised,
            getattr(importer, "leftover", []),
            getattr(importer, "headers_read", []),
            # What the addresses resolved to, so that the parent joining the leftover rows need
            # not load the address parser for them.
            importer.places_of_leftover() if getattr(importer, "leftover", None) else {},
        )
    )
