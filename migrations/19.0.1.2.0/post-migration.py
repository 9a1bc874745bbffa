# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.2.0: the channel's register (usted/tú) chooses the protocol's scripts.

Protocols now carry a formal pair (greeting, farewell) and an informal pair
(greeting_informal, farewell_informal), and a protocol on a tú channel must have the
informal pair. Until now every script was sent whatever the register, so the scripts
stored on a tú channel's protocols are the tú texts the customer has been reading:
they become the informal pair, in every language, and stay the formal pair too until
someone writes a usted version. Idempotent: only empty informal scripts are filled.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE cs_service_protocol p
           SET greeting_informal = COALESCE(p.greeting_informal, p.greeting),
               farewell_informal = COALESCE(p.farewell_informal, p.farewell)
          FROM helpdesk_ticket_channel c
         WHERE c.id = p.channel_id
           AND c.cs_register = 'informal'
           AND (p.greeting_informal IS NULL OR p.farewell_informal IS NULL)
        """
    )
