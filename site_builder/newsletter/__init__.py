"""Email newsletters: renderings of the same content model as the website."""
