"""Parse a DCAT file with ckanext-dcat's RDFParser (profile euro_dcat_ap_3); print the CKAN datasets as JSON.

Run by tests/test_ckanext_dcat.py in the interpreter of .venv-ckan (CKAN and
ckanext-dcat, which pin versions of their own): ``python ckanext_dcat_parse.py FILE FORMAT``.
"""

import json
import sys

from ckanext.dcat.processors import RDFParser

parser = RDFParser(profiles=["euro_dcat_ap_3"])
with open(sys.argv[1], encoding="utf-8") as handle:
    parser.parse(handle.read(), _format=sys.argv[2])
json.dump(list(parser.datasets()), sys.stdout, ensure_ascii=False)
