"""The reset workspace in the browser: the plan, what-ifs in seconds, for people who do not use
a command line. It only presents: every number comes from `reset` and `outputs`."""
