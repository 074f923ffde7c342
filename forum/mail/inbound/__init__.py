"""Reply by email (docs/email.md): a signed reply address on each notification
(address.py), an SMTP server that receives mail for the reply domain (server.py), the
message read into plain text (parse.py) and stripped of quotes and signatures (strip.py),
and the action that turns it into a pending reply or refuses it (actions.py).
"""
