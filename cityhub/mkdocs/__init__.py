"""The adapter to MkDocs and Material for MkDocs: everything that knows their
internals lives here, so the hub can move to another engine by replacing this
package and ``hooks/``."""
