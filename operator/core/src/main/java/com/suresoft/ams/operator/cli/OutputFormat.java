package com.suresoft.ams.operator.cli;

/** {@code -o} of the client commands: aligned text for people, JSON or YAML for scripts. */
public enum OutputFormat {
  table,
  json,
  yaml
}
