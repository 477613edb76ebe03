"""The site, engine-neutral: the kinds of page the hub generates and their
addresses, rendering with Jinja, search metadata, the explore page's facets,
maps and the Content-Security-Policy. Uses :mod:`cityhub.content` and the
definitions of :mod:`cityhub.contribute`."""
