# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.1.0: packaging release (wheel, declared external dependencies, demo logins).

No stored data changes shape in this version, so there is nothing to convert yet.
Steps added here must be idempotent: an upgrade interrupted halfway is run again.
"""


def migrate(cr, version):
    if not version:
        # Fresh install: Odoo runs no migration, but be explicit for direct calls.
        return
