import io

from odoo.tools.pdf import PdfFileWriter

from .common import CustomerServiceCase

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"
    b"\x00\x00\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
    b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 300
CORRUPT_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken"


def make_pdf(encrypt=False):
    writer = PdfFileWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt("secret")
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


class IntakeCase(CustomerServiceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_agent = cls.env["res.users"].create(
            {
                "login": "cs_agent_b",
                "name": "Bruno Backoffice",
                "group_ids": [
                    (6, 0, cls.env.ref("customer_service.group_cs_agent").ids)
                ],
            }
        )
        cls.other_team.user_ids = cls.other_agent
        cls.type_invoice = cls.env.ref("customer_service.cs_document_type_invoice")
        cls.type_photo = cls.env.ref("customer_service.cs_document_type_photo")
        cls.type_other = cls.env.ref("customer_service.cs_document_type_other")
        cls.type_warranty = cls.env.ref("customer_service.cs_document_type_warranty")
        cls.Rule = cls.env["cs.classification.rule"]
        cls.Rule.search([]).unlink()
        cls.Rule.create(
            [
                {
                    "name": "Invoice content",
                    "document_type_id": cls.type_invoice.id,
                    "content_keywords": "factura, invoice",
                    "sequence": 10,
                },
                {
                    "name": "Pictures",
                    "document_type_id": cls.type_photo.id,
                    "mimetype_pattern": "image/*",
                    "sequence": 30,
                },
                {
                    "name": "Warranty mail",
                    "document_type_id": cls.type_warranty.id,
                    "keywords": "garantía, warranty",
                    "sequence": 20,
                },
            ]
        )
        cls.env.company.cs_intake_max_file_mb = 1

    def _intake(self, user=None, **values):
        vals = {
            "partner_id": self.customer_es.id,
            "channel_id": self.channels["in_person"].id,
            "document_type_id": self.type_other.id,
            "team_id": self.team.id,
        }
        vals.update(values)
        return self.env["cs.intake"].with_user(user or self.agent).create(vals)
