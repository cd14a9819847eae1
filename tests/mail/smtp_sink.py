#!/usr/bin/python3
"""A mail server for the tests, on loopback: python3-aiosmtpd (Debian's package).

smtp_sink.py --dir D --port-file F [--host 127.0.0.1] [--port 0] [--tls-cert C --tls-key K]
             [--require-tls] [--auth USER:PASS] [--reject RCPT=CODE ...]

Each accepted message is written as D/NNNN.eml (the bytes as received) and D/NNNN.rcpt (its envelope
recipients, one a line), each written under a temporary name and renamed, so a test that sees a file
sees all of it. The port (any free one with --port 0) is written to F, the same way, once listening.
--reject makes RCPT TO that address answer CODE (550: refused for good, 451: try later). SIGTERM stops it.
"""
import argparse
import asyncio
import os
import signal
import ssl
import sys
import logging

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    tmp = path + '.tmp'
    with open(tmp, 'wb') as f:
        f.write(data)
    os.rename(tmp, path)


class Sink:
    def __init__(self, folder, rejects):
        self.folder = folder
        self.rejects = rejects
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.rejects.get(address.lower())
        if code is not None:
            if code.startswith('4'):
                return f'{code} 4.2.0 <{address}>: Mailbox temporarily unavailable'
            return f'{code} 5.1.1 <{address}>: Recipient address rejected'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f'{self.count:04d}')
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode('utf-8', 'surrogateescape')
        write_atomically(base + '.rcpt', ''.join(r + '\n' for r in envelope.rcpt_tos).encode())
        write_atomically(base + '.eml', content)
        return '250 2.0.0 Message accepted for delivery'


def authenticator_for(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)
    return check


def main():
    # aiosmtpd 1.4 logs a warning about its own Session.login_data on every login
    logging.getLogger('mail.log').setLevel(logging.ERROR)
    ap = argparse.ArgumentParser()
    ap.add_argument('--dir', required=True)
    ap.add_argument('--port-file', required=True)
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--tls-cert')
    ap.add_argument('--tls-key')
    ap.add_argument('--require-tls', action='store_true')
    ap.add_argument('--auth')
    ap.add_argument('--reject', action='append', default=[])
    args = ap.parse_args()

    rejects = {}
    for r in args.reject:
        addr, _, code = r.rpartition('=')
        if not addr or not (len(code) == 3 and code.isdigit() and code[0] in '45'):
            sys.exit(f'smtp_sink: --reject wants RCPT=CODE with a 4xx or 5xx code, not {r!r}')
        rejects[addr.lower()] = code
    tls = None
    if args.tls_cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    kwargs = {'tls_context': tls, 'require_starttls': args.require_tls and tls is not None,
              'decode_data': False, 'hostname': 'sink.test'}
    if args.auth:
        user, _, password = args.auth.partition(':')
        kwargs.update(authenticator=authenticator_for(user, password), auth_required=True,
                      auth_require_tls=tls is not None)
    handler = Sink(args.dir, rejects)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, loop=loop, **kwargs), host=args.host, port=args.port))
    port = server.sockets[0].getsockname()[1]
    write_atomically(args.port_file, f'{port}\n'.encode())
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.add_signal_handler(signal.SIGINT, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


if __name__ == '__main__':
    main()
