"""Contributors' and editors' tools built on the content model: new files from
the model, the GitHub issue form, the submission form's definition, the
editors' review report. Uses :mod:`cityhub.content` only."""
