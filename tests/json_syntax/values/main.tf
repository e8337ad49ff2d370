# Variables, locals and outputs: templates, literal arguments, type expressions.
variable "name" {
  type        = string
  default     = "world"
  description = "Who to greet; $${this} is not a template here."
}

variable "sizes" {
  type     = list(number)
  default  = [1, 2.5, -3, 1e3]
  nullable = false
}

variable "settings" {
  type      = object({ enabled = bool, tags = optional(map(string), {}) })
  default   = { enabled = true, tags = { team = "$${not.a.template}" } }
  sensitive = false

  validation {
    condition     = "${length(var.settings.tags) < 10}"
    error_message = "At most nine tags."
  }

  validation {
    condition     = "${var.settings.enabled || !var.settings.enabled}"
    error_message = "Always true."
  }
}

locals {
  # Comments are allowed in bodies.
  greeting    = "Hello, ${var.name}!"
  how_many    = "${length(var.sizes)}"
  shout       = "${upper("hi")} ${lower(var.name)}"
  list        = ["a", "${var.name}", 3, true, null]
  map         = { a = 1, b = "${var.name}", "//" = "a key like any other here" }
  choice      = "%{ if var.name != "" }named%{ else }anonymous%{ endif }"
  escaped     = "tab\there \"quoted\" back\\slash $${literal} %%{literal}"
  unicode     = "café 😀 naïve"
  nested      = { outer = { inner = ["${var.sizes[0]}", "${var.settings.tags["team"]}"] } }
  for_list    = "${[for s in var.sizes : s * 2 if s > 0]}"
  conditional = "${var.name == "world" ? 1 : 2}"
}

output "greeting" {
  value       = "${local.greeting}"
  description = "The greeting ($${not} interpolated)."
  sensitive   = false

  precondition {
    condition     = "${local.greeting != ""}"
    error_message = "Empty greeting for ${var.name}."
  }
}

output "sizes" {
  value = "${var.sizes}"
}
