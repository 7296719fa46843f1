"""The public website: a rendering of the content model through MkDocs and Material."""
