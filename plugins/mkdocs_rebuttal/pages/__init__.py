"""What the site says: the Markdown, maps, JSON-LD and downloads made from a debate. No MkDocs
here; `plugin` puts them into a build, `cli.export` into files."""
