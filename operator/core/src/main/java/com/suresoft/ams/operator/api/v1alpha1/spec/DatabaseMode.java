package com.suresoft.ams.operator.api.v1alpha1.spec;

/** Who runs PostgreSQL for an instance. */
public enum DatabaseMode {
  /** The operator runs a PostgreSQL StatefulSet (primary + streaming replicas). */
  Managed,
  /** The user provides a database; a Secret holds its {@code database-url}. */
  External,
  /** The operator emits a CloudNativePG {@code Cluster} (automated failover). */
  CloudNativePG
}
