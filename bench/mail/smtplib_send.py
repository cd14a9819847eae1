"""The peer of bench/mail/run.sh: the same messages over one SMTP connection with Python's smtplib."""
import glob
import os
import smtplib
import sys

port, folder = int(sys.argv[1]), sys.argv[2]
with smtplib.SMTP('127.0.0.1', port) as s:
    for eml in sorted(glob.glob(os.path.join(folder, '*.eml'))):
        with open(eml, 'rb') as f:
            data = f.read()
        with open(eml[:-4] + '.rcpt') as f:
            rcpt = [l.strip() for l in f if l.strip()]
        s.sendmail('noreply@example.jp', rcpt, data)
