"""Files on disk -> the typed module that rules read.

`discover` finds the files and groups them by directory, `source` reads and decodes them,
`loader` parses what matters into a `ParsedModule`, `scope` gives names their values
(variables, locals, tfvars), `schema` validates each resource, and `resource` is what rules
see: a `Resource` and a `Module`.
"""
