#!/usr/bin/python3
"""read_mail.py FILE.eml: the message as a reader sees it, decoded by python's email package.

Prints "Subject: ...", "From: ...", "To: ..." (encoded words decoded), a blank line and the body text
(base64 decoded, CRLF back to LF), so a shell test can compare what arrived with what was sent.
"""
import email
import email.policy
import sys


def main():
    with open(sys.argv[1], 'rb') as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    out = sys.stdout
    for name in ('Subject', 'From', 'To'):
        out.write(f'{name}: {msg[name]}\n')
    out.write('\n')
    out.write(msg.get_content().replace('\r\n', '\n'))


if __name__ == '__main__':
    main()
