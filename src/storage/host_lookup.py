"""Host names looked up with a time limit, before libpq is asked to connect.

psycopg (3.1+) and libpq resolve a host name with a blocking ``getaddrinfo``
*before* ``connect_timeout`` starts counting, so a resolver that never answers
(a dead DNS server, a VPN gone half-way) would hang a pull or a publish for as
long as the system resolver likes. :func:`with_addresses` does the lookup on a
daemon thread (never joined: a thread stuck in the resolver cannot keep the
program from exiting, which a ``concurrent.futures`` pool's thread would) and
gives up after the bound. It returns the connection parameters with
``hostaddr`` set, one address per attempt, and ``host`` kept: libpq uses
``host`` for TLS certificate checks and SNI, and in its messages, and does no
lookup of its own when ``hostaddr`` is given.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Mapping
from typing import Any

log = logging.getLogger(__name__)


class HostLookupError(OSError):
    """A host name could not be turned into an address (unknown, or no answer in time)."""


def needs_lookup(host: str) -> bool:
    """False for a Unix-socket directory (``/...``, or ``C:\\...``), an IP literal, or nothing."""
    if not host or host.startswith("/") or _is_ip(host):
        return False
    return host[1:2] != ":"


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])  # an IPv6 zone ("fe80::1%eth0") is allowed
    except ValueError:
        return False
    return True


def lookup(host: str, timeout: float, *, bound: float | None = None) -> list[str]:
    """The TCP addresses of ``host``, in the resolver's order; raises within ``timeout`` s.

    ``bound`` is the limit named in the message (the whole budget, when
    ``timeout`` is what remains of it).
    """
    shown = timeout if bound is None else bound
    outcome: list[Any] = []
    done = threading.Event()

    def resolve() -> None:
        try:
            outcome.append(socket.getaddrinfo(host, None, type=socket.SOCK_STREAM,
                                              proto=socket.IPPROTO_TCP))
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            outcome.append(exc)
        finally:
            done.set()

    if timeout > 0:
        threading.Thread(target=resolve, name=f"lookup {host}", daemon=True).start()
    if timeout <= 0 or not done.wait(timeout):
        raise HostLookupError(f"could not resolve host {host!r} within {shown:g} s "
                              "(the name server did not answer)")
    result = outcome[0]
    if isinstance(result, BaseException):
        reason = getattr(result, "strerror", None) or str(result) or type(result).__name__
        raise HostLookupError(f"could not resolve host {host!r}: {reason}")
    addresses: list[str] = []
    for *_, sockaddr in result:
        if sockaddr[0] not in addresses:
            addresses.append(str(sockaddr[0]))
    if not addresses:
        raise HostLookupError(f"could not resolve host {host!r}: no address")
    return addresses


def _setting(params: Mapping[str, Any], key: str, env: str) -> str | None:
    """A connection parameter as libpq would see it: given, else its environment variable."""
    if key in params:
        value = params[key]
        return None if value is None else str(value)
    return os.environ.get(env)


def with_addresses(params: Mapping[str, Any], timeout: float) -> dict[str, Any]:
    """``params`` with every host name looked up (all of it within ``timeout`` s) into ``hostaddr``.

    A host with several addresses becomes several attempts (``host``,
    ``hostaddr`` and ``port`` lists of equal length), so libpq still tries
    each address in turn, as it does when it resolves itself. Socket
    directories and IP literals are left alone; so are parameters that already
    name a ``hostaddr``. Hosts that cannot be resolved are dropped while
    another can be; when none can, the first failure is raised.
    """
    out = dict(params)
    hosts_text = _setting(params, "host", "PGHOST")
    if not hosts_text or _setting(params, "hostaddr", "PGHOSTADDR"):
        return out
    hosts = hosts_text.split(",")
    if not any(needs_lookup(h) for h in hosts):
        return out
    ports_text = _setting(params, "port", "PGPORT")
    ports = ports_text.split(",") if ports_text else [""]
    if len(ports) == 1:
        ports *= len(hosts)
    if len(ports) != len(hosts):
        return out  # libpq reports the mismatch in its own words

    deadline = time.monotonic() + timeout
    attempts: list[tuple[str, str, str]] = []  # (host, hostaddr, port)
    failures: list[HostLookupError] = []
    for host, port in zip(hosts, ports, strict=True):
        if not needs_lookup(host):
            attempts.append((host, host if _is_ip(host) else "", port))
            continue
        try:
            found = lookup(host, deadline - time.monotonic(), bound=timeout)
        except HostLookupError as exc:
            log.info("%s", exc)
            failures.append(exc)
            continue
        attempts.extend((host, address, port) for address in found)
    if not attempts:
        raise failures[0]
    out["host"] = ",".join(a[0] for a in attempts)
    out["hostaddr"] = ",".join(a[1] for a in attempts)
    if ports_text:
        out["port"] = ",".join(a[2] for a in attempts)
    return out
