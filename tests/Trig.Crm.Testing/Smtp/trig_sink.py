"""aiosmtpd handler for the email tests: stores each message as <dir>/<uuid>.eml (written to a temp name, then
renamed, so a reader never sees half a file) with the envelope in X-Envelope-* headers, and refuses recipients
whose address starts with "reject" (550), like a server refusing an unknown mailbox."""
import os
import uuid


class Sink:
    def __init__(self, directory):
        self.directory = directory

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = uuid.uuid4().hex
        temp = os.path.join(self.directory, name + ".tmp")
        with open(temp, "wb") as f:
            f.write(("X-Envelope-From: %s\r\n" % envelope.mail_from).encode("ascii"))
            f.write(("X-Envelope-To: %s\r\n" % ",".join(envelope.rcpt_tos)).encode("ascii"))
            f.write(envelope.original_content)
        os.rename(temp, os.path.join(self.directory, name + ".eml"))
        return "250 Message accepted for delivery"
