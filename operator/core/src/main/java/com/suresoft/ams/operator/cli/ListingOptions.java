package com.suresoft.ams.operator.cli;

import picocli.CommandLine.Option;

/**
 * The options of the verbs that show instances ({@code status}, {@code list}): scope and format.
 */
public final class ListingOptions {
  @Option(
      names = {"-A", "--all-namespaces"},
      description = "Every namespace.")
  boolean allNamespaces;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table, json or yaml. Default: ${DEFAULT-VALUE}.")
  OutputFormat output;
}
