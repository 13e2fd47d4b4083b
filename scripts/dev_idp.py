"""Development identity provider: oidc-provider-mock with the demo people of the README.

Started by ``make run``; never part of a production installation. Each demo person logs in with
one click; their national number is both the ``sub`` and the national-number claim.
"""

from __future__ import annotations

import argparse
import os

import oidc_provider_mock

from binc_web.demo import DEMO_PEOPLE

# A valid national number that binc-web does not know: shows the "Geen toegang" page.
UNKNOWN_PERSON = ("90020199704", "Onbekende", "Bezoeker")


def demo_users(claim: str) -> list[oidc_provider_mock.User]:
    """The demo people as provider users with the configured national-number claim."""
    people = [(n, g, f) for n, g, f, _ in DEMO_PEOPLE] + [UNKNOWN_PERSON]
    return [
        oidc_provider_mock.User(
            sub=number,
            claims={
                claim: number,
                "given_name": given,
                "family_name": family,
                "name": f"{given} {family}",
                "email": f"{given.lower()}.{family.lower()}@example.org",
            },
        )
        for number, given, family in people
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9400)
    parser.add_argument(
        "--claim", default=os.environ.get("BINC_OIDC_NATIONAL_NUMBER_CLAIM", "egovNRN")
    )
    parser.add_argument("--certfile", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--keyfile", help="and this private key (PEM)")
    args = parser.parse_args()
    tls = (args.certfile, args.keyfile) if args.certfile else None
    if tls is None:
        os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    app = oidc_provider_mock.app(require_nonce=True, user_claims=demo_users(args.claim))
    # The mock turns debug on, and with it Werkzeug's reloader: a restart makes a new signing
    # key, and the running app's logins would then fail on the cached one.
    app.run(host=args.host, port=args.port, ssl_context=tls, use_reloader=False)


if __name__ == "__main__":
    main()
