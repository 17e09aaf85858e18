"""The clerk's web page (`gongwen ui`): server-rendered pages over the application API.

Like the command line, every route parses what the clerk asked for, calls one function of
generator.app and shows its result; what a page needs beyond that (a zip of downloads, the
progress of a running build) is presentation, not a second implementation of any step.
"""

from generator.web.server import serve

__all__ = ["serve"]
