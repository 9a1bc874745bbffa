import ast
import subprocess
import sys
from pathlib import Path

from odoo.modules.module import get_manifest
from odoo.tests import BaseCase

ADDON_DIR = Path(__file__).resolve().parent.parent
# Libraries the Odoo server itself imports to start: every Odoo has them.
ODOO_CORE_LIBS = {
    "babel",
    "dateutil",
    "lxml",
    "markupsafe",
    "psycopg2",
    "pytz",
    "werkzeug",
}


class TestPackaging(BaseCase):
    """What the wheel declares matches what the code imports."""

    def _third_party_imports(self):
        found = {}
        for folder in ("controllers", "models", "reports", "tools", "wizards"):
            for path in sorted(ADDON_DIR.joinpath(folder).rglob("*.py")):
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom) and not node.level:
                        names = [node.module]
                    else:
                        continue
                    for name in names:
                        top = name.split(".")[0]
                        if top != "odoo" and top not in sys.stdlib_module_names:
                            found.setdefault(top, path.relative_to(ADDON_DIR))
        return found

    def test_imported_libraries_are_declared(self):
        from importlib.metadata import packages_distributions  # noqa: PLC0415

        declared = {
            name.lower()
            for name in get_manifest("customer_service")["external_dependencies"][
                "python"
            ]
        }
        distributions = packages_distributions()
        for module, path in self._third_party_imports().items():
            if module in ODOO_CORE_LIBS:
                continue
            with self.subTest(module=module):
                dists = {d.lower() for d in distributions.get(module, [module])}
                self.assertTrue(
                    dists & declared,
                    f"{path} imports {module}; add {sorted(dists)} to the manifest's "
                    "external_dependencies",
                )

    def test_tools_load_without_heavy_libraries(self):
        # A fresh interpreter: this server has long imported both for other tests.
        script = (
            "import importlib.util, sys\n"
            "spec = importlib.util.spec_from_file_location('cs_tools', sys.argv[1],"
            " submodule_search_locations=[sys.argv[2]])\n"
            "module = importlib.util.module_from_spec(spec)\n"
            "sys.modules['cs_tools'] = module\n"
            "spec.loader.exec_module(module)\n"
            "print(sorted({'matplotlib', 'magic'} & set(sys.modules)))\n"
        )
        tools = ADDON_DIR / "tools"
        out = subprocess.run(
            [sys.executable, "-c", script, str(tools / "__init__.py"), str(tools)],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        self.assertEqual(out.stdout.strip(), "[]", out.stderr)
