"""Files published beside the pages: open data, the Atom feed, JSON Schemas.
Uses :mod:`cityhub.content`, the site's addresses and the contributors' form
definition."""
