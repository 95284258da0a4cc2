"""Fetching for strangers: only public addresses (no server-side request forgery).

A URL sent to the HTTP API could name the machine itself (127.0.0.1, localhost), the
private network behind it (10/8, 192.168/16, ...), a cloud metadata service
(169.254.169.254) or any other address that is not on the public internet. The guarded
transport resolves each host name itself, refuses the connection if any of its addresses
is not public, and connects to the checked address: a redirect, or a name that resolves
to a public address first and a private one later (DNS rebinding), gets no further.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Callable, Iterable

import httpcore
import httpx

from app.ingest.article import ArticleError

Resolver = Callable[[str, int], list[str]]


class AddressRefused(ArticleError):
    """The URL's host is, or resolves to, an address the API does not fetch from."""


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


def address_problem(address: str) -> str | None:
    """None for a public unicast address, else what the address is ("a loopback address")."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if ip.version == 6 and ip.ipv4_mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    for test, what in ((ip.is_unspecified, "an unspecified address"), (ip.is_loopback, "a loopback address"),
                       (ip.is_link_local, "a link-local address"), (ip.is_multicast, "a multicast address"),
                       (ip.is_private, "a private address"), (ip.is_reserved, "a reserved address")):
        if test:
            return what
    return None if ip.is_global else "a non-public address"


def check_addresses(host: str, addresses: Iterable[str]) -> list[str]:
    addresses = list(addresses)
    if not addresses:
        raise httpcore.ConnectError(f"{host} has no address")
    for address in addresses:
        problem = address_problem(address)
        if problem:
            shown = host if host == address else f"{host} resolves to {address}, which"
            raise AddressRefused(f"refused: {shown} is {problem}; only public addresses are fetched "
                                 "(BASEWATCH_FETCH_PRIVATE=on allows others)")
    return addresses


class PublicOnlyBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked public addresses."""

    def __init__(self, resolver: Resolver = resolve):
        self.resolver = resolver

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {getattr(error, 'strerror', None) or error}") from None
        last: Exception | None = None
        for address in check_addresses(host, addresses):
            try:
                return super().connect_tcp(address, port, timeout=timeout, local_address=local_address,
                                           socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        raise last  # type: ignore[misc]  (check_addresses returned at least one address)

    def connect_unix_socket(self, *args, **kwargs):
        raise AddressRefused("refused: unix sockets are not fetched from")


def public_only_transport(resolver: Resolver = resolve) -> httpx.HTTPTransport:
    """An httpx transport whose every connection, redirects included, goes to a public address."""
    transport = httpx.HTTPTransport()
    pool = transport._pool
    if not hasattr(pool, "_network_backend"):  # pragma: no cover  (a future httpcore)
        raise RuntimeError("httpcore changed: cannot install the public-address guard")
    pool._network_backend = PublicOnlyBackend(resolver)
    return transport
