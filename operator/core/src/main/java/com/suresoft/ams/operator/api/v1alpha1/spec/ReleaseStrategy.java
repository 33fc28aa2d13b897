package com.suresoft.ams.operator.api.v1alpha1.spec;

/** How a new {@code spec.version} reaches users. */
public enum ReleaseStrategy {
  RollingUpdate,
  BlueGreen,
  Canary
}
