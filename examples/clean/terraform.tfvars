revision_id = "2024-06-r1"
