"""A report as Markdown, HTML, Word (docx) or PDF; each renderer reads only the Report."""
