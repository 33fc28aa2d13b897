package com.suresoft.ams.operator.cli;

import picocli.CommandLine.IVersionProvider;

/** The jar's version from its manifest. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"ams-operator " + (version == null ? "development" : version)};
  }
}
