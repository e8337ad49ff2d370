hex_api_token = "hxtw_ALLrulesFIXTUREtfvarsTOKEN4444"
