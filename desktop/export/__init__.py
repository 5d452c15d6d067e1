"""The deal memo and other exports.

``memo`` holds what a memo prints (from one analysis), ``pdf`` lays it out on one page, ``markdown`` writes
it as Markdown, ``files`` names and writes the files (charts as PNG, one PDF per scored memo).
"""
