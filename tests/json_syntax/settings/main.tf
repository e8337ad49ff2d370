terraform {
  required_version = ">= 1.5.0"

  backend "local" {
    path = "state/$${not-a-template}.tfstate"
  }
}

variable "unused" {
  type    = map(list(string))
  default = {}
}

output "first" {
  value      = "${var.unused}"
  depends_on = []
}
