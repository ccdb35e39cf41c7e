"""The PDF reader (pdfplumber): ``read_pdf`` turns a PDF's bytes into blocks with pages and boxes.

The family, one stage per module: ``layout`` (characters into lines and
segments, page furniture), ``tables`` (ruled and borderless tables),
``wordbreak`` with ``danish`` (words broken at line ends inside cells),
``reader`` (pages into blocks), all tuned by one ``settings.PdfSettings``.
"""

from pipeline.read.pdf.reader import pages_to_blocks, read_pdf
from pipeline.read.pdf.settings import PdfSettings

__all__ = ["PdfSettings", "pages_to_blocks", "read_pdf"]
