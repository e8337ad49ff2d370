terraform {
  required_version = ">= 1.7.0"
}

resource "terraform_data" "kept" {
  input = "one"
}

resource "terraform_data" "indexed" {
  count = 1
}

moved {
  from = terraform_data.old
  to   = terraform_data.kept
}

moved {
  from = terraform_data.older[0]
  to   = terraform_data.indexed[0]
}

removed {
  from = terraform_data.gone

  lifecycle {
    destroy = false
  }
}

import {
  to = terraform_data.kept
  id = "kept-${terraform.workspace}"
}
