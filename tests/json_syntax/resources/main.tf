resource "terraform_data" "first" {
  # input is an argument of any type: an object here, not a block
  input            = { name = "first", sizes = [1, 2], deep = { k = "${path.module}" } }
  triggers_replace = ["${terraform.workspace}"]

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [input, triggers_replace]

    precondition {
      condition     = "${terraform.workspace != ""}"
      error_message = "No workspace."
    }

    postcondition {
      condition     = "${self.id != ""}"
      error_message = "No id."
    }
  }

  provisioner "local-exec" {
    command     = "echo created ${self.id}"
    environment = { KEY = "v" }
  }

  provisioner "local-exec" {
    command    = "echo bye"
    when       = destroy
    on_failure = continue
  }
}

resource "terraform_data" "counted" {
  count      = 2
  input      = "${count.index}"
  depends_on = [terraform_data.first]

  lifecycle {
    ignore_changes       = all
    replace_triggered_by = [terraform_data.first]
  }
}

resource "terraform_data" "each" {
  for_each = "${toset(["a", "b"])}"
  input    = "${each.key}-${terraform_data.counted[0].output}"
}

check "workspace" {
  assert {
    condition     = "${terraform.workspace != ""}"
    error_message = "No workspace."
  }
}
