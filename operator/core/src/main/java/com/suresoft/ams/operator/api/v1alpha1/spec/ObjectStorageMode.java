package com.suresoft.ams.operator.api.v1alpha1.spec;

/** Who runs the S3-compatible object storage for an instance. */
public enum ObjectStorageMode {
  /** The operator runs a MinIO StatefulSet. */
  Managed,
  /** The user provides S3-compatible storage; a Secret holds its endpoint and keys. */
  External
}
